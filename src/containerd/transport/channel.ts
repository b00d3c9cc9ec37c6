// The contract between the containerd adapters and the gRPC transport. The transport is a
// hand-written HTTP/2 client on node:net (see docs/architecture.md for why not @grpc/grpc-js).

/** Request metadata sent as HTTP/2 headers (lower-case keys), e.g. containerd-namespace. */
export type Metadata = Record<string, string>;

export interface CallOptions {
  metadata?: Metadata;
  signal?: AbortSignal;
  /** Deadline for the whole call, sent as grpc-timeout too. */
  timeoutMs?: number;
}

/** A client-streaming or bidirectional call. write() resolves once flow control accepts it. */
export interface StreamingCall {
  write(message: Uint8Array): Promise<void>;
  /** Half-close: no more requests. */
  end(): void;
  /** Next response message, or undefined when the server finished with status OK. */
  read(): Promise<Uint8Array | undefined>;
  /** Abort with RST_STREAM(CANCEL); pending reads reject with CANCELLED. */
  cancel(): void;
}

/** One multiplexed connection to a gRPC server. */
export interface Channel {
  unary(path: string, request: Uint8Array, options?: CallOptions): Promise<Uint8Array>;
  serverStream(path: string, request: Uint8Array, options?: CallOptions): AsyncIterable<Uint8Array>;
  stream(path: string, options?: CallOptions): StreamingCall;
  close(): void;
}

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const enum GrpcCode {
  OK = 0, CANCELLED = 1, UNKNOWN = 2, INVALID_ARGUMENT = 3, DEADLINE_EXCEEDED = 4, NOT_FOUND = 5,
  ALREADY_EXISTS = 6, PERMISSION_DENIED = 7, RESOURCE_EXHAUSTED = 8, FAILED_PRECONDITION = 9,
  ABORTED = 10, OUT_OF_RANGE = 11, UNIMPLEMENTED = 12, INTERNAL = 13, UNAVAILABLE = 14,
  DATA_LOSS = 15, UNAUTHENTICATED = 16,
}

/** A non-OK gRPC status (or a transport failure, reported as UNAVAILABLE). */
export class GrpcStatusError extends Error {
  readonly grpcCode: number;
  readonly details: string;
  constructor(grpcCode: number, details: string) {
    super(`grpc status ${grpcCode}: ${details}`);
    this.name = 'GrpcStatusError';
    this.grpcCode = grpcCode;
    this.details = details;
  }
}
