// Serializing CNI calls across processes. Two strategies behind one call:
// - 'file': pure Node (lock file created atomically, holder pid recorded, dead holders broken;
//   see file-lock.ts). It cannot share nerdctl's lock: nerdctl flocks a file that always exists.
// - 'flock': a kernel flock(2) taken through util-linux flock(1) on a descriptor we keep
//   (flock-lock.ts); it excludes nerdctl's OCI hook too, on the same file.
import { join } from 'node:path';
import type { LockHandle } from './file-lock';
import { acquireFileLock } from './file-lock';
import { acquireFlock } from './flock-lock';

export type LockKind = 'file' | 'flock';

/** nerdctl's CNI lock (flock) in the netconf dir. */
export const NERDCTL_CNI_LOCK_FILE = '.cni-concurrency.lock';
/** Our file lock's name in the netconf dir (it must differ from nerdctl's, see above). */
export const NERDTS_CNI_LOCK_FILE = '.nerdts-cni-concurrency.lock';

export interface CniLockOptions {
  path: string;
  /** Default 'file'. */
  kind?: LockKind;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The lock path for CNI calls on a netconf dir, for the given strategy. */
export function cniLockPath(netconfPath: string, kind: LockKind = 'file'): string {
  return join(netconfPath, kind === 'flock' ? NERDCTL_CNI_LOCK_FILE : NERDTS_CNI_LOCK_FILE);
}

/** Takes the lock; release the handle when done. */
export function acquireLock(opts: CniLockOptions): Promise<LockHandle> {
  const common = { timeoutMs: opts.timeoutMs, signal: opts.signal };
  return opts.kind === 'flock' ? acquireFlock(opts.path, common) : acquireFileLock(opts.path, common);
}

/** Runs `fn` while holding the lock. */
export async function withLock<T>(opts: CniLockOptions, fn: () => Promise<T>): Promise<T> {
  const handle = await acquireLock(opts);
  try {
    return await fn();
  } finally {
    await handle.release();
  }
}
