// The sending half of a connection: one-tick write batching, socket backpressure, and DATA frames
// scheduled round-robin within the connection and stream send windows.
import type { Duplex } from 'node:stream';
import { DEFAULT_MAX_FRAME_SIZE, FRAME_HEADER_SIZE, Flag, FrameType, writeFrameHeader } from './frame';
import type { FrameBody, H2Stream } from './h2-stream';

/** Below this a DATA frame is copied into one buffer; above, its pieces are written as they are. */
const COPY_LIMIT = 1024;

/** Everything the connection writes goes through here. */
export class Outbound {
  /** Connection-level send window and the peer's SETTINGS_MAX_FRAME_SIZE. */
  sendWindow = 65535;
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  /** Set once the connection is dead: writes are dropped and their callbacks get this error. */
  dead: Error | undefined;
  private readonly ready = new Set<H2Stream>();
  private corked = false;
  private blocked = false;
  private pumping = false;

  /** `onLocalEnd` runs when END_STREAM for a stream has been written. */
  constructor(private readonly socket: Duplex, private readonly onLocalEnd: (stream: H2Stream) => void) {
    socket.on('drain', () => {
      this.blocked = false;
      this.pump();
    });
  }

  /** Writes to the socket, batching everything written in one tick into one system call. */
  write(buf: Buffer, callback?: (err?: Error | null) => void): boolean {
    if (this.dead) {
      if (callback) queueMicrotask(() => callback(this.dead));
      return true;
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => { this.corked = false; this.socket.uncork(); });
    }
    return this.socket.write(buf, callback);
  }

  /** Marks a stream as having DATA (or END_STREAM) to send; `pump` sends it. */
  enqueue(stream: H2Stream): void {
    this.ready.add(stream);
  }

  drop(stream: H2Stream): void {
    this.ready.delete(stream);
  }

  clear(): void {
    this.ready.clear();
  }

  /** Sends queued DATA round-robin within the connection and stream windows. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (const stream of this.ready) {
        if (this.blocked || this.dead) break;
        if (stream.closed || !stream.hasOutput) { this.ready.delete(stream); continue; }
        if (stream.queuedBytes === 0) { // only END_STREAM left: an empty frame needs no window
          this.ready.delete(stream);
          this.sendData(stream, { pieces: [], length: 0, done: [] }, true);
          continue;
        }
        const max = Math.min(this.sendWindow, stream.sendWindow, this.maxFrameSize);
        if (max <= 0) { // blocked: by its own window it waits for WINDOW_UPDATE, else stays ready
          if (stream.sendWindow <= 0) this.ready.delete(stream);
          continue;
        }
        this.ready.delete(stream);
        const body = stream.take(max);
        this.sendData(stream, body, stream.endQueued && stream.queuedBytes === 0);
        if (stream.hasOutput) this.ready.add(stream); // to the back: round robin
      }
    } finally {
      this.pumping = false;
    }
  }

  private sendData(stream: H2Stream, body: FrameBody, end: boolean): void {
    this.sendWindow -= body.length;
    stream.sendWindow -= body.length;
    const done = body.done.length === 0 ? undefined
      : (err?: Error | null) => { for (const callback of body.done) callback(err ?? undefined); };
    const flags = end ? Flag.END_STREAM : 0;
    let ok: boolean;
    if (body.length <= COPY_LIMIT) {
      const out = Buffer.allocUnsafe(FRAME_HEADER_SIZE + body.length);
      writeFrameHeader(out, 0, body.length, FrameType.DATA, flags, stream.id);
      let pos = FRAME_HEADER_SIZE;
      for (const piece of body.pieces) pos += piece.copy(out, pos);
      ok = this.write(out, done);
    } else { // the payload goes out from the caller's buffers: no copy of big messages
      const header = Buffer.allocUnsafe(FRAME_HEADER_SIZE);
      writeFrameHeader(header, 0, body.length, FrameType.DATA, flags, stream.id);
      this.write(header);
      ok = true;
      body.pieces.forEach((piece, i) => { ok = this.write(piece, i === body.pieces.length - 1 ? done : undefined); });
    }
    if (!ok) this.blocked = true;
    if (end) this.onLocalEnd(stream);
  }
}
