// The gRPC channel: builds request headers, runs unary, server-streaming and bidirectional calls
// over one HTTP/2 connection, and opens that connection on a unix socket.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { GrpcCode, GrpcStatusError } from './channel';
import type { CallOptions, Channel, StreamingCall } from './channel';
import { Connection } from './connection';
import type { ByteStream, ConnectionOptions } from './connection';
import { GrpcCall } from './grpc-call';
import type { HeaderList } from './hpack-decoder';
import { encodeTimeout } from './grpc-status';

/** Channel tuning; every field has a default suited to containerd on a unix socket. */
export interface ChannelOptions extends ConnectionOptions {
  /** :authority of every request; containerd ignores it. */
  authority?: string;
  /** Largest response message accepted (RESOURCE_EXHAUSTED above). */
  maxMessageSize?: number;
  /** Unread bytes a streaming call buffers before it stops granting the server more window. */
  readHighWater?: number;
  /** Sent as user-agent when set. */
  userAgent?: string;
}

const DEFAULT_MAX_MESSAGE = 128 << 20;
const DEFAULT_HIGH_WATER = 4 << 20;
/** Headers a caller may not set through metadata. */
const RESERVED = new Set(['content-type', 'te', 'grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding',
  'user-agent', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

class GrpcChannel implements Channel {
  private readonly connection: Connection;

  constructor(socket: ByteStream, private readonly options: ChannelOptions) {
    this.connection = new Connection(socket, options);
  }

  unary(path: string, request: Uint8Array, options: CallOptions = {}): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const call = new GrpcCall(this.settings(options, Infinity));
      call.onFinish = (error) => {
        if (error) return reject(error);
        const messages = call.takeMessages();
        if (messages.length === 1) return resolve(messages[0]!);
        reject(new GrpcStatusError(GrpcCode.INTERNAL, `unary call got ${messages.length} response messages`));
      };
      if (!this.begin(call, path, options)) return;
      call.send(request);
    });
  }

  serverStream(path: string, request: Uint8Array, options: CallOptions = {}): AsyncIterable<Uint8Array> {
    let started = false;
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<Uint8Array> => {
        if (started) throw new Error('a server stream can be iterated only once');
        started = true;
        const call = new GrpcCall(this.settings(options, this.options.readHighWater ?? DEFAULT_HIGH_WATER));
        if (this.begin(call, path, options)) call.send(request);
        return {
          next: async () => {
            const value = await call.read();
            return value === undefined ? { done: true, value: undefined } : { done: false, value };
          },
          return: async () => { // the consumer stopped early (break/throw in for await)
            call.cancel();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  stream(path: string, options: CallOptions = {}): StreamingCall {
    const call = new GrpcCall(this.settings(options, this.options.readHighWater ?? DEFAULT_HIGH_WATER));
    this.begin(call, path, options);
    return {
      write: (message) => call.write(message),
      end: () => call.end(),
      read: () => call.read(),
      cancel: () => call.cancel(),
    };
  }

  close(): void {
    this.connection.close(new GrpcStatusError(GrpcCode.CANCELLED, 'channel closed'));
  }

  private settings(options: CallOptions, highWater: number) {
    return {
      maxMessageSize: this.options.maxMessageSize ?? DEFAULT_MAX_MESSAGE,
      highWater,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    };
  }

  /** Starts the call; false if its headers were invalid (the call then already failed). */
  private begin(call: GrpcCall, path: string, options: CallOptions): boolean {
    let headers: HeaderList;
    try {
      headers = this.requestHeaders(path, options);
    } catch (err) {
      call.onAbort(err as GrpcStatusError);
      return false;
    }
    call.start(this.connection, headers);
    return true;
  }

  private requestHeaders(path: string, options: CallOptions): HeaderList {
    const headers: HeaderList = [
      [':method', 'POST'], [':scheme', 'http'], [':path', path],
      [':authority', this.options.authority ?? 'localhost'],
      ['content-type', 'application/grpc'], ['te', 'trailers'],
    ];
    if (options.timeoutMs !== undefined) headers.push(['grpc-timeout', encodeTimeout(options.timeoutMs)]);
    if (this.options.userAgent) headers.push(['user-agent', this.options.userAgent]);
    for (const [key, value] of Object.entries(options.metadata ?? {})) {
      const name = key.toLowerCase();
      if (name.startsWith(':') || RESERVED.has(name) || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
        throw new GrpcStatusError(GrpcCode.INTERNAL, `metadata key ${JSON.stringify(key)} is not allowed`);
      }
      if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
        throw new GrpcStatusError(GrpcCode.INTERNAL, `metadata value for ${name} has invalid characters`);
      }
      headers.push([name, value]);
    }
    return headers;
  }
}

/** A unix socket with a write buffer big enough to keep large uploads flowing between ticks. */
function unixSocket(path: string): Socket {
  const options = { path, writableHighWaterMark: 1 << 20 }; // accepted by net.Socket, absent from its types
  return netConnect(options);
}

/** A channel over an already connected (or connecting) byte stream, e.g. a TCP socket in tests. */
export function connect(socket: ByteStream, options: ChannelOptions = {}): Channel {
  return new GrpcChannel(socket, options);
}

/** A channel on a unix socket, usable at once; a failed connect fails the calls with UNAVAILABLE. */
export function openUnix(path: string, options: ChannelOptions = {}): Channel {
  return connect(unixSocket(path), options);
}

/** A channel on a unix socket once connected; rejects with UNAVAILABLE if the connect fails. */
export function connectUnix(path: string, options: ChannelOptions = {}): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const socket = unixSocket(path);
    const onError = (err: Error): void => {
      reject(new GrpcStatusError(GrpcCode.UNAVAILABLE, `cannot connect to ${path}: ${err.message}`));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(connect(socket, options));
    });
  });
}
