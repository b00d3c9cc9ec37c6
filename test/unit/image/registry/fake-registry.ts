// A loopback fake of the OCI distribution API for protocol tests: manifests, blobs (optionally
// redirected to a second "storage" origin), Range, uploads (POST/PATCH/PUT, mount), tags with
// pagination, and basic or bearer auth with its own token endpoint. Every request is logged.
import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttp } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './tls-fixture';

export interface LoggedRequest { method: string; url: string; authorization?: string; range?: string; accept?: string; body?: string }

export interface FakeOptions {
  auth?: 'none' | 'basic' | 'bearer';
  /** Credentials the registry (basic) or the token endpoint (bearer) accepts; none = anonymous tokens. */
  user?: { username: string; password: string };
  /** Refresh token accepted by the POST token form. */
  refreshToken?: string;
  tls?: boolean;
  /** With tls: demand a client certificate signed by the test CA. */
  clientCert?: boolean;
  /** Send blob GETs to a second origin with a signed URL. */
  redirectBlobs?: boolean;
  ignoreRange?: boolean;
  tokenExpiresIn?: number;
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const errorBody = (code: string, message: string): string => JSON.stringify({ errors: [{ code, message, detail: null }] });

export class FakeRegistry {
  readonly manifests = new Map<string, { mediaType: string; bytes: Buffer }>();
  readonly blobs = new Map<string, Buffer>();
  readonly log: LoggedRequest[] = [];
  readonly storageLog: LoggedRequest[] = [];
  readonly tokens = new Map<string, string>();
  /** Hooks that answer before the normal routes (fault injection); return true when handled. */
  readonly hooks: Array<(req: IncomingMessage, res: ServerResponse) => boolean> = [];
  tokenRequests = 0;
  private readonly uploads = new Map<string, Buffer[]>();
  private server!: Server;
  private storage!: Server;
  host = '';
  private storageOrigin = '';

  constructor(readonly opts: FakeOptions = {}) {}

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    const mtls = this.opts.clientCert ? { ca: TEST_CA_PEM, requestCert: true, rejectUnauthorized: true } : {};
    this.server = this.opts.tls ? createHttps({ cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM, ...mtls }, handler) : createHttp(handler);
    this.storage = createHttp((req, res) => this.serveStorage(req, res));
    await Promise.all([listen(this.server), listen(this.storage)]);
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.storageOrigin = `http://127.0.0.1:${(this.storage.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of [this.server, this.storage]) s.closeAllConnections();
    await Promise.all([close(this.server), close(this.storage)]);
  }

  get origin(): string {
    return `${this.opts.tls ? 'https' : 'http'}://${this.host}`;
  }

  addBlob(bytes: Buffer): { digest: string; size: number } {
    const digest = sha256(bytes);
    this.blobs.set(digest, bytes);
    return { digest, size: bytes.length };
  }

  addManifest(repo: string, tag: string | undefined, mediaType: string, bytes: Buffer): string {
    const digest = sha256(bytes);
    this.manifests.set(`${repo}@${digest}`, { mediaType, bytes });
    if (tag) this.manifests.set(`${repo}:${tag}`, { mediaType, bytes });
    return digest;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const url = new URL(req.url ?? '/', 'http://x');
    this.log.push({
      method: req.method ?? '', url: req.url ?? '',
      ...(req.headers.authorization && { authorization: req.headers.authorization }),
      ...(req.headers.range && { range: req.headers.range }),
      ...(req.headers.accept && { accept: req.headers.accept }),
      ...(body.length > 0 && url.pathname === '/token' && { body: body.toString() }),
    });
    if (this.hooks.some((h) => h(req, res))) return;
    if (url.pathname === '/token') return this.token(req, res, url, body);
    const scope = this.authorized(req, url);
    if (scope !== true) return this.challenge(res, scope);
    this.route(req, res, url, body);
  }

  private route(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    if (url.pathname === '/v2/') return void res.end('{}');
    let m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (m) return req.method === 'PUT' ? this.putManifest(req, res, m[1]!, m[2]!, body) : this.getManifest(req, res, m[1]!, m[2]!);
    m = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(url.pathname);
    if (m) return this.upload(req, res, url, m[1]!, m[2]!, body);
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(url.pathname);
    if (m) return this.getBlob(req, res, m[1]!, m[2]!);
    m = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (m) return this.tags(res, url, m[1]!);
    res.writeHead(404).end(errorBody('NOT_FOUND', 'no route'));
  }

  // true when the request may proceed, else the scope to put in the challenge.
  private authorized(req: IncomingMessage, url: URL): true | string {
    const repo = /^\/v2\/(.+)\/(?:manifests|blobs|tags)\//.exec(url.pathname)?.[1];
    const push = req.method !== 'GET' && req.method !== 'HEAD';
    const scope = repo ? `repository:${repo}:${push ? 'pull,push' : 'pull'}` : '';
    const header = req.headers.authorization ?? '';
    if (this.opts.auth === 'basic') {
      const u = this.opts.user!;
      return header === `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}` ? true : scope;
    }
    if (this.opts.auth === 'bearer') {
      const granted = this.tokens.get(header.replace(/^Bearer /, ''));
      if (granted === undefined) return scope;
      return !repo || granted.split(' ').some((s) => s === scope || (!push && s === `repository:${repo}:pull,push`)) ? true : scope;
    }
    return true;
  }

