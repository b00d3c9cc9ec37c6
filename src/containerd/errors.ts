// The one place where gRPC statuses and socket failures become NerdtsError codes. Callers above
// src/containerd test codes (isNotFound), never gRPC numbers.
import { NerdtsError, isNerdtsError } from '../errors';
import type { ErrorCode } from '../errors';
import { GrpcCode, GrpcStatusError } from './transport/channel';

export const CONNECT_HINT = 'is containerd running? start it, or pass --address / set CONTAINERD_ADDRESS';

const CODES: Partial<Record<number, ErrorCode>> = {
  [GrpcCode.NOT_FOUND]: 'not-found',
  [GrpcCode.ALREADY_EXISTS]: 'already-exists',
  [GrpcCode.INVALID_ARGUMENT]: 'invalid-argument',
  [GrpcCode.FAILED_PRECONDITION]: 'failed-precondition',
  [GrpcCode.UNAVAILABLE]: 'unavailable',
  [GrpcCode.DEADLINE_EXCEEDED]: 'deadline-exceeded',
  [GrpcCode.CANCELLED]: 'canceled',
  [GrpcCode.UNIMPLEMENTED]: 'unimplemented',
  [GrpcCode.RESOURCE_EXHAUSTED]: 'resource-exhausted',
  [GrpcCode.PERMISSION_DENIED]: 'permission-denied',
  [GrpcCode.UNAUTHENTICATED]: 'unauthorized',
  [GrpcCode.ABORTED]: 'conflict',
};

// Socket-level failures as Node reports them, in words a user understands.
const SOCKET_ERRORS: Record<string, string> = {
  ENOENT: 'no such socket',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTSOCK: 'not a socket',
  ETIMEDOUT: 'connection timed out',
};
const SOCKET_ERROR_RE = new RegExp(`\\b(${Object.keys(SOCKET_ERRORS).join('|')})\\b`);

/** Makes containerd's status text one readable line: no nested "rpc error: code = X desc =" wrappers. */
export function cleanDetails(details: string): string {
  return details
    .replace(/rpc error: code = \w+ desc = /g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The socket failure behind an error (a Node system error or an UNAVAILABLE transport status), if any. */
export function socketFailure(err: unknown): string | undefined {
  if (err instanceof GrpcStatusError) {
    if (err.grpcCode !== GrpcCode.UNAVAILABLE) return undefined;
    const m = SOCKET_ERROR_RE.exec(err.details);
    if (m) return SOCKET_ERRORS[m[1]!];
    return /\b(connect|socket|connection|goaway)\b/i.test(err.details) ? cleanDetails(err.details) : undefined;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in SOCKET_ERRORS) return SOCKET_ERRORS[code];
  return undefined;
}

/** The error for "nothing usable answers at this address". */
export function connectionError(address: string, reason: string, cause?: unknown): NerdtsError {
  const denied = reason === 'permission denied';
  return new NerdtsError(denied ? 'permission-denied' : 'unavailable',
    `cannot connect to containerd at ${address}: ${reason}`,
    { hint: denied ? 'containerd\'s socket is usually root-only: run as root' : CONNECT_HINT, cause });
}

/** Maps anything a containerd call can throw into a NerdtsError; NerdtsErrors pass through. */
export function toNerdtsError(err: unknown, address: string): NerdtsError {
  if (isNerdtsError(err)) return err;
  const socket = socketFailure(err);
  if (socket !== undefined) return connectionError(address, socket, err);
  if (err instanceof GrpcStatusError) return fromStatus(err);
  if ((err as { name?: unknown } | null)?.name === 'AbortError') {
    return new NerdtsError('canceled', 'operation canceled', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new NerdtsError('internal', `containerd client: ${message}`, { cause: err });
}

function fromStatus(err: GrpcStatusError): NerdtsError {
  const code = CODES[err.grpcCode] ?? 'internal';
  const message = cleanDetails(err.details) || `containerd returned ${code}`;
  const hint = code === 'unavailable' ? 'containerd is busy with this resource; retry later' : undefined;
  return new NerdtsError(code, message, { hint, cause: err });
}
