// A container's state and docker's STATUS text ("Up 3 minutes", "Exited (0) 2 seconds ago",
// "Up 5 minutes (Paused)", "Restarting (1) 4 seconds ago", "Created") from its task (pure).
import { TaskStatus } from '../containerd/types';
import { humanDuration } from '../units';

/** docker's State values. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';

export const CONTAINER_STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'exited', 'dead'];

export interface StatusInput {
  /** The task as Tasks.List reports it; undefined when the container has none. */
  task?: { status: TaskStatus; exitStatus: number; exitedAtMs?: number | undefined };
  /** When the task's process started (epoch ms), if known. */
  startedAtMs?: number | undefined;
  /** containerd.io/restart.status: "running" means the monitor brings a stopped task back. */
  restartStatus?: string | undefined;
}

/** docker's State for a container. */
export function containerState(input: StatusInput): ContainerState {
  const t = input.task;
  if (!t || t.status === TaskStatus.CREATED) return 'created';
  if (t.status === TaskStatus.RUNNING) return 'running';
  if (t.status === TaskStatus.PAUSED || t.status === TaskStatus.PAUSING) return 'paused';
  if (t.status === TaskStatus.STOPPED) return input.restartStatus === 'running' ? 'restarting' : 'exited';
  return 'dead';
}

const ago = (thenMs: number | undefined, nowMs: number): string =>
  thenMs ? ` ${humanDuration(Math.max(0, nowMs - thenMs))} ago` : '';

/** docker's STATUS column text. */
export function statusText(input: StatusInput, nowMs: number): string {
  const state = containerState(input);
  const up = input.startedAtMs ? `Up ${humanDuration(Math.max(0, nowMs - input.startedAtMs))}` : 'Up';
  switch (state) {
    case 'created': return 'Created';
    case 'running': return up;
    case 'paused': return `${up} (Paused)`;
    case 'restarting': return `Restarting (${input.task!.exitStatus})${ago(input.task!.exitedAtMs, nowMs)}`;
    case 'exited': return `Exited (${input.task!.exitStatus})${ago(input.task!.exitedAtMs, nowMs)}`;
    default: return 'Dead';
  }
}

/**
 * When a process started: its start time in clock ticks since boot (/proc/<pid>/stat) placed on
 * the wall clock through /proc/uptime (10 ms resolution; /proc/stat's btime is whole seconds and
 * would make a fresh container look "Up 1 second"). Undefined when not readable (another pid
 * namespace, process gone).
 */
export function processStartMs(pid: number, readText: (path: string) => string | undefined, nowMs: number,
  clockTicks = 100): number | undefined {
  if (!pid) return undefined;
  const boot = bootTimeMs(readText, nowMs);
  return boot === undefined ? undefined : processStartAfterBoot(pid, readText, boot, clockTicks);
}

/** The wall-clock time of boot (epoch ms) from /proc/uptime; undefined when not readable. */
export function bootTimeMs(readText: (path: string) => string | undefined, nowMs: number): number | undefined {
  const uptime = Number((readText('/proc/uptime') ?? '').split(' ')[0]);
  return Number.isFinite(uptime) && uptime > 0 ? nowMs - uptime * 1000 : undefined;
}

/** processStartMs with the boot time already known (one /proc/uptime read for a whole listing). */
export function processStartAfterBoot(pid: number, readText: (path: string) => string | undefined, bootMs: number,
  clockTicks = 100): number | undefined {
  const stat = pid ? readText(`/proc/${pid}/stat`) : undefined;
  if (!stat) return undefined;
  // Fields after the parenthesised command name; starttime is field 22 overall, the 20th after it.
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  if (!Number.isFinite(ticks)) return undefined;
  return Math.round(bootMs + (ticks / clockTicks) * 1000);
}
