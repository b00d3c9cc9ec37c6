// Tells the logger when the container's init process has exited. The containerd 1.6 shim keeps
// its ends of the stdout/stderr pipes open until the task is deleted, so EOF does not mean "the
// container exited" (nerdctl's logger asks containerd with task.Wait for that). Without a gRPC
// client, we watch the init process: the shim starts the logger in the task's bundle directory,
// where it writes `init.pid` once runc has created the container.
import * as path from 'node:path';
import { processStart, realProc, type ProcReader } from './lock';

export interface InitState {
  pid?: number;
  start?: string;
}

/** One poll: updates `state` and returns true once the init process has gone (or became a zombie). */
export function initExited(bundleDir: string, state: InitState, proc: ProcReader = realProc): boolean {
  if (state.pid === undefined) {
    const text = proc.readText(path.join(bundleDir, 'init.pid'));
    const pid = text ? Number(text.trim()) : NaN;
    if (!Number.isInteger(pid) || pid <= 0) return false;
    const p = processStart(pid, proc);
    if (!p || !p.alive) return true;
    state.pid = pid;
    state.start = p.start;
    return false;
  }
  const p = processStart(state.pid, proc);
  return !p || !p.alive || p.start !== state.start;
}

/** True when `dir` looks like a containerd task bundle (so watching init.pid makes sense). */
export function isTaskBundle(dir: string, proc: ProcReader = realProc): boolean {
  return proc.inode(path.join(dir, 'config.json')) !== undefined;
}

/** Polls init every `intervalMs` and calls `onExit` once; stop() cancels; check() polls right now. */
export function watchInit(bundleDir: string, onExit: () => void, intervalMs = 500, proc: ProcReader = realProc): { stop(): void; check(): void } {
  const state: InitState = {};
  let stopped = false;
  const check = (): void => {
    if (stopped || !initExited(bundleDir, state, proc)) return;
    stop();
    onExit();
  };
  const timer = setInterval(check, intervalMs);
  const stop = (): void => { stopped = true; clearInterval(timer); };
  return { stop, check };
}
