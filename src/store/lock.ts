// Cross-process exclusive locks without flock (Node has none): a lock is a Linux abstract unix
// socket named after the locked path. bind() on an abstract name is atomic and exclusive, and the
// kernel frees the name when the holder exits or crashes, so a lock can never go stale and no
// pid bookkeeping or lock-breaking race exists. Abstract names live per network namespace: every
// nerdts process (CLI, OCI hook run by runc, log driver) runs in the host's.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { resolve } from 'node:path';
import { NerdtsError } from '../errors';

export interface LockOptions {
  /** Give up after this long (default 60 s): a holder that long is stuck, not busy. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A held lock; release() is idempotent. */
export interface HeldLock {
  release(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const FIRST_DELAY_MS = 1;
const MAX_DELAY_MS = 25;

/** The abstract socket name for a path (the leading NUL selects Linux's abstract namespace). */
export function lockName(path: string): string {
  return `\0nerdts-lock:${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 48)}`;
}

function tryBind(name: string): Promise<Server | undefined> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') done(undefined);
      else fail(err);
    });
    server.listen({ path: name, exclusive: true }, () => {
      server.unref(); // the work done under the lock keeps the process alive, not the lock
      done(server);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the lock on `path` is free and takes it. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<HeldLock> {
  const name = lockName(path);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let delay = FIRST_DELAY_MS;
  for (;;) {
    if (options.signal?.aborted) throw new NerdtsError('canceled', `waiting for the lock on ${path} was canceled`);
    const server = await tryBind(name);
    if (server) return held(server);
    if (Date.now() >= deadline) {
      throw new NerdtsError('deadline-exceeded', `timed out waiting for the lock on ${path}`,
        { hint: 'another nerdts process holds it; retry when it has finished' });
    }
    // Jittered backoff so a crowd of waiters does not retry in lockstep.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(MAX_DELAY_MS, delay * 2);
  }
}

function held(server: Server): HeldLock {
  let released: Promise<void> | undefined;
  return {
    release: () => (released ??= new Promise<void>((r) => server.close(() => r()))),
  };
}

/** Runs `fn` holding the lock on `path`; the lock is released however `fn` ends. */
export async function withLock<T>(path: string, fn: () => T | Promise<T>, options?: LockOptions): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
