// The json-file writer: entries are encoded into one reused buffer and appended with writeSync.
// Rotation follows docker's LogFile: before each entry, when the file has reached max-size, the
// backups shift (.1 -> .2, ...), the live file becomes .1 and a new one is started; with max-file 1
// the live file is truncated instead.
import * as nodeFs from 'node:fs';
import { LogClock } from './clock';
import { encodeEntry, MAX_ENTRY_BYTES, TimeWriter, type StreamIndex } from './json-entry';

/** The file operations the writer uses (node:fs by default; tests may wrap them). */
export type WriterFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'closeSync' | 'renameSync' | 'fstatSync' | 'ftruncateSync'>;

export interface JsonFileOptions {
  path: string;
  /** Bytes; 0 means never rotate. */
  maxSize: number;
  /** Files kept including the live one; 1 means no backups. */
  maxFiles: number;
  clock?: LogClock;
  fs?: WriterFs;
}

const OUT_BYTES = 256 * 1024;

/** The renames that rotate `path` keeping `maxFiles` files, oldest first ([] when there are no backups). */
export function rotationRenames(path: string, maxFiles: number): Array<[string, string]> {
  if (maxFiles < 2) return [];
  const renames: Array<[string, string]> = [];
  for (let i = maxFiles - 1; i > 1; i--) renames.push([`${path}.${i - 1}`, `${path}.${i}`]);
  renames.push([path, `${path}.1`]);
  return renames;
}

/** Appends json-file entries to one container's log, rotating it by size. */
export class JsonFileWriter {
  private fd: number;
  private size: number;
  private readonly out = Buffer.allocUnsafe(OUT_BYTES);
  private outLen = 0;
  private readonly time = new TimeWriter();
  private readonly clock: LogClock;
  private readonly fs: WriterFs;
  /** Bytes that could not be written (disk full...): dropped rather than blocking the container. */
  dropped = 0;

  constructor(private readonly opts: JsonFileOptions) {
    this.fs = opts.fs ?? nodeFs;
    this.clock = opts.clock ?? new LogClock();
    this.fd = this.open();
    this.size = this.fs.fstatSync(this.fd).size;
  }

  /** Adds one entry (see LineSplitter); it reaches the file at the next flush or when the buffer fills. */
  entry(stream: StreamIndex, src: Buffer, start: number, end: number, newline: boolean): void {
    if (this.opts.maxSize > 0 && this.size + this.outLen >= this.opts.maxSize) {
      this.flush();
      this.rotate();
    }
    if (this.outLen + MAX_ENTRY_BYTES > this.out.length) this.flush();
    this.clock.tick();
    this.outLen = encodeEntry(this.out, this.outLen, src, start, end, newline, stream, this.time, this.clock.sec, this.clock.nsec);
  }

  /** Writes the buffered entries out. */
  flush(): void {
    let off = 0;
    try {
      while (off < this.outLen) off += this.fs.writeSync(this.fd, this.out, off, this.outLen - off);
    } catch {
      this.dropped += this.outLen - off;
    }
    this.size += off;
    this.outLen = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    if (this.opts.maxFiles < 2) {
      try {
        this.fs.ftruncateSync(this.fd, 0);
      } catch { /* the live file keeps growing */ }
      this.size = 0;
      return;
    }
    if (this.fd >= 0) this.fs.closeSync(this.fd);
    this.fd = -1;
    for (const [from, to] of rotationRenames(this.opts.path, this.opts.maxFiles)) {
      try {
        this.fs.renameSync(from, to);
      } catch { /* a missing backup is normal; on other failures the live file keeps growing */ }
    }
    try {
      this.fd = this.open();
      this.size = this.fs.fstatSync(this.fd).size;
    } catch { /* writes fail and are counted in `dropped` until the next rotation attempt */ }
  }

  // Never O_TRUNC: after a failed rename the path still holds the live log.
  private open(): number {
    const { O_WRONLY, O_APPEND, O_CREAT } = nodeFs.constants;
    return this.fs.openSync(this.opts.path, O_WRONLY | O_APPEND | O_CREAT, 0o640);
  }
}
