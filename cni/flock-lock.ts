// A real flock(2) lock without native code: we open the lock file and hand the descriptor to
// util-linux flock(1) as its fd 3 (`flock -x 3`). flock locks belong to the open file description,
// which the child shares with us, so the lock stays held after flock(1) exits, until we close
// the descriptor or die. This interoperates with nerdctl's `<netconf>/.cni-concurrency.lock`.
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CniError, messageOf } from './errors';
import type { LockHandle } from './file-lock';
import { joinQueue, lockTimeout, waitTurn } from './lock-queue';

export interface FlockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The flock(1) executable (default: `flock` from PATH). */
  flockBinary?: string;
}

const CONFLICT_EXIT = 75;

/** Takes an exclusive flock on `path` (created if missing) via flock(1). */
export async function acquireFlock(path: string, opts: FlockOptions = {}): Promise<LockHandle> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  const slot = joinQueue(`flock:${path}`);
  try {
    await waitTurn(slot, path, timeoutMs, opts.signal);
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    const fh = await open(path, 'a', 0o644);
    try {
      await runFlock(fh.fd, path, Math.max(0, timeoutMs - (Date.now() - started)), opts);
    } catch (err) {
      await fh.close();
      throw err;
    }
    let released = false;
    return {
      path,
      async release() {
        if (released) return;
        released = true;
        try {
          await fh.close(); // closing our last reference to the description drops the lock
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

function runFlock(fd: number, path: string, waitMs: number, opts: FlockOptions): Promise<void> {
  const args = ['--exclusive', '--wait', (waitMs / 1000).toFixed(3), '--conflict-exit-code', String(CONFLICT_EXIT), '3'];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.flockBinary ?? 'flock', args, { stdio: ['ignore', 'ignore', 'pipe', fd] });
    const stderr: Buffer[] = [];
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr?.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new CniError('io', `cannot run flock(1) for ${path}: ${messageOf(err)}`, { cause: err, hint: 'install util-linux or use the file lock' }));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (code === 0) return resolve();
      if (opts.signal?.aborted) return reject(opts.signal.reason ?? new Error('aborted'));
      if (code === CONFLICT_EXIT) return reject(lockTimeout(path, opts.timeoutMs ?? 60_000, 'another process'));
      reject(new CniError('io', `flock(1) failed on ${path}: ${Buffer.concat(stderr).toString('utf8').trim() || `exit status ${code}`}`));
    });
  });
}
