// One registry host's connection state: its endpoints (mirrors then upstream), their TLS settings
// and scheme (HTTPS with optional fallback to HTTP), authorization, and the request loop that tries
// endpoints in order and maps failures to NerdtsError.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { NerdtsError, isNerdtsError } from '../../errors';
import { Authorizer } from './auth';
import { cachedCredentialsLookup, nodeCredentialDeps } from './credentials';
import type { CredentialDeps, Credentials } from './credentials';
import { isHttpFallbackError, networkError, responseError } from './errors';
import type { FailureSubject } from './errors';
import { resolveEndpoints, nodeHostsFs } from './hosts';
import type { Capability, HostsFs, HostsOptions, RegistryEndpoint } from './hosts';
import { AgentPool, send, sendFollowingRedirects } from './http';
import type { HttpOptions } from './http';
import { nodeTlsDeps, tlsSettingsFor } from './tls';
import type { TlsDeps, TlsSettings } from './tls';

/** Everything a registry client can be configured with. */
export interface RegistryOptions extends HostsOptions, HttpOptions {
  /** Fixed credentials (login), or a lookup by endpoint host; default: docker's config.json. */
  credentials?: Credentials | ((host: string) => Promise<Credentials | undefined>);
  userAgent?: string;
  hostsFs?: HostsFs;
  tlsDeps?: TlsDeps;
  credentialDeps?: CredentialDeps;
  now?: () => number;
  /** Share sockets between clients (e.g. several pulls in one compose up). */
  pool?: AgentPool;
}

/** An endpoint plus what this session learned about it. */
export interface Endpoint extends RegistryEndpoint {
  down?: boolean;
  tls?: Promise<TlsSettings>;
}

/** One registry API call, before an endpoint is chosen. */
export interface RegistryRequest {
  capability: Capability;
  method: string;
  /** Path below the API root, e.g. `/library/busybox/manifests/latest`. */
  path?: string;
  /** An absolute URL given by the registry (upload location, next page); needs `endpoint`. */
  url?: URL;
  endpoint?: Endpoint;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Buffer, or a factory so the body can be sent again after an HTTP fallback or a 401. */
  body?: Buffer | (() => Readable);
  scopes: readonly string[];
  redirects?: boolean;
  signal?: AbortSignal | undefined;
  /** Error statuses handed back to the caller instead of thrown (e.g. 404 for "exists?"). */
  allow?: readonly number[];
  subject: FailureSubject;
}

/** The response head, the endpoint that gave it and the URL asked. */
export interface RegistryResponse { res: IncomingMessage; endpoint: Endpoint; url: URL }

const USER_AGENT = 'nerdts/0.1';

