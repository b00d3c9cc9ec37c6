// In-process FIFO in front of the cross-process locks: callers in one process wait here in order,
// so only one of them at a time polls (file lock) or blocks in a flock(1) child.
import { CniError } from './errors';

const tails = new Map<string, Promise<void>>();

/** A place in a key's queue; call `leave` exactly once, whether or not `ready` resolved. */
export interface QueueSlot {
  /** Resolves when every earlier slot for the key has left. */
  ready: Promise<void>;
  leave(): void;
}

/** Joins the queue for `key`. */
export function joinQueue(key: string): QueueSlot {
  const previous = tails.get(key) ?? Promise.resolve();
  let leave!: () => void;
  const left = new Promise<void>((resolve) => { leave = resolve; });
  // The tail settles only after earlier slots and this one have left, so a slot that gives up
  // waiting still holds later slots back until its predecessors are done.
  const tail = previous.then(() => left);
  tails.set(key, tail);
  void tail.then(() => { if (tails.get(key) === tail) tails.delete(key); });
  return { ready: previous, leave };
}

/** Waits for `slot.ready`, failing with 'lock-timeout' after `timeoutMs` or on abort. */
export async function waitTurn(slot: QueueSlot, path: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(lockTimeout(path, timeoutMs, 'another caller in this process')), timeoutMs);
    if (signal) {
      onAbort = () => reject(signal.reason ?? new Error('aborted'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    await Promise.race([slot.ready, giveUp]);
  } finally {
    clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The error for a lock not obtained in time. */
export function lockTimeout(path: string, timeoutMs: number, holder: string): CniError {
  return new CniError('lock-timeout', `timed out after ${timeoutMs}ms waiting for lock ${path} (held by ${holder})`, {
    hint: 'another CNI operation is still running; retry, or remove the lock file if its holder is gone',
  });
}
