// HTTP/2 frame layer (RFC 9113 §4, §6): an incremental parser for the bytes the server sends and
// builders for the frames the client sends.
import { Http2Error, H2Code } from './h2-error';

/** Frame type codes (RFC 9113 §6). */
export const FrameType = {
  DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4, PUSH_PROMISE: 0x5,
  PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9,
} as const;

/** Frame flags; ACK shares its bit with END_STREAM on different frame types. */
export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

/** SETTINGS identifiers (RFC 9113 §6.5.2). */
export const Setting = {
  HEADER_TABLE_SIZE: 0x1, ENABLE_PUSH: 0x2, MAX_CONCURRENT_STREAMS: 0x3, INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5, MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** The client connection preface (RFC 9113 §3.4). */
export const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
/** Every frame starts with a 9-byte header; 16384 is the frame size limit until SETTINGS raise it. */
export const FRAME_HEADER_SIZE = 9;
export const DEFAULT_MAX_FRAME_SIZE = 16384;

/** One parsed frame. */
export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  /** May be a view into a socket chunk: copy it before keeping it past the handler. */
  payload: Buffer;
}

/** Splits a byte stream into frames; throws FRAME_SIZE_ERROR on frames above maxFrameSize. */
export class FrameParser {
  private readonly head = Buffer.alloc(FRAME_HEADER_SIZE);
  private headFill = 0;
  private payload: Buffer | undefined;
  private payloadFill = 0;
  private stopped = false;
  private type = 0;
  private flags = 0;
  private streamId = 0;

  constructor(private readonly maxFrameSize: number, private readonly onFrame: (frame: Frame) => void) {}

  /** Stops delivering frames, e.g. after a connection error. */
  stop(): void {
    this.stopped = true;
  }

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && !this.stopped) {
      if (this.payload !== undefined) {
        const take = Math.min(this.payload.length - this.payloadFill, chunk.length - off);
        chunk.copy(this.payload, this.payloadFill, off, off + take);
        this.payloadFill += take;
        off += take;
        if (this.payloadFill === this.payload.length) this.emit(this.payload);
        continue;
      }
      if (this.headFill === 0 && chunk.length - off >= FRAME_HEADER_SIZE) {
        off = this.begin(chunk, off, chunk, off + FRAME_HEADER_SIZE);
        continue;
      }
      const take = Math.min(FRAME_HEADER_SIZE - this.headFill, chunk.length - off);
      chunk.copy(this.head, this.headFill, off, off + take);
      this.headFill += take;
      off += take;
      if (this.headFill < FRAME_HEADER_SIZE) return;
      this.headFill = 0;
      off = this.begin(this.head, 0, chunk, off);
    }
  }

  /** Starts the frame whose header is at head[h..]; payload bytes follow at chunk[off..]. */
  private begin(head: Buffer, h: number, chunk: Buffer, off: number): number {
    const length = head.readUIntBE(h, 3);
    if (length > this.maxFrameSize) {
      throw new Http2Error(H2Code.FRAME_SIZE_ERROR, `frame of ${length} bytes exceeds ${this.maxFrameSize}`);
    }
    this.type = head[h + 3]!;
    this.flags = head[h + 4]!;
    this.streamId = head.readUInt32BE(h + 5) & 0x7fffffff;
    if (chunk.length - off >= length) { // whole payload in this chunk: no copy
      this.emit(chunk.subarray(off, off + length));
      return off + length;
    }
    this.payload = Buffer.allocUnsafe(length);
    this.payloadFill = chunk.copy(this.payload, 0, off);
    return chunk.length;
  }

  private emit(payload: Buffer): void {
    this.payload = undefined;
    this.payloadFill = 0;
    this.onFrame({ type: this.type, flags: this.flags, streamId: this.streamId, payload });
  }
}

/** Writes a 9-byte frame header into out[offset..]. */
export function writeFrameHeader(out: Buffer, offset: number, length: number, type: number, flags: number,
  streamId: number): void {
  out.writeUIntBE(length, offset, 3);
  out[offset + 3] = type;
  out[offset + 4] = flags;
  out.writeUInt32BE(streamId, offset + 5);
}

/** A frame with a payload copied in after the header. */
export function buildFrame(type: number, flags: number, streamId: number, payload?: Uint8Array): Buffer {
  const length = payload ? payload.length : 0;
  const out = Buffer.allocUnsafe(FRAME_HEADER_SIZE + length);
  writeFrameHeader(out, 0, length, type, flags, streamId);
  if (payload) out.set(payload, FRAME_HEADER_SIZE);
  return out;
}

/** SETTINGS frame from [identifier, value] pairs. */
export function settingsFrame(settings: Array<[number, number]>): Buffer {
  const payload = Buffer.allocUnsafe(settings.length * 6);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return buildFrame(FrameType.SETTINGS, 0, 0, payload);
}

/** WINDOW_UPDATE granting `increment` more bytes on a stream (0: the connection). */
export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const out = buildFrame(FrameType.WINDOW_UPDATE, 0, streamId, Buffer.alloc(4));
  out.writeUInt32BE(increment, FRAME_HEADER_SIZE);
  return out;
}

/** RST_STREAM closing a stream with an error code. */
export function rstStreamFrame(streamId: number, code: number): Buffer {
  const out = buildFrame(FrameType.RST_STREAM, 0, streamId, Buffer.alloc(4));
  out.writeUInt32BE(code, FRAME_HEADER_SIZE);
  return out;
}

/** GOAWAY: no streams above lastStreamId were processed; the connection is ending. */
export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const out = buildFrame(FrameType.GOAWAY, 0, 0, Buffer.alloc(8));
  out.writeUInt32BE(lastStreamId, FRAME_HEADER_SIZE);
  out.writeUInt32BE(code, FRAME_HEADER_SIZE + 4);
  return out;
}

/** A header block as one HEADERS frame plus CONTINUATION frames of at most maxFrameSize. */
export function headerFrames(streamId: number, block: Buffer, endStream: boolean, maxFrameSize: number): Buffer {
  const frames = Math.max(1, Math.ceil(block.length / maxFrameSize));
  const out = Buffer.allocUnsafe(block.length + frames * FRAME_HEADER_SIZE);
  let pos = 0;
  for (let i = 0; i < frames; i++) {
    const part = block.subarray(i * maxFrameSize, (i + 1) * maxFrameSize);
    const type = i === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
    let flags = i === frames - 1 ? Flag.END_HEADERS : 0;
    if (i === 0 && endStream) flags |= Flag.END_STREAM;
    writeFrameHeader(out, pos, part.length, type, flags, streamId);
    pos += FRAME_HEADER_SIZE + part.copy(out, pos + FRAME_HEADER_SIZE);
  }
  return out;
}
