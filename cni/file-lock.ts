// A cross-process lock in pure Node (Node has no flock): the lock is a file created atomically,
// and it names its holder so a crashed holder's lock can be broken.
//
// - Create: the owner record is written to a private temp file, then hard-linked to the lock
//   path. link(2) fails with EEXIST if the path exists, so creation is atomic and the lock file
//   is never seen empty or half written (an O_EXCL open followed by a write would be).
// - Owner: {pid, start (from /proc/<pid>/stat), boot (boot_id), token}. A holder is dead when the
//   boot differs, the pid is gone, or the pid now belongs to a process with another start time.
// - Break: a waiter that finds a dead holder takes a short-lived guard (`<path>.break`, created
//   the same way), re-reads the lock, and unlinks it only if it still holds the same record.
//   Only breakers unlink a dead holder's file, so the guard makes check-and-unlink atomic.
//   Residual risk: a breaker killed while holding the guard (a window of microseconds) leaves a
//   guard that is itself broken by the dead-owner rule, unguarded.
// - Wait: polling with capped exponential backoff and jitter, behind an in-process FIFO queue.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CniError, messageOf } from './errors';
import { joinQueue, lockTimeout, waitTurn } from './lock-queue';

/** Who holds a lock file. */
export interface LockOwner {
  pid: number;
  start?: string;
  boot?: string;
  token?: string;
}

/** A held lock; release it exactly once. */
export interface LockHandle {
  readonly path: string;
  release(): Promise<void>;
}

export interface FileLockOptions {
  /** Give up after this long (default 60s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Injected for tests. */
  isOwnerAlive?: (owner: LockOwner) => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Takes the lock at `path`, waiting for other processes (and callers in this process). */
export async function acquireFileLock(path: string, opts: FileLockOptions = {}): Promise<LockHandle> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const deadline = now() + timeoutMs;
  const slot = joinQueue(`file:${path}`);
  try {
    await waitTurn(slot, path, timeoutMs, opts.signal);
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    const record = ownerRecord();
    await pollForLock(path, record, deadline, timeoutMs, opts);
    let released = false;
    return {
      path,
      async release() {
        if (released) return;
        released = true;
        try {
          await unlinkIfHolds(path, record);
        } finally {
          slot.leave();
        }
      },
    };
  } catch (err) {
    slot.leave();
    throw err;
  }
}

async function pollForLock(path: string, record: string, deadline: number, timeoutMs: number, opts: FileLockOptions): Promise<void> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const alive = opts.isOwnerAlive ?? isOwnerAlive;
  const now = opts.now ?? Date.now;
  let delay = 2;
  for (;;) {
    if (await createWithContent(path, record)) return;
    const current = await readRecord(path);
    if (current === undefined) continue; // released between our attempt and the read
    const owner = parseOwner(current);
    if (owner && !alive(owner) && await breakStale(path, current, alive)) continue;
    opts.signal?.throwIfAborted();
    if (now() >= deadline) throw lockTimeout(path, timeoutMs, owner ? `pid ${owner.pid}` : 'an unknown holder');
    await sleep(Math.min(delay, Math.max(1, deadline - now())) * (0.5 + Math.random()));
    // A short cap: CNI holders release within ~100 ms, and a late waiter adds its whole sleep.
    delay = Math.min(delay * 2, 16);
  }
}

// Writes `content` to a temp file and links it into place; false if `path` already exists.
async function createWithContent(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o644, flag: 'wx' });
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CniError('io', `cannot create lock ${path}: ${messageOf(err)}`, { cause: err });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readRecord(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CniError('io', `cannot read lock ${path}: ${messageOf(err)}`, { cause: err });
  }
}

// Removes the lock if it still holds `staleRecord`; false when another breaker is at it.
async function breakStale(path: string, staleRecord: string, alive: (o: LockOwner) => boolean): Promise<boolean> {
  const guard = `${path}.break`;
  if (!(await createWithContent(guard, ownerRecord()))) {
    const guardRecord = await readRecord(guard);
    const guardOwner = guardRecord === undefined ? undefined : parseOwner(guardRecord);
    if (guardOwner && !alive(guardOwner)) await unlinkIfHolds(guard, guardRecord!);
    return false;
  }
  try {
    await unlinkIfHolds(path, staleRecord);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function unlinkIfHolds(path: string, record: string): Promise<void> {
  if ((await readRecord(path)) === record) await unlink(path).catch(() => undefined);
}

/** Parses a lock record; undefined when it is not one of ours. */
export function parseOwner(record: string): LockOwner | undefined {
  try {
    const doc = JSON.parse(record) as LockOwner;
    return Number.isInteger(doc.pid) && doc.pid > 0 ? doc : undefined;
  } catch {
    return undefined;
  }
}

function ownerRecord(): string {
  const owner: LockOwner = { pid: process.pid, start: processStart(process.pid), boot: bootId(), token: randomBytes(8).toString('hex') };
  return `${JSON.stringify(owner)}\n`;
}

/** Whether the recorded holder still runs (same boot, pid present, same start time). */
export function isOwnerAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(owner.pid);
  return !(owner.start && start && owner.start !== start);
}

let cachedBootId: string | undefined;
function bootId(): string | undefined {
  if (cachedBootId === undefined) cachedBootId = readText('/proc/sys/kernel/random/boot_id') ?? '';
  return cachedBootId || undefined;
}

// Field 22 of /proc/<pid>/stat (start time in clock ticks); the name field may hold spaces.
function processStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