  private challenge(res: ServerResponse, scope: string): void {
    const value = this.opts.auth === 'basic'
      ? 'Basic realm="fake"'
      : `Bearer realm="${this.origin}/token",service="fake-registry"${scope ? `,scope="${scope}"` : ''}`;
    res.writeHead(401, { 'www-authenticate': value, 'content-type': 'application/json' })
      .end(errorBody('UNAUTHORIZED', 'authentication required'));
  }

  private token(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    this.tokenRequests++;
    const u = this.opts.user;
    let ok = !u;
    let scopes = url.searchParams.getAll('scope');
    if (req.method === 'POST') {
      const form = new URLSearchParams(body.toString());
      ok = form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === this.opts.refreshToken;
      scopes = (form.get('scope') ?? '').split(' ').filter((s) => s);
    } else if (u && req.headers.authorization === `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`) ok = true;
    if (!ok) return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ details: 'incorrect username or password' }));
    const token = randomUUID();
    this.tokens.set(token, scopes.join(' '));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ token, access_token: token, expires_in: this.opts.tokenExpiresIn ?? 300 }));
  }

  private getManifest(req: IncomingMessage, res: ServerResponse, repo: string, ref: string): void {
    const m = this.manifests.get(ref.includes(':') ? `${repo}@${ref}` : `${repo}:${ref}`);
    if (!m) return void res.writeHead(404, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : errorBody('MANIFEST_UNKNOWN', 'manifest unknown'));
    res.writeHead(200, { 'content-type': m.mediaType, 'content-length': m.bytes.length, 'docker-content-digest': sha256(m.bytes) });
    res.end(req.method === 'HEAD' ? undefined : m.bytes);
  }

  private putManifest(req: IncomingMessage, res: ServerResponse, repo: string, ref: string, body: Buffer): void {
    const digest = this.addManifest(repo, ref.includes(':') ? undefined : ref, req.headers['content-type'] ?? '', body);
    res.writeHead(201, { 'docker-content-digest': digest, location: `/v2/${repo}/manifests/${digest}` }).end();
  }

  private getBlob(req: IncomingMessage, res: ServerResponse, _repo: string, digest: string): void {
    const blob = this.blobs.get(digest);
    if (!blob) return void res.writeHead(404, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : errorBody('BLOB_UNKNOWN', 'blob unknown to registry'));
    if (this.opts.redirectBlobs && req.method === 'GET') {
      return void res.writeHead(307, { location: `${this.storageOrigin}/storage/${digest}?X-Amz-Signature=sekrit` }).end();
    }
    this.sendBytes(req, res, blob);
  }

  private serveStorage(req: IncomingMessage, res: ServerResponse): void {
    this.storageLog.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization && { authorization: req.headers.authorization }), ...(req.headers.range && { range: req.headers.range }) });
    const blob = this.blobs.get(new URL(req.url ?? '/', 'http://x').pathname.replace('/storage/', ''));
    if (!blob) return void res.writeHead(404).end();
    this.sendBytes(req, res, blob);
  }

  private sendBytes(req: IncomingMessage, res: ServerResponse, blob: Buffer): void {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !this.opts.ignoreRange) {
      const start = Number(range[1]);
      res.writeHead(206, { 'content-length': blob.length - start, 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` });
      return void res.end(req.method === 'HEAD' ? undefined : blob.subarray(start));
    }
    res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': sha256(blob) });
    res.end(req.method === 'HEAD' ? undefined : blob);
  }

  private upload(req: IncomingMessage, res: ServerResponse, url: URL, repo: string, id: string, body: Buffer): void {
    if (req.method === 'POST') {
      const mount = url.searchParams.get('mount');
      if (mount && this.blobs.has(mount) && url.searchParams.get('from')) {
        return void res.writeHead(201, { location: `/v2/${repo}/blobs/${mount}` }).end();
      }
      const uuid = randomUUID();
      this.uploads.set(uuid, []);
      return void res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${uuid}?_state=abc`, 'docker-upload-uuid': uuid }).end();
    }
    const parts = this.uploads.get(id);
    if (!parts) return void res.writeHead(404).end(errorBody('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry'));
    parts.push(body);
    if (req.method === 'PATCH') return void res.writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}?_state=def` }).end();
    const all = Buffer.concat(parts);
    if (sha256(all) !== url.searchParams.get('digest')) return void res.writeHead(400).end(errorBody('DIGEST_INVALID', 'provided digest did not match uploaded content'));
    this.blobs.set(sha256(all), all);
    this.uploads.delete(id);
    res.writeHead(201, { location: `/v2/${repo}/blobs/${sha256(all)}`, 'docker-content-digest': sha256(all) }).end();
  }

  private tags(res: ServerResponse, url: URL, repo: string): void {
    const all = [...this.manifests.keys()].filter((k) => k.startsWith(`${repo}:`)).map((k) => k.slice(repo.length + 1)).sort();
    if (all.length === 0) return void res.writeHead(404).end(errorBody('NAME_UNKNOWN', 'repository name not known to registry'));
    const n = Number(url.searchParams.get('n') ?? 2);
    const last = url.searchParams.get('last');
    const start = last ? all.indexOf(last) + 1 : 0;
    const page = all.slice(start, start + n);
    if (start + n < all.length) res.setHeader('link', `</v2/${repo}/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name: repo, tags: page }));
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(s: Server): Promise<void> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
}

function close(s: Server): Promise<void> {
  return new Promise((resolve) => s.close(() => resolve()));
}
