// Cuts a byte stream into log entries the way docker's copier does (daemon/logger/copier.go): one
// entry per "\n"-terminated line; a line that reaches 16 KiB without a newline is emitted as a
// partial entry of exactly 16 KiB (written without "\n") and the rest continues as a new entry; what
// is left at EOF is emitted as a partial entry too. Bytes are never decoded here.
import { MAX_ENTRY_CONTENT } from './json-entry';

/** Receives one entry: content src[start, end); `newline` is true when the line was complete. */
export type EmitEntry = (src: Buffer, start: number, end: number, newline: boolean) => void;

/** Line splitter for one stream; holds at most one unfinished line (< 16 KiB) between reads. */
export class LineSplitter {
  private readonly pending: Buffer;
  private pendingLen = 0;

  constructor(private readonly emit: EmitEntry, private readonly limit: number = MAX_ENTRY_CONTENT) {
    this.pending = Buffer.allocUnsafe(limit);
  }

  /** Feeds the first `length` bytes of `chunk` (a reused read buffer: nothing is kept by reference). */
  push(chunk: Buffer, length: number): void {
    const data = length === chunk.length ? chunk : chunk.subarray(0, length);
    let p = 0;
    while (p < length) {
      const nl = data.indexOf(10, p);
      const lineEnd = nl === -1 ? length : nl;
      if (this.pendingLen > 0) {
        p = this.extendPending(data, p, lineEnd);
        if (this.pendingLen === 0 || nl === -1) continue;
        this.emit(this.pending, 0, this.pendingLen, true);
        this.pendingLen = 0;
        p = nl + 1;
        continue;
      }
      if (lineEnd - p >= this.limit) {
        this.emit(data, p, p + this.limit, false);
        p += this.limit;
      } else if (nl === -1) {
        this.pendingLen = data.copy(this.pending, 0, p, length);
        p = length;
      } else {
        this.emit(data, p, nl, true);
        p = nl + 1;
      }
    }
  }

  // Appends data[p, lineEnd) to the unfinished line, emitting it as partial once it is full.
  private extendPending(data: Buffer, p: number, lineEnd: number): number {
    const take = Math.min(this.limit - this.pendingLen, lineEnd - p);
    this.pendingLen += data.copy(this.pending, this.pendingLen, p, p + take);
    if (this.pendingLen === this.limit) {
      this.emit(this.pending, 0, this.limit, false);
      this.pendingLen = 0;
    }
    return p + take;
  }

  /** At EOF: emits the unfinished line, if any, as a partial entry. */
  flush(): void {
    if (this.pendingLen === 0) return;
    const n = this.pendingLen;
    this.pendingLen = 0;
    this.emit(this.pending, 0, n, false);
  }
}
