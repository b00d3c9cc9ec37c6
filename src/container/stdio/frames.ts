// The attach socket's wire format: [kind u8][length u32 BE][payload]. The logger sends stdout and
// stderr frames to every attached client; a client sends stdin data and, at its EOF, stdin-close.
export const FRAME_STDIN = 0;
export const FRAME_STDOUT = 1;
export const FRAME_STDERR = 2;
export const FRAME_STDIN_CLOSE = 3;

const HEADER = 5;

/** One frame as a fresh Buffer (the payload is copied: callers may reuse theirs). */
export function encodeFrame(kind: number, payload: Uint8Array, start = 0, end = payload.length): Buffer {
  const out = Buffer.allocUnsafe(HEADER + end - start);
  out[0] = kind;
  out.writeUInt32BE(end - start, 1);
  out.set(payload.subarray(start, end), HEADER);
  return out;
}

/** Reassembles frames from arbitrary chunks; calls back once per complete frame. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (data.length >= HEADER) {
      const len = data.readUInt32BE(1);
      if (data.length < HEADER + len) break;
      this.onFrame(data[0]!, data.subarray(HEADER, HEADER + len));
      data = data.subarray(HEADER + len);
    }
    this.pending = data.length ? Buffer.from(data) : Buffer.alloc(0);
  }
}
