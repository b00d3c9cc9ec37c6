// The HTTP layer of the registry client: node:http/node:https with keep-alive agents (one per TLS
// setting, several sockets per host so parallel blob fetches run in parallel), timeouts, abort,
// and redirects for GET/HEAD that drop Authorization when they leave the origin.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import type { TlsSettings } from './tls';

/** Connection limits and timeouts of a client. */
export interface HttpOptions {
  /** Sockets per host (and per TLS setting). */
  maxSockets?: number;
  /** Connect (TCP + TLS) timeout. */
  connectTimeoutMs?: number;
  /** From sending the request to the response headers. */
  responseTimeoutMs?: number;
  /** Socket inactivity while a response body streams. */
  idleTimeoutMs?: number;
  /** Buffered bytes per response stream before the socket is paused. */
  highWaterMark?: number;
}

/** One HTTP request as the session builds it. */
export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** Buffer, or a factory so the body can be sent again after a fallback or a 401. */
  body?: Buffer | (() => Readable);
  tls?: TlsSettings;
  signal?: AbortSignal;
  connectTimeoutMs?: number;
}

/** A request that failed before any response, with a code errors.ts understands. */
export class TransportError extends Error {
  readonly code: string;
  constructor(code: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
  }
}

const DEFAULTS: Required<HttpOptions> = {
  maxSockets: 8, connectTimeoutMs: 30_000, responseTimeoutMs: 120_000, idleTimeoutMs: 120_000, highWaterMark: 1 << 20,
};
const MAX_REDIRECTS = 10;

/** Keep-alive agents shared by every request of one registry client. */
export class AgentPool {
  readonly options: Required<HttpOptions>;
  private readonly http: HttpAgent;
  private readonly https = new Map<string, HttpsAgent>();

  constructor(options: HttpOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.http = new HttpAgent(this.agentOptions());
  }

  private agentOptions(): Record<string, unknown> {
    return { keepAlive: true, maxSockets: this.options.maxSockets, maxFreeSockets: this.options.maxSockets, scheduling: 'lifo', highWaterMark: this.options.highWaterMark };
  }

  agentFor(url: URL, tls?: TlsSettings): HttpAgent | HttpsAgent {
    if (url.protocol === 'http:') return this.http;
    const key = tls?.key ?? '';
    let agent = this.https.get(key);
    if (!agent) {
      agent = new HttpsAgent({
        ...this.agentOptions(),
        rejectUnauthorized: tls?.rejectUnauthorized ?? true,
        ...(tls?.ca && { ca: tls.ca }),
        ...(tls?.cert && { cert: tls.cert, key: tls.keyPem }),
      });
      this.https.set(key, agent);
    }
    return agent;
  }

  /** Closes idle sockets; in-flight requests finish. */
  close(): void {
    this.http.destroy();
    for (const a of this.https.values()) a.destroy();
    this.https.clear();
  }
}

/** Sends one request and resolves with the response head; the body is the caller's to consume. */
export function send(pool: AgentPool, req: HttpRequest): Promise<IncomingMessage> {
  const o = pool.options;
  return new Promise((resolve, reject) => {
    const doRequest = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: OutgoingHttpHeaders = { ...req.headers };
    if (Buffer.isBuffer(req.body)) headers['content-length'] = req.body.length;
    const cr = doRequest(req.url, { method: req.method, headers, agent: pool.agentFor(req.url, req.tls), ...(req.signal && { signal: req.signal }) });
    const fail = (err: Error): void => {
      clearTimeout(timer);
      cr.destroy(err);
    };
    cr.setTimeout(o.idleTimeoutMs, () => fail(new TransportError('ETIMEDOUT', 'connection idle timeout')));
    // The response clock starts once the body is sent: uploads may take long, the server's answer should not.
    let timer: NodeJS.Timeout | undefined;
    cr.once('finish', () => {
      timer = setTimeout(() => fail(new TransportError('ETIMEDOUT', 'timed out waiting for the response')), o.responseTimeoutMs);
    });
    cr.once('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => fail(new TransportError('ETIMEDOUT', 'connect timed out')), req.connectTimeoutMs ?? o.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    // When the body fails, pipeline aborts the request, which then reports a mere "socket hang up".
    let bodyError: Error | undefined;
    cr.once('error', (err) => {
      clearTimeout(timer);
      reject(bodyError ?? err);
    });
    cr.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    writeBody(cr, req.body, headers['content-length'], (err) => {
      bodyError ??= err;
      fail(err);
    });
  });
}

function writeBody(cr: ClientRequest, body: HttpRequest['body'], declared: OutgoingHttpHeaders[string], onBodyError: (err: Error) => void): void {
  if (body === undefined) cr.end();
  else if (Buffer.isBuffer(body)) cr.end(body);
  else {
    const source = body();
    const streams: Array<Readable | Transform> = [source];
    if (declared !== undefined) streams.push(lengthGuard(Number(declared)));
    for (const s of streams) s.once('error', onBodyError);
    // pipeline destroys the request when the body fails, and the body when the request fails.
    pipeline([...streams, cr], () => {});
  }
}

// A body longer or shorter than its Content-Length must fail the request, not desynchronize the connection.
function lengthGuard(declared: number): Transform {
  let seen = 0;
  const mismatch = (): Error => Object.assign(new Error(`body length does not match Content-Length ${declared}`), { code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > declared ? mismatch() : null, chunk);
    },
    flush(done) {
      done(seen === declared ? null : mismatch());
    },
  });
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Like send, following redirects for GET and HEAD (registries send blob GETs to storage). */
export async function sendFollowingRedirects(pool: AgentPool, req: HttpRequest): Promise<IncomingMessage> {
  let current = req;
  for (let hops = 0; ; hops++) {
    const res = await send(pool, current);
    const location = res.headers.location;
    if (!isRedirect(res.statusCode) || !location || (current.method !== 'GET' && current.method !== 'HEAD')) return res;
    res.resume();
    if (hops >= MAX_REDIRECTS) throw new TransportError('EREDIRECT', `stopped after ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current.url);
    const headers = { ...current.headers };
    if (next.origin !== current.url.origin) delete headers['authorization'];
    current = { ...current, url: next, headers };
  }
}
