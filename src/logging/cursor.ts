// Reading a growing log file line by line (FileCursor) and waiting for it to change (ChangeWaiter:
// fs.watch on the directory, with a polling timer as the fallback for filesystems where inotify
// says nothing).
import * as fs from 'node:fs';
import type { OpenLogFile } from './log-files';

const BLOCK = 64 * 1024;
// Bytes read per call, so the caller can write output out between calls.
const BUDGET = 1024 * 1024;

/** A read position in one open log file; an unfinished last line is kept until its "\n" arrives. */
export class FileCursor {
  private readonly buf = Buffer.allocUnsafe(BLOCK);
  private partial: Buffer | undefined;

  constructor(readonly file: OpenLogFile, public pos: number) {}

  /** Reads up to ~1 MiB of complete lines from the current position; returns the bytes read (0 at EOF). */
  readSome(onLine: (text: string) => void): number {
    const size = fs.fstatSync(this.file.fd).size;
    if (size < this.pos) {
      // Truncated in place (max-file 1): start over.
      this.pos = 0;
      this.partial = undefined;
    }
    let total = 0;
    while (this.pos < size && total < BUDGET) {
      const n = fs.readSync(this.file.fd, this.buf, 0, Math.min(BLOCK, size - this.pos), this.pos);
      if (n <= 0) break;
      this.pos += n;
      total += n;
      this.split(n, onLine);
    }
    return total;
  }

  private split(n: number, onLine: (text: string) => void): void {
    const data = this.buf.subarray(0, n);
    let start = 0;
    for (let q = data.indexOf(10); q >= 0; q = data.indexOf(10, start)) {
      if (this.partial) {
        onLine(Buffer.concat([this.partial, data.subarray(start, q)]).toString('utf8'));
        this.partial = undefined;
      } else {
        onLine(data.toString('utf8', start, q));
      }
      start = q + 1;
    }
    if (start < n) {
      const rest = Buffer.from(data.subarray(start, n));
      this.partial = this.partial ? Buffer.concat([this.partial, rest]) : rest;
    }
  }

  private closed = false;

  /** Closes the file (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.file.fd);
  }
}

/** Resolves wait() when something in the log's directory changes, after `pollMs`, or on abort. */
export class ChangeWaiter {
  private watcher: fs.FSWatcher | undefined;
  private dirty = false;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.notify();

  constructor(dir: string, prefix: string, private readonly pollMs: number,
    private readonly signal?: AbortSignal) {
    try {
      this.watcher = fs.watch(dir, { persistent: true }, (_event, name) => {
        if (!name || String(name).startsWith(prefix)) this.notify();
      });
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      this.watcher = undefined;
    }
    signal?.addEventListener('abort', this.onAbort);
  }

  private notify(): void {
    this.dirty = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Waits for a change, the poll interval or abort, whichever comes first. */
  wait(): Promise<void> {
    if (this.dirty || this.signal?.aborted) {
      this.dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.notify(), this.pollMs);
      this.wake = () => {
        clearTimeout(timer);
        this.dirty = false;
        resolve();
      };
    });
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  close(): void {
    this.closeWatcher();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.notify();
  }
}
