// Registry failures mapped once into NerdtsError: network and TLS errors with a one-line reason and a
// hint, HTTP statuses with the registry's JSON error text ({"errors":[{"code","message"}]}).
// Messages name hosts, repositories and digests only: never URLs (presigned storage URLs carry
// signatures), headers or credentials.
import type { IncomingMessage } from 'node:http';
import { NerdtsError } from '../../errors';
import type { ErrorCode } from '../../errors';

/** The hint for TLS trouble and HTTP/HTTPS mix-ups. */
export const INSECURE_HINT = 'use --insecure-registry or configure hosts.toml (ca, skip_verify) under --hosts-dir';
const ERROR_BODY_LIMIT = 64 * 1024;

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'temporary failure in name resolution',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EPIPE: 'broken pipe',
};

const CERT_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'INVALID_CA']);

/**
 * True when a failed HTTPS attempt means "this server speaks plain HTTP" (or nothing listens on
 * that port). Certificate errors are not: plain HTTP would not fix them, and they explain more.
 */
export function isHttpFallbackError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'ECONNREFUSED' || isPlainHttpServer(e);
}

function isPlainHttpServer(e: NodeJS.ErrnoException): boolean {
  return e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || e.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
    || e.code === 'ERR_SSL_HTTP_REQUEST' || /wrong version number|packet length too long|http request/i.test(e.message ?? '');
}

function isTlsError(e: NodeJS.ErrnoException): boolean {
  return CERT_CODES.has(e.code ?? '') || (e.code ?? '').startsWith('ERR_SSL_') || (e.code === 'EPROTO' && /ssl|tls/i.test(e.message ?? ''));
}

/** Maps an error raised before any response arrived. */
export function networkError(host: string, err: unknown): NerdtsError {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return new NerdtsError('canceled', `request to ${host} canceled`, { cause: err });
  if (e.code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH') {
    return new NerdtsError('invalid-argument', `request to ${host}: body length does not match its descriptor size`, { cause: err });
  }
  if (isPlainHttpServer(e)) {
    return new NerdtsError('unavailable', `registry ${host}: server gave HTTP response to HTTPS client`, { hint: INSECURE_HINT, cause: err });
  }
  if (CERT_CODES.has(e.code ?? '')) {
    return new NerdtsError('unavailable', `registry ${host}: TLS certificate verification failed: ${oneLine(e.message)}`, { hint: INSECURE_HINT, cause: err });
  }
  if (isTlsError(e)) {
    return new NerdtsError('unavailable', `registry ${host}: TLS handshake failed: ${oneLine(e.message)}`, { hint: INSECURE_HINT, cause: err });
  }
  if (e.code === 'ETIMEDOUT') {
    return new NerdtsError('deadline-exceeded', `registry ${host} unreachable: ${oneLine(e.message) || 'timed out'}`,
      { hint: 'check the network path to the registry (proxy, firewall)', cause: err });
  }
  const reason = NETWORK_REASONS[e.code ?? ''] ?? oneLine(e.message ?? String(err));
  const hint = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
    ? 'check the registry name and the DNS settings'
    : `check that a registry is listening at ${host}`;
  return new NerdtsError('unavailable', `registry ${host} unreachable: ${reason}`, { hint, cause: err });
}

function oneLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0]!.trim();
}

/** Reads at most `limit` bytes of a body (error texts, manifests); more is an error. */
export async function readBody(res: IncomingMessage, limit: number, what = 'response'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new NerdtsError('resource-exhausted', `${what} is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface RegistryErrorEntry { code?: unknown; message?: unknown; detail?: unknown }

/** `MANIFEST_UNKNOWN` + `manifest unknown` -> `manifest unknown`; several errors joined with `; `. */
export function formatRegistryErrors(body: string): string | undefined {
  let doc: { errors?: unknown; details?: unknown; error?: unknown; error_description?: unknown; message?: unknown };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  if (Array.isArray(doc.errors) && doc.errors.length > 0) {
    return (doc.errors as RegistryErrorEntry[]).map((e) => {
      const code = typeof e.code === 'string' ? e.code.toLowerCase().replace(/_/g, ' ') : '';
      const message = typeof e.message === 'string' ? e.message : '';
      if (!code) return message;
      return message && message.toLowerCase() !== code ? `${code}: ${message}` : code;
    }).filter((s) => s).join('; ') || undefined;
  }
  for (const field of [doc.details, doc.error_description, doc.error, doc.message]) {
    if (typeof field === 'string' && field) return field;
  }
  return undefined;
}

/** What a failed request was about, for the error message. */
export interface FailureSubject {
  /** Registry host as the user wrote it (docker.io, 127.0.0.1:5000). */
  registry: string;
  /** `docker.io/library/busybox:latest`, `blob sha256:...`, `repository library/busybox`. */
  subject: string;
  /** pull or push, for docker's "access denied" wording. */
  action?: 'pull' | 'push';
  /** Repository in familiar form for "pull access denied for X". */
  repository?: string;
}

function loginHint(registry: string): string {
  return registry === 'docker.io' ? 'run `nerdts login` if the repository is private' : `run \`nerdts login ${registry}\``;
}

function statusCode(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'resource-exhausted';
  if (status === 400 || status === 405 || status === 409 || status === 412 || status === 416) return 'failed-precondition';
  if (status >= 500) return 'unavailable';
  return 'internal';
}

// Go's TLS servers answer a plain HTTP request with a bare HTTP/1.0 400 (body: "Client sent an
// HTTP request to an HTTPS server."); a HEAD response carries no body, so the bare 1.0 reply decides.
function speaksHttps(res: IncomingMessage, body: string): boolean {
  return body.includes('HTTP request to an HTTPS server')
    || (res.httpVersion === '1.0' && res.headers['content-type'] === undefined && !(res.socket as { encrypted?: boolean } | null)?.encrypted);
}

/** Maps an HTTP error response (status >= 400); consumes the body. */
export async function responseError(res: IncomingMessage, s: FailureSubject): Promise<NerdtsError> {
  const status = res.statusCode ?? 0;
  let raw = '';
  try {
    raw = (await readBody(res, ERROR_BODY_LIMIT)).toString('utf8');
  } catch {
    raw = '';
  }
  if (status === 400 && speaksHttps(res, raw)) {
    return new NerdtsError('unavailable', `registry ${s.registry}: server speaks HTTPS, but plain HTTP was used`,
      { hint: `add a hosts.toml under --hosts-dir with server = "https://${s.registry}" and its CA (ca = "...") or skip_verify = true` });
  }
  const text = formatRegistryErrors(raw);
  const code = statusCode(status);
  const reason = text ?? `${status} ${res.statusMessage ?? ''}`.trim();
  if (code === 'not-found') return new NerdtsError(code, `${s.subject}: not found`, { hint: text ? `registry said: ${text}` : undefined });
  if (code === 'unauthorized') {
    const message = s.action && s.repository
      ? `${s.action} access denied for ${s.repository}, repository does not exist or may require authorization: ${reason}`
      : `${s.registry}: ${reason.includes('unauthorized') || reason.includes('denied') ? reason : `unauthorized: ${reason}`}`;
    return new NerdtsError(code, message, { hint: loginHint(s.registry) });
  }
  if (code === 'resource-exhausted') {
    return new NerdtsError(code, `${s.registry}: ${text ?? 'toomanyrequests: too many requests'}`,
      { hint: s.registry === 'docker.io' ? 'log in with `nerdts login` to get a higher pull rate limit' : 'retry later' });
  }
  return new NerdtsError(code, `${s.subject}: registry ${s.registry} answered ${reason}`);
}
