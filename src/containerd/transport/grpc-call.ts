// One gRPC call on one HTTP/2 stream: request messages out, response messages and status in,
// deadline and cancellation, and receive credit returned as the consumer reads.
import { GrpcCode, GrpcStatusError } from './channel';
import type { Connection } from './connection';
import { H2Code } from './h2-error';
import type { H2Stream, StreamHandler } from './h2-stream';
import type { HeaderList } from './hpack-decoder';
import { MessageReader, frameMessage } from './grpc-message';
import { checkResponseHeaders, statusFromTrailers } from './grpc-status';

/** Per-call limits and controls, resolved from ChannelOptions and CallOptions. */
export interface CallSettings {
  maxMessageSize: number;
  /** Bytes of unread messages above which credit is withheld (Infinity: always credit). */
  highWater: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

type Waiter = { resolve(message: Buffer | undefined): void; reject(error: Error): void };

/** The state of one call; the channel wraps it as a promise, an async iterable or a StreamingCall. */
export class GrpcCall implements StreamHandler {
  private stream: H2Stream | undefined;
  private readonly reader: MessageReader;
  private readonly messages: Buffer[] = [];
  private readonly readers: Waiter[] = [];
  private held = 0;
  private owed = 0;
  private headersSeen = false;
  private ended = false;
  done = false;
  error: GrpcStatusError | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abortListener: (() => void) | undefined;
  /** Called once when the call completes (used by unary calls). */
  onFinish: ((error: GrpcStatusError | undefined) => void) | undefined;

  constructor(private readonly settings: CallSettings) {
    this.reader = new MessageReader(settings.maxMessageSize);
  }

  /** Opens the stream on `connection`, unless the signal or deadline already ruled it out. */
  start(connection: Connection, headers: HeaderList): void {
    const { signal, timeoutMs } = this.settings;
    if (signal?.aborted) return this.localCancel(cancelled());
    if (timeoutMs !== undefined && timeoutMs <= 0) return this.localCancel(deadlineExceeded());
    if (signal) {
      this.abortListener = () => this.localCancel(cancelled());
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.localCancel(deadlineExceeded()), timeoutMs);
      this.timer.unref?.();
    }
    this.stream = connection.startStream(headers, this);
  }

  /** Sends one request message; resolves once it is handed to the socket. */
  write(message: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new GrpcStatusError(GrpcCode.INTERNAL, 'write after end'));
    if (this.done || !this.stream) return this.error ? Promise.reject(this.error) : Promise.resolve();
    const stream = this.stream;
    return new Promise((resolve, reject) => {
      stream.write(frameMessage(message), (err) => {
        if (!err || (this.done && !this.error)) resolve();
        else reject(this.error ?? new GrpcStatusError(GrpcCode.UNAVAILABLE, `write failed: ${err.message}`));
      });
    });
  }

  /** Sends one message and half-closes without waiting (unary and server-streaming requests). */
  send(message: Uint8Array): void {
    if (this.done || !this.stream) return;
    this.stream.write(frameMessage(message));
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.done) this.stream?.end();
  }

  /** Next response message; undefined once the call finished OK. */
  read(): Promise<Buffer | undefined> {
    if (this.messages.length > 0) {
      const message = this.messages.shift()!;
      this.release(message.length);
      return Promise.resolve(message);
    }
    if (this.done) return this.error ? Promise.reject(this.error) : Promise.resolve(undefined);
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  /** Messages received so far and not read (unary calls take their response from here). */
  takeMessages(): Buffer[] {
    return this.messages.splice(0);
  }

  /** Cancels the call from our side: RST_STREAM(CANCEL) and CANCELLED for the reader. */
  cancel(): void {
    this.localCancel(cancelled());
  }

  // ---- StreamHandler ----

  onHeaders(fields: HeaderList, endStream: boolean): void {
    if (this.done) return;
    if (!this.headersSeen) {
      this.headersSeen = true;
      const bad = checkResponseHeaders(fields);
      if (bad) return this.finish(bad);
      if (endStream) this.finish(statusFromTrailers(fields)); // trailers-only response
      return;
    }
    if (!endStream) return this.finish(new GrpcStatusError(GrpcCode.INTERNAL, 'server sent headers twice'));
    const status = statusFromTrailers(fields);
    if (!status && this.reader.partial) {
      return this.finish(new GrpcStatusError(GrpcCode.INTERNAL, 'stream ended in the middle of a message'));
    }
    this.finish(status);
  }

  onData(data: Buffer, endStream: boolean): void {
    if (this.done) return;
    if (!this.headersSeen) return this.finish(new GrpcStatusError(GrpcCode.INTERNAL, 'server sent DATA before headers'));
    try {
      this.reader.push(data, (message) => this.deliver(message));
    } catch (err) {
      return this.localCancel(err as GrpcStatusError);
    }
    if (this.held < this.settings.highWater) this.stream!.consume(data.length);
    else this.owed += data.length;
    if (endStream) this.finish(new GrpcStatusError(GrpcCode.INTERNAL, 'server closed the stream without sending trailers'));
  }

  onAbort(error: GrpcStatusError): void {
    this.finish(error);
  }

  // ---- internals ----

  private deliver(message: Buffer): void {
    const waiter = this.readers.shift();
    if (waiter) return waiter.resolve(message);
    this.messages.push(message);
    this.held += message.length;
  }

  private release(bytes: number): void {
    this.held -= bytes;
    if (this.owed > 0 && this.held < this.settings.highWater) {
      this.stream?.consume(this.owed);
      this.owed = 0;
    }
  }

  private localCancel(error: GrpcStatusError): void {
    if (this.done) return;
    this.messages.length = 0;
    this.held = 0;
    this.finish(error);
  }

  private finish(error: GrpcStatusError | undefined): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    if (this.timer) clearTimeout(this.timer);
    if (this.abortListener) this.settings.signal?.removeEventListener('abort', this.abortListener);
    // Our side may still be open (error, cancel, or the server answered before the request ended).
    if (this.stream && !this.stream.closed) {
      this.stream.cancel(H2Code.CANCEL, error ?? new GrpcStatusError(GrpcCode.OK, 'call finished'));
    }
    for (const waiter of this.readers.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve(undefined);
    }
    this.onFinish?.(error);
  }
}

const cancelled = (): GrpcStatusError => new GrpcStatusError(GrpcCode.CANCELLED, 'call cancelled');
const deadlineExceeded = (): GrpcStatusError => new GrpcStatusError(GrpcCode.DEADLINE_EXCEEDED, 'deadline exceeded');
