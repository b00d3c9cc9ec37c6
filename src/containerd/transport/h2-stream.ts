// One HTTP/2 stream as the connection sees it: its send queue and windows, its receive credit and
// its half-closed states. The gRPC layer drives it through write/end/consume/cancel.
import type { GrpcStatusError } from './channel';
import type { HeaderList } from './hpack-decoder';

/** Events delivered to whoever owns the stream (the gRPC call). */
export interface StreamHandler {
  /** A header block; endStream marks trailers or a trailers-only response. */
  onHeaders(fields: HeaderList, endStream: boolean): void;
  /** Payload of a DATA frame (padding removed); call stream.consume() to return its credit. */
  onData(data: Buffer, endStream: boolean): void;
  /** The stream died: RST_STREAM from the server, GOAWAY, or a dead connection. */
  onAbort(error: GrpcStatusError): void;
}

/** What a stream needs from its connection. */
export interface StreamHost {
  /** The stream has data (or END_STREAM) to send. */
  wantsToSend(stream: H2Stream): void;
  /** Returns credit for `bytes` received on the stream. */
  credit(stream: H2Stream, bytes: number): void;
  /** Closes the stream with RST_STREAM (or drops it from the open queue if not yet open). */
  reset(stream: H2Stream, code: number): void;
}

type WriteCallback = (error?: Error) => void;

/** Outbound bytes of one frame: the pieces to write and the writes they complete. */
export interface FrameBody {
  pieces: Buffer[];
  length: number;
  done: WriteCallback[];
}

/** A stream's send queue, windows and half-close flags; the connection owns the protocol logic. */
export class H2Stream {
  /** 0 until the connection opens it (it may wait for a concurrency slot). */
  id = 0;
  sendWindow = 0;
  /** Bytes received and credited but not yet announced by WINDOW_UPDATE. */
  unannounced = 0;
  /** Receive window the peer currently sees for this stream. */
  recvWindow = 0;
  localEnded = false;
  remoteEnded = false;
  closed = false;
  endQueued = false;
  queuedBytes = 0;
  private readonly queue: Buffer[] = [];
  private queueStart = 0;
  /** Cumulative bytes queued and sent; a waiter completes when `sent` reaches its mark. */
  private queuedTotal = 0;
  private sentTotal = 0;
  private readonly waiters: Array<{ mark: number; callback: WriteCallback }> = [];

  constructor(readonly host: StreamHost, readonly headers: HeaderList, readonly handler: StreamHandler) {}

  /** Queues request bytes; `callback` runs once the last of them is handed to the socket. */
  write(pieces: Buffer[], callback?: WriteCallback): void {
    for (const piece of pieces) {
      if (piece.length === 0) continue;
      this.queue.push(piece);
      this.queuedBytes += piece.length;
      this.queuedTotal += piece.length;
    }
    if (callback && this.queuedTotal === this.sentTotal) queueMicrotask(() => callback());
    else if (callback) this.waiters.push({ mark: this.queuedTotal, callback });
    if (!this.closed) this.host.wantsToSend(this);
  }

  /** Half-closes our side once the queued bytes are sent. */
  end(): void {
    if (this.endQueued) return;
    this.endQueued = true;
    if (!this.closed) this.host.wantsToSend(this);
  }

  /** Returns receive credit for bytes the consumer has taken. */
  consume(bytes: number): void {
    if (bytes > 0 && !this.closed) this.host.credit(this, bytes);
  }

  /** Aborts the stream (RST_STREAM); queued writes fail with `error`. */
  cancel(code: number, error: Error): void {
    if (!this.closed) this.host.reset(this, code);
    this.failWrites(error);
  }

  /** True if there is something to put in a DATA frame, even an empty one carrying END_STREAM. */
  get hasOutput(): boolean {
    return this.queuedBytes > 0 || (this.endQueued && !this.localEnded);
  }

  /** Takes up to `max` queued bytes for one DATA frame. */
  take(max: number): FrameBody {
    const pieces: Buffer[] = [];
    let length = 0;
    while (length < max && this.queueStart < this.queue.length) {
      const head = this.queue[this.queueStart]!;
      const room = max - length;
      if (head.length <= room) {
        pieces.push(head);
        length += head.length;
        this.queue[this.queueStart++] = EMPTY;
      } else {
        pieces.push(head.subarray(0, room));
        this.queue[this.queueStart] = head.subarray(room);
        length += room;
      }
    }
    if (this.queueStart === this.queue.length) {
      this.queue.length = 0;
      this.queueStart = 0;
    } else if (this.queueStart > 64 && this.queueStart * 2 > this.queue.length) {
      this.queue.splice(0, this.queueStart);
      this.queueStart = 0;
    }
    this.queuedBytes -= length;
    this.sentTotal += length;
    const done: WriteCallback[] = [];
    while (this.waiters.length > 0 && this.waiters[0]!.mark <= this.sentTotal) done.push(this.waiters.shift()!.callback);
    return { pieces, length, done };
  }

  /** Fails every pending write and drops queued bytes. */
  failWrites(error: Error): void {
    this.queue.length = 0;
    this.queueStart = 0;
    this.queuedBytes = 0;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w.callback(error);
  }
}

const EMPTY = Buffer.alloc(0);
