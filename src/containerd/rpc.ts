// Typed calls over one Channel: encodes requests, decodes responses, sends the namespace (and
// lease) metadata, and maps every failure once through errors.ts. Adapters build on this only.
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import type { BinaryReader } from '@bufbuild/protobuf/wire';
import type { CallOptions, Channel, Metadata, StreamingCall } from './transport/channel';
import { toNerdtsError } from './errors';

/** Encode/decode functions of a generated message (ts-proto's MessageFns). */
export interface MessageType<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

/** Per-call options every adapter method accepts as its last argument. */
export interface RequestOptions {
  /** Overrides the client's namespace for this call ('' sends none). */
  namespace?: string;
  /** Runs the call under this lease (containerd-lease metadata), so new resources are protected from GC. */
  lease?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const NAMESPACE_HEADER = 'containerd-namespace';
export const LEASE_HEADER = 'containerd-lease';

const EMPTY = new Uint8Array(0);

/** The wire form of google.protobuf.Empty (requests and responses without fields). */
export const Empty: MessageType<Record<string, never>> = {
  encode: (_message, writer = new BinaryWriter()) => writer,
  decode: () => ({}),
};

/** A complete message from a partial one: proto3 defaults (an empty decode) overlaid with the given fields. */
export function withDefaults<T extends object>(type: MessageType<T>, fields: Partial<T>): T {
  const message = type.decode(EMPTY);
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (message as Record<string, unknown>)[key] = value;
  }
  return message;
}

/** A bidirectional call whose failures are already NerdtsErrors. */
export type Stream = StreamingCall;

export class Rpc {
  constructor(
    private readonly channel: Channel,
    readonly address: string,
    readonly namespace: string,
  ) {}

  /** The same connection with another default namespace. */
  withNamespace(namespace: string): Rpc {
    return new Rpc(this.channel, this.address, namespace);
  }

  close(): void {
    this.channel.close();
  }

  /** Maps an error from this connection into a NerdtsError. */
  error(err: unknown): Error {
    return toNerdtsError(err, this.address);
  }

  async unary<Q, R>(method: string, reqType: MessageType<Q>, request: Q, resType: MessageType<R>,
    options?: RequestOptions): Promise<R> {
    const body = reqType.encode(request).finish();
    let bytes: Uint8Array;
    try {
      bytes = await this.channel.unary(method, body, this.callOptions(options));
    } catch (err) {
      throw this.error(err);
    }
    try {
      return resType.decode(bytes);
    } catch (err) {
      throw this.error(new Error(`cannot decode the response of ${method}: ${(err as Error).message}`));
    }
  }

  /** Server streaming; breaking out of the loop cancels the call. */
  async *serverStream<Q, R>(method: string, reqType: MessageType<Q>, request: Q, resType: MessageType<R>,
    options?: RequestOptions): AsyncGenerator<R, void, undefined> {
    const body = reqType.encode(request).finish();
    try {
      for await (const bytes of this.channel.serverStream(method, body, this.callOptions(options))) {
        yield resType.decode(bytes);
      }
    } catch (err) {
      throw this.error(err);
    }
  }

  /** A client-streaming or bidirectional call; read() and write() reject with NerdtsErrors. */
  stream(method: string, options?: RequestOptions): Stream {
    const call = this.channel.stream(method, this.callOptions(options));
    return {
      write: (message) => call.write(message).catch((err: unknown) => { throw this.error(err); }),
      read: () => call.read().catch((err: unknown) => { throw this.error(err); }),
      end: () => call.end(),
      cancel: () => call.cancel(),
    };
  }

  private callOptions(options: RequestOptions | undefined): CallOptions {
    const metadata: Metadata = {};
    const namespace = options?.namespace ?? this.namespace;
    if (namespace) metadata[NAMESPACE_HEADER] = namespace;
    if (options?.lease) metadata[LEASE_HEADER] = options.lease;
    const out: CallOptions = { metadata };
    if (options?.signal) out.signal = options.signal;
    if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
    return out;
  }
}
