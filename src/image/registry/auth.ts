// Registry authorization: remembers the last challenge per endpoint, fetches bearer tokens (docker's
// token spec: GET with basic credentials or anonymous; the OAuth2 POST form with an identity token),
// caches them per scope set until they expire, and decides whether a 401 is worth one retry.
import type { IncomingMessage } from 'node:http';
import { NerdtsError } from '../../errors';
import { parseWwwAuthenticate } from './challenge';
import type { AuthChallenge } from './challenge';
import type { Credentials } from './credentials';
import { formatRegistryErrors, networkError, readBody } from './errors';
import { sendFollowingRedirects } from './http';
import type { AgentPool } from './http';
import type { TlsSettings } from './tls';

/** What the authorizer needs from its session. */
export interface AuthDeps {
  pool: AgentPool;
  /** Credentials for an endpoint host (`registry-1.docker.io`, `127.0.0.1:5000`). */
  credentials(host: string): Promise<Credentials | undefined>;
  /** TLS settings to reach the token server announced by an endpoint. */
  tls(endpointHost: string, url: URL): Promise<TlsSettings | undefined>;
  userAgent: string;
  now(): number;
  /** Registry host for messages and hints (`docker.io`). */
  registry: string;
}

interface CachedToken { promise: Promise<string>; expiresAt: number }

const DEFAULT_TOKEN_SECONDS = 60;
const TOKEN_BODY_LIMIT = 1 << 20;
const CLIENT_ID = 'nerdts';

/** `repository:<path>:pull` or `repository:<path>:pull,push`. */
export function repositoryScope(path: string, push = false): string {
  return `repository:${path}:${push ? 'pull,push' : 'pull'}`;
}

function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
}

function pickChallenge(challenges: AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params['realm']) ?? challenges.find((c) => c.scheme === 'basic');
}

/** Per-client authorization state; safe for concurrent requests. */
export class Authorizer {
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly deps: AuthDeps) {}

  /** The Authorization header for a request to an endpoint, or undefined (anonymous). */
  async header(endpointHost: string, scopes: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
    const ch = this.challenges.get(endpointHost);
    if (!ch) return undefined;
    const creds = await this.deps.credentials(endpointHost);
    if (ch.scheme === 'basic') return creds?.username !== undefined ? basicHeader(creds) : undefined;
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    return `Bearer ${await this.token(endpointHost, ch, creds, scopes, signal)}`;
  }

  /**
   * Records the challenge of a 401 response; true when a retry may succeed (a challenge nerdts can
   * answer, and either nothing was sent or the token may have expired or lacked scope).
   */
  async unauthorized(endpointHost: string, res: IncomingMessage, scopes: readonly string[], sent: string | undefined): Promise<boolean> {
    const ch = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
    if (!ch) return false;
    this.challenges.set(endpointHost, ch);
    if (ch.scheme === 'basic') {
      const creds = await this.deps.credentials(endpointHost);
      return sent === undefined && creds?.username !== undefined;
    }
    if (sent !== undefined) this.tokens.delete(this.tokenKey(ch, scopes));
    return true;
  }

  private tokenKey(ch: AuthChallenge, scopes: readonly string[]): string {
    return JSON.stringify([ch.params['realm'], ch.params['service'] ?? '', allScopes(ch, scopes)]);
  }

  private token(host: string, ch: AuthChallenge, creds: Credentials | undefined, scopes: readonly string[], signal?: AbortSignal): Promise<string> {
    const key = this.tokenKey(ch, scopes);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.deps.now()) return cached.promise;
    const entry: CachedToken = { promise: Promise.resolve(''), expiresAt: Infinity };
    entry.promise = this.fetchToken(host, ch, creds, allScopes(ch, scopes), signal).then((t) => {
      // Renew a little early so a request does not leave with a token that expires on the way.
      entry.expiresAt = this.deps.now() + Math.max(t.expiresIn - 5, 1) * 1000;
      return t.token;
    }, (err: unknown) => {
      this.tokens.delete(key);
      throw err;
    });
    this.tokens.set(key, entry);
    return entry.promise;
  }

  private async fetchToken(host: string, ch: AuthChallenge, creds: Credentials | undefined, scopes: string[], signal?: AbortSignal): Promise<{ token: string; expiresIn: number }> {
    let realm: URL;
    try {
      realm = new URL(ch.params['realm'] ?? '');
    } catch {
      throw new NerdtsError('unavailable', `registry ${this.deps.registry}: invalid token realm in authentication challenge`);
    }
    const service = ch.params['service'];
    const headers: Record<string, string> = { 'user-agent': this.deps.userAgent, accept: 'application/json' };
    let body: Buffer | undefined;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: CLIENT_ID });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      body = Buffer.from(form.toString());
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    } else {
      if (service) realm.searchParams.append('service', service);
      for (const s of scopes) realm.searchParams.append('scope', s);
      if (creds?.username !== undefined) headers['authorization'] = basicHeader(creds);
    }
    const tls = await this.deps.tls(host, realm);
    let res: IncomingMessage;
    try {
      res = await sendFollowingRedirects(this.deps.pool, {
        method: body ? 'POST' : 'GET', url: realm, headers, ...(body && { body }), ...(tls && { tls }), ...(signal && { signal }),
      });
    } catch (err) {
      throw networkError(realm.host, err);
    }
    return this.readToken(res, creds !== undefined);
  }

  private async readToken(res: IncomingMessage, withCredentials: boolean): Promise<{ token: string; expiresIn: number }> {
    const text = (await readBody(res, TOKEN_BODY_LIMIT, 'token response')).toString('utf8');
    const status = res.statusCode ?? 0;
    if (status === 401 || status === 403) {
      const why = formatRegistryErrors(text) ?? (withCredentials ? 'incorrect username or password' : 'access denied');
      const login = this.deps.registry === 'docker.io' ? 'nerdts login' : `nerdts login ${this.deps.registry}`;
      throw new NerdtsError('unauthorized', `${this.deps.registry}: unauthorized: ${why}`, { hint: `check the credentials (\`${login}\`)` });
    }
    if (status < 200 || status >= 300) {
      const why = formatRegistryErrors(text) ?? `${status} ${res.statusMessage ?? ''}`.trim();
      throw new NerdtsError('unavailable', `registry ${this.deps.registry}: token request failed: ${why}`);
    }
    let doc: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      throw new NerdtsError('unavailable', `registry ${this.deps.registry}: token response is not JSON`);
    }
    const token = typeof doc.access_token === 'string' && doc.access_token ? doc.access_token : doc.token;
    if (typeof token !== 'string' || !token) {
      throw new NerdtsError('unavailable', `registry ${this.deps.registry}: authorization server did not include a token in the response`);
    }
    const expiresIn = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : DEFAULT_TOKEN_SECONDS;
    return { token, expiresIn };
  }
}

function allScopes(ch: AuthChallenge, scopes: readonly string[]): string[] {
  const fromChallenge = ch.params['scope'] ? ch.params['scope'].split(' ').filter((s) => s) : [];
  return [...new Set([...scopes, ...fromChallenge])].sort();
}
