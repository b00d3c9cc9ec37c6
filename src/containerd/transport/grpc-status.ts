// gRPC-over-HTTP/2 conventions (grpc/doc/PROTOCOL-HTTP2.md, http-grpc-status-mapping.md):
// status from trailers, HTTP and RST_STREAM codes mapped to gRPC codes, grpc-timeout encoding.
import { GrpcCode, GrpcStatusError } from './channel';
import { H2Code } from './h2-error';
import type { HeaderList } from './hpack-decoder';

/** Value of the first field called `name`, or undefined. */
export function headerValue(fields: HeaderList, name: string): string | undefined {
  for (const [n, v] of fields) if (n === name) return v;
  return undefined;
}

/** Decodes a percent-encoded grpc-message (UTF-8 bytes, %XX escapes). */
export function percentDecode(text: string): string {
  if (!/[%\x80-\xff]/.test(text)) return text;
  const bytes = Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]!) && isHex(bytes[i + 2]!)) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.toString('utf8', 0, n);
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The call's status from trailers (or a trailers-only response); undefined means OK. */
export function statusFromTrailers(fields: HeaderList): GrpcStatusError | undefined {
  const raw = headerValue(fields, 'grpc-status');
  if (raw === undefined) return new GrpcStatusError(GrpcCode.UNKNOWN, 'server sent trailers without grpc-status');
  const code = /^\d+$/.test(raw) ? Number(raw) : GrpcCode.UNKNOWN;
  if (code === GrpcCode.OK) return undefined;
  const message = headerValue(fields, 'grpc-message');
  return new GrpcStatusError(code, message === undefined ? '' : percentDecode(message));
}

/** Checks the response headers; returns the error for a non-gRPC or non-200 response. */
export function checkResponseHeaders(fields: HeaderList): GrpcStatusError | undefined {
  const status = headerValue(fields, ':status');
  if (status !== '200') {
    const code = grpcCodeFromHttpStatus(Number(status));
    return new GrpcStatusError(code, `server answered HTTP status ${status ?? '(none)'}`);
  }
  const type = headerValue(fields, 'content-type');
  if (type !== undefined && !type.startsWith('application/grpc')) {
    return new GrpcStatusError(GrpcCode.UNKNOWN, `server answered content-type ${type}`);
  }
  return undefined;
}

/** HTTP status to gRPC code, for responses that are not gRPC (http-grpc-status-mapping.md). */
export function grpcCodeFromHttpStatus(status: number): number {
  switch (status) {
    case 400: return GrpcCode.INTERNAL;
    case 401: return GrpcCode.UNAUTHENTICATED;
    case 403: return GrpcCode.PERMISSION_DENIED;
    case 404: return GrpcCode.UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return GrpcCode.UNAVAILABLE;
    default: return GrpcCode.UNKNOWN;
  }
}

/** The error for a stream the server reset with RST_STREAM(code). */
export function errorFromReset(h2code: number): GrpcStatusError {
  const name = h2CodeName(h2code);
  switch (h2code) {
    case H2Code.REFUSED_STREAM: return new GrpcStatusError(GrpcCode.UNAVAILABLE, `stream refused by server (${name})`);
    case H2Code.CANCEL: return new GrpcStatusError(GrpcCode.CANCELLED, `stream cancelled by server (${name})`);
    case H2Code.ENHANCE_YOUR_CALM: return new GrpcStatusError(GrpcCode.RESOURCE_EXHAUSTED, `stream reset by server (${name})`);
    case H2Code.INADEQUATE_SECURITY: return new GrpcStatusError(GrpcCode.PERMISSION_DENIED, `stream reset by server (${name})`);
    default: return new GrpcStatusError(GrpcCode.INTERNAL, `stream reset by server (${name})`);
  }
}

/** Name of an HTTP/2 error code, for messages. */
export function h2CodeName(h2code: number): string {
  for (const [name, value] of Object.entries(H2Code)) if (value === h2code) return name;
  return `0x${h2code.toString(16)}`;
}

/** grpc-timeout value for a deadline in ms: at most 8 digits and a unit. */
export function encodeTimeout(ms: number): string {
  const value = Math.max(1, Math.ceil(ms));
  if (value < 1e8) return `${value}m`;
  const seconds = Math.ceil(value / 1000);
  if (seconds < 1e8) return `${seconds}S`;
  return `${Math.min(99_999_999, Math.ceil(seconds / 3600))}H`;
}
