// `logs` over a json-file log: the backups then the live file, `--tail` found from the end, and
// `--follow` that survives rotation and returns once the container has stopped and its logger has
// written its last line (isRunning false and the logger lock released, then a final drain), as
// nerdctl's `logs -f` does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangeWaiter, FileCursor } from './cursor';
import { EntryPrinter, type LogWrite } from './entries';
import { isLoggerAlive } from './lock';
import { findTailStart, openLogSet } from './log-files';
import type { UnixNanos } from './time';

export type { LogWrite } from './entries';

export interface ReadLogsOptions {
  /** The live json-file log (`<state-dir>/<id>-json.log` or the log-path option). */
  path: string;
  /** Last N entries only (docker's -n); undefined for all, 0 for none. */
  tail?: number;
  /** Entries at or after this time (Date, or nanoseconds from parseLogTime). */
  since?: Date | UnixNanos;
  /** Entries at or before this time; reading stops at the first later entry. */
  until?: Date | UnixNanos;
  /** Prefix each entry with its time, 9 fraction digits (`2024-01-02T03:04:05.123456789Z `). */
  timestamps: boolean;
  follow: boolean;
  stdout: LogWrite;
  stderr: LogWrite;
  /** Whether the container's task is running (asked only when the file is idle and the logger gone). */
  isRunning: () => Promise<boolean>;
  /** Stops following (returns normally). */
  signal?: AbortSignal;
  /** The logger lock; defaults to `logger-lock` next to `path`. */
  lockPath?: string;
  /** Liveness of the logger; defaults to lock.ts isLoggerAlive(lockPath). */
  loggerAlive?: () => boolean;
  /** Polling interval while following, for filesystems where fs.watch is silent. */
  pollMs?: number;
  /** Clock for --until while following. */
  nowMs?: () => number;
}

function toNanos(t: Date | UnixNanos | undefined): UnixNanos | undefined {
  if (t === undefined || typeof t === 'bigint') return t;
  return BigInt(t.getTime()) * 1_000_000n;
}

interface ReadContext {
  opts: ReadLogsOptions;
  printer: EntryPrinter;
  until: UnixNanos | undefined;
}

/** Prints the container's log as `docker logs` does; with follow, keeps printing until the container stops. */
export async function readLogs(opts: ReadLogsOptions): Promise<void> {
  const until = toNanos(opts.until);
  const printer = new EntryPrinter({ timestamps: opts.timestamps, since: toNanos(opts.since), until, stdout: opts.stdout, stderr: opts.stderr });
  const ctx: ReadContext = { opts, printer, until };
  const now = opts.nowMs ?? Date.now;
  const follow = opts.follow && (until === undefined || until > BigInt(now()) * 1_000_000n);
  const files = openLogSet(opts.path);
  const cursors = new Set<FileCursor>();
  let reached = 0;
  try {
    const start = findTailStart(files, opts.tail);
    for (const f of files.splice(0, start.index)) fs.closeSync(f.fd);
    // Following goes on from the newest file, even one a rotation has just renamed.
    const live = files.length - 1;
    let liveCursor: FileCursor | undefined;
    for (let i = 0; i < files.length; i++) {
      reached = i + 1;
      const cursor = new FileCursor(files[i]!, i === 0 ? start.offset : 0);
      cursors.add(cursor);
      if (follow && i === live) { liveCursor = cursor; break; }
      await drain(cursor, ctx);
      if (printer.pastUntil) return;
    }
    if (follow) await followLive(liveCursor, ctx, cursors);
  } finally {
    for (const c of cursors) c.close();
    // Files the loop never reached (an early return) have no cursor to close them.
    for (const f of files.slice(reached)) fs.closeSync(f.fd);
  }
}

// Prints everything readable now; true when anything was read.
async function drain(cursor: FileCursor, ctx: ReadContext): Promise<boolean> {
  let any = false;
  for (;;) {
    const n = cursor.readSome((line) => ctx.printer.line(line));
    if (n > 0) any = true;
    if (n === 0 || ctx.printer.pastUntil || ctx.printer.full) await ctx.printer.flush();
    if (n === 0 || ctx.printer.pastUntil) return any;
  }
}

// True when the live path holds another file than the one `current` reads (or one appeared).
function rotated(current: FileCursor | undefined, logPath: string): boolean {
  try {
    return !current || current.file.ino !== fs.statSync(logPath).ino;
  } catch {
    return false;
  }
}

// After a rotation: finishes the old file, reads the backups written since (several rotations
// may pass between two looks), and returns a cursor on the newest file: the new live file, or the
// old one again while nothing newer exists yet.
async function catchUp(old: FileCursor | undefined, ctx: ReadContext, cursors: Set<FileCursor>): Promise<FileCursor | undefined> {
  if (old) await drain(old, ctx);
  const set = openLogSet(ctx.opts.path);
  // Oldest first: the files after the old one are newer; if it aged out (or none was read), all are.
  const at = old ? set.findIndex((f) => f.ino === old.file.ino) : -1;
  if (old && at === set.length - 1) {
    for (const f of set) fs.closeSync(f.fd);
    return old;
  }
  if (old) {
    old.close();
    cursors.delete(old);
  }
  let next: FileCursor | undefined;
  for (let i = 0; i < set.length; i++) {
    const f = set[i]!;
    if (i <= at || ctx.printer.pastUntil) {
      fs.closeSync(f.fd);
      continue;
    }
    const c = new FileCursor(f, 0);
    cursors.add(c);
    if (i === set.length - 1) {
      next = c;
    } else {
      await drain(c, ctx);
      c.close();
      cursors.delete(c);
    }
  }
  return next;
}

async function followLive(first: FileCursor | undefined, ctx: ReadContext, cursors: Set<FileCursor>): Promise<void> {
  const { opts } = ctx;
  const lockPath = opts.lockPath ?? path.join(path.dirname(opts.path), 'logger-lock');
  const loggerAlive = opts.loggerAlive ?? (() => isLoggerAlive(lockPath));
  const now = opts.nowMs ?? Date.now;
  const waiter = new ChangeWaiter(path.dirname(opts.path), path.basename(opts.path), opts.pollMs ?? 200, opts.signal);
  let cursor = first;
  let ending = false;
  try {
    for (;;) {
      if (opts.signal?.aborted) return;
      let progressed = cursor ? await drain(cursor, ctx) : false;
      if (ctx.printer.pastUntil) return;
      if (rotated(cursor, opts.path)) {
        cursor = await catchUp(cursor, ctx, cursors);
        progressed = true;
        if (ctx.printer.pastUntil) return;
      }
      if (progressed) continue;
      if (ending) return;
      if (ctx.until !== undefined && BigInt(now()) * 1_000_000n > ctx.until) return;
      // The /proc check first: isRunning may be a containerd round trip, needed only once the logger is gone.
      if (!loggerAlive() && !(await opts.isRunning())) { ending = true; continue; }
      await waiter.wait();
    }
  } finally {
    waiter.close();
  }
}
