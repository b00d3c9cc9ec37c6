// gRPC length-prefixed messages (PROTOCOL-HTTP2.md "Length-Prefixed-Message"): a compressed flag,
// a 4-byte big-endian length, then the bytes. No compression is negotiated, so none is accepted.
import { GrpcCode, GrpcStatusError } from './channel';

const PREFIX = 5;
/** Below this size a message is copied next to its prefix; above, it is sent from the caller's buffer. */
const COPY_LIMIT = 16 * 1024;

/** The wire form of one request message, as buffers to write in order (no copy for big ones). */
export function frameMessage(message: Uint8Array): Buffer[] {
  const body = Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.length);
  if (body.length <= COPY_LIMIT) {
    const out = Buffer.allocUnsafe(PREFIX + body.length);
    out[0] = 0;
    out.writeUInt32BE(body.length, 1);
    body.copy(out, PREFIX);
    return [out];
  }
  const prefix = Buffer.allocUnsafe(PREFIX);
  prefix[0] = 0;
  prefix.writeUInt32BE(body.length, 1);
  return [prefix, body];
}

/** Reassembles messages from DATA payloads, however they are split or packed. */
export class MessageReader {
  private readonly prefix = Buffer.alloc(PREFIX);
  private prefixFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** True while a message has started but not completed. */
  get partial(): boolean {
    return this.prefixFill > 0 || this.body !== undefined;
  }

  /** Feeds one DATA payload; calls `emit` per complete message. Throws GrpcStatusError. */
  push(data: Buffer, emit: (message: Buffer) => void): void {
    let off = 0;
    while (off < data.length) {
      if (this.body !== undefined) {
        const take = Math.min(this.body.length - this.bodyFill, data.length - off);
        data.copy(this.body, this.bodyFill, off, off + take);
        this.bodyFill += take;
        off += take;
        if (this.bodyFill === this.body.length) this.complete(this.body, emit);
        continue;
      }
      if (this.prefixFill === 0 && data.length - off >= PREFIX) {
        const length = this.readPrefix(data, off);
        off += PREFIX;
        if (data.length - off >= length) { // whole message here: a view, no copy
          this.complete(data.subarray(off, off + length), emit);
          off += length;
        } else {
          this.startBody(length);
        }
        continue;
      }
      const take = Math.min(PREFIX - this.prefixFill, data.length - off);
      data.copy(this.prefix, this.prefixFill, off, off + take);
      this.prefixFill += take;
      off += take;
      if (this.prefixFill < PREFIX) return;
      this.prefixFill = 0;
      const length = this.readPrefix(this.prefix, 0);
      if (length === 0) this.complete(Buffer.alloc(0), emit);
      else this.startBody(length);
    }
  }

  private readPrefix(buf: Buffer, off: number): number {
    const flag = buf[off]!;
    if (flag !== 0) {
      const what = flag === 1 ? 'a compressed message, but no compression was negotiated' : `message flag ${flag}`;
      throw new GrpcStatusError(GrpcCode.INTERNAL, `server sent ${what}`);
    }
    const length = buf.readUInt32BE(off + 1);
    if (length > this.maxMessageSize) {
      throw new GrpcStatusError(GrpcCode.RESOURCE_EXHAUSTED,
        `received message larger than max (${length} vs. ${this.maxMessageSize})`);
    }
    return length;
  }

  private startBody(length: number): void {
    this.body = Buffer.allocUnsafe(length);
    this.bodyFill = 0;
  }

  private complete(message: Buffer, emit: (message: Buffer) => void): void {
    this.body = undefined;
    this.bodyFill = 0;
    emit(message);
  }
}