function endpointUrl(ep: Endpoint, path: string, query: Record<string, string> | undefined): URL {
  const url = new URL(`${ep.scheme}://${ep.host}${ep.path}${path}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  if (ep.namespace) url.searchParams.set('ns', ep.namespace);
  return url;
}

// Lower ranks lose: network trouble < not found < other registry errors (containerd's order).
function errorRank(err: unknown): number {
  if (!isNerdtsError(err)) return 0;
  if (err.code === 'not-found') return 2;
  return err.code === 'unavailable' || err.code === 'deadline-exceeded' ? 1 : 3;
}

/** Connection and authorization state for one registry host (`docker.io`, `127.0.0.1:5000`). */
export class RegistrySession {
  readonly registry: string;
  readonly pool: AgentPool;
  private readonly options: RegistryOptions;
  private readonly auth: Authorizer;
  private endpointList?: Promise<Endpoint[]>;
  private readonly ownsPool: boolean;

  constructor(registry: string, options: RegistryOptions = {}) {
    this.registry = registry;
    this.options = options;
    this.ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new AgentPool(options);
    const creds = options.credentials;
    const lookup = typeof creds === 'function' ? creds
      : creds !== undefined ? () => Promise.resolve(creds)
        : cachedCredentialsLookup(options.credentialDeps ?? nodeCredentialDeps);
    this.auth = new Authorizer({
      pool: this.pool, credentials: lookup, userAgent: options.userAgent ?? USER_AGENT, registry,
      now: options.now ?? Date.now, tls: (host, url) => this.tlsForHost(host, url),
    });
  }

  /** Endpoints able to do `capability`, in the order they are tried. */
  async endpoints(capability?: Capability): Promise<Endpoint[]> {
    this.endpointList ??= resolveEndpoints(this.registry, this.options, this.options.hostsFs ?? nodeHostsFs)
      .then((list) => list.map((e) => ({ ...e })));
    const all = await this.endpointList;
    return capability ? all.filter((e) => e.capabilities.includes(capability)) : all;
  }

  private tlsFor(ep: Endpoint): Promise<TlsSettings> {
    ep.tls ??= tlsSettingsFor(ep, this.options.tlsDeps ?? nodeTlsDeps);
    return ep.tls;
  }

  private async tlsForHost(host: string, url: URL): Promise<TlsSettings | undefined> {
    if (url.protocol !== 'https:') return undefined;
    const ep = (await this.endpoints()).find((e) => e.host === host);
    return ep ? this.tlsFor(ep) : undefined;
  }

  /** Sends a request to the first endpoint that answers it; throws mapped errors. */
  async request(req: RegistryRequest): Promise<RegistryResponse> {
    const all = req.endpoint ? [req.endpoint] : await this.endpoints(req.capability);
    if (all.length === 0) {
      throw new NerdtsError('failed-precondition', `no endpoint of ${this.registry} is allowed to ${req.capability}`,
        { hint: 'check "capabilities" in the hosts.toml of this registry' });
    }
    const live = all.filter((e) => !e.down);
    const eps = live.length > 0 ? live : all;
    let best: unknown;
    for (let i = 0; i < eps.length; i++) {
      const ep = eps[i]!;
      const last = i === eps.length - 1;
      try {
        const r = await this.attempt(ep, req);
        const status = r.res.statusCode ?? 0;
        if (status < 400 || (req.allow?.includes(status) && (last || status !== 404))) return r;
        const err = await responseError(r.res, req.subject);
        if (best === undefined || errorRank(err) > errorRank(best)) best = err;
      } catch (err) {
        if (isNerdtsError(err) && err.code === 'canceled') throw err;
        if (!last && isNerdtsError(err) && (err.code === 'unavailable' || err.code === 'deadline-exceeded')) ep.down = true;
        if (best === undefined || errorRank(err) > errorRank(best)) best = err;
      }
    }
    throw best;
  }

  // One endpoint: HTTPS->HTTP fallback at most once, 401 -> new credentials at most once.
  private async attempt(ep: Endpoint, req: RegistryRequest): Promise<RegistryResponse> {
    let authorization = await this.auth.header(ep.host, req.scopes, req.signal);
    let fellBack = false;
    let reauthorized = false;
    for (;;) {
      const url = req.url ?? endpointUrl(ep, req.path ?? '', req.query);
      let res: IncomingMessage;
      try {
        res = await this.sendOnce(ep, req, url, authorization);
      } catch (err) {
        if (!fellBack && ep.scheme === 'https' && ep.httpFallback && !req.url && isHttpFallbackError(err)) {
          ep.scheme = 'http';
          fellBack = true;
          continue;
        }
        throw isNerdtsError(err) ? err : networkError(url.host, err);
      }
      if (res.statusCode === 401 && !reauthorized && await this.auth.unauthorized(ep.host, res, req.scopes, authorization)) {
        res.resume();
        reauthorized = true;
        authorization = await this.auth.header(ep.host, req.scopes, req.signal);
        continue;
      }
      return { res, endpoint: ep, url };
    }
  }

  private async sendOnce(ep: Endpoint, req: RegistryRequest, url: URL, authorization: string | undefined): Promise<IncomingMessage> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? USER_AGENT };
    for (const [k, v] of Object.entries(ep.headers)) headers[k.toLowerCase()] = v.join(', ');
    Object.assign(headers, req.headers);
    if (authorization) headers['authorization'] = authorization;
    const tls = url.protocol === 'https:' ? await this.tlsFor(ep) : undefined;
    const sender = req.redirects ? sendFollowingRedirects : send;
    return sender(this.pool, {
      method: req.method, url, headers,
      ...(req.body !== undefined && { body: req.body }),
      ...(tls && { tls }),
      ...(req.signal && { signal: req.signal }),
      ...(ep.dialTimeoutMs !== undefined && { connectTimeoutMs: ep.dialTimeoutMs }),
    });
  }

  /** Releases idle sockets (only when this session created the pool). */
  close(): void {
    if (this.ownsPool) this.pool.close();
  }
}
