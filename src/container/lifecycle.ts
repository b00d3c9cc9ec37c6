// start, stop, kill, wait, pause and unpause with docker's semantics and errors. An explicit stop
// or kill keeps a restart-policy container stopped (docker's behaviour; nerdctl's "always"
// container comes back ~10 s later) by clearing the restart monitor's status label.
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import type { FreshContainer } from './create-options';
import { TaskStatus } from '../containerd/types';
import { TYPE_URL, unpackJson } from '../containerd/typeurl';
import { publishAction } from './action-events';
import { NerdtsError, isNotFound } from '../errors';
import { replaceFile } from '../store/atomic-write';
import { dataStorePath } from '../store/data-store';
import { LABELS } from './labels';
import { findContainer } from './lookup';
import { restartPolicyFromLabels } from './restart';
import { keepsRunning } from './restart-exit';
import { SIGKILL, parseSignal } from './signals';
import type { Spec } from './spec';
import { detachedStdio } from './stdio/detached-start';
import { attachesEarly, beginEarlyAttach, detachEarly } from '../hook/early-attach';
import { claimNetworkRelease } from '../logging/release-claim';
import { isLive, recordError, stateDirOf, taskOf, updateLabels } from './task-state';

export { removeContainer, type RemoveOptions } from './remove';
export { renameContainer } from './rename';

/** docker's default grace period before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_S = 10;

/** How an attaching caller (run, start -a) wires the task: its stdio, and a step between create and start. */
export interface StartAttach {
  io(c: Container): { stdin: string; stdout: string; stderr: string };
  beforeStart(c: Container): Promise<void>;
}

/**
 * Starts a created or stopped container detached; a running one is left alone (docker). `fresh`:
 * a container this process has just created (no lookup, no task to look for, its mounts known).
 */
export async function startContainer(client: ContainerdClient, globals: GlobalOptions, ref: string, now: () => number = Date.now,
  attach?: StartAttach, fresh?: FreshContainer): Promise<Container> {
  const c = fresh?.record ?? await findContainer(client, ref);
  const task = fresh ? undefined : await taskOf(client, c.id);
  if (isLive(task)) return c;
  if (task) await client.tasks.delete(c.id).catch((err: unknown) => { if (!isNotFound(err)) throw err; });
  try {
    const rootfs = fresh?.rootfs ?? await client.snapshots.mounts(c.snapshotter, c.snapshotKey);
    const spec = unpackJson<Spec>(c.spec, TYPE_URL.spec);
    const wiring = attach ?? detachedStdio(globals);
    // The network is attached from here while containerd makes the task (hook/early-attach.ts).
    const network = beginEarlyAttach(globals, c.id, spec.annotations ?? {});
    try {
      await client.tasks.create({ containerId: c.id, rootfs, terminal: Boolean(spec.process.terminal), ...wiring.io(c) });
    } catch (err) {
      await network?.undo();
      throw err;
    }
    try {
      await network?.done;
      await wiring.beforeStart(c);
      await client.tasks.start(c.id);
    } catch (err) {
      await client.tasks.delete(c.id).catch(() => undefined);
      await network?.undo();
      throw err;
    }
  } catch (err) {
    await recordError(client, c.id, err);
    throw err;
  }
  const set: Record<string, string> = { [LABELS.restartExplicitlyStopped]: 'false' };
  // Set only once the task runs: the monitor would otherwise start a never-started container.
  // on-failure runs without it: the logger sets it only after a failed exit (restart-exit.ts).
  if (keepsRunning(restartPolicyFromLabels(c.labels))) set[LABELS.restartStatus] = 'running';
  // A manual start resets docker's RestartCount.
  const remove = [LABELS.error, LABELS.restartCount].filter((k) => c.labels[k] !== undefined);
  // A container created with explicitly-stopped "false" needs no round trip for it (create-labels.ts).
  if (remove.length > 0 || Object.entries(set).some(([k, v]) => c.labels[k] !== v)) await updateLabels(client, c.id, set, remove);
  writeLifecycle(stateDirOf(c, dataStorePath(globals), globals.namespace), now());
  return c;
}

// nerdctl's lifecycle.json (written by its OCI hook; here for containers without one).
function writeLifecycle(stateDir: string, startedAt: number): void {
  try {
    replaceFile(join(stateDir, 'lifecycle.json'), JSON.stringify({ started_at: new Date(startedAt).toISOString(), create_error: false }));
  } catch {
    // informational only: inspect falls back to the process start time
  }
}

/** Marks a container as explicitly stopped, so no restart policy brings it back. */
async function markStopped(client: ContainerdClient, c: Container): Promise<void> {
  await updateLabels(client, c.id, { [LABELS.restartExplicitlyStopped]: 'true' },
    c.labels[LABELS.restartStatus] !== undefined ? [LABELS.restartStatus] : []);
}

export interface StopOptions {
  /** Seconds before SIGKILL (-t); default the container's stop-timeout label, else 10; negative waits forever. */
  timeoutSeconds?: number;
  /** Overrides the container's stop signal (-s). */
  signal?: string;
  /** Releases the networks of a container with a pinned namespace here, after the exit, instead of in its logger. */
  release?: GlobalOptions;
  /** With `release`: the removal that follows detaches (compose down); the stop returns at the exit. */
  releaseByRemoval?: boolean;
}

/** docker stop: the stop signal, then SIGKILL after the timeout; returns once the process is gone. */
export async function stopContainer(client: ContainerdClient, ref: string, options: StopOptions = {}): Promise<Container> {
  const c = await findContainer(client, ref);
  const signal = parseSignal(options.signal || c.labels[LABELS.stopSignal] || 'SIGTERM');
  await markStopped(client, c);
  const task = await taskOf(client, c.id);
  if (!isLive(task)) return c;
  const label = Number(c.labels[LABELS.stopTimeout]);
  const timeout = options.timeoutSeconds ?? (Number.isInteger(label) && c.labels[LABELS.stopTimeout] ? label : DEFAULT_STOP_TIMEOUT_S);
  const waiter = new AbortController();
  const exited = client.tasks.wait(c.id, '', { signal: waiter.signal });
  exited.catch(() => undefined);
  const release = options.release && attachesEarly(c.labels) ? claimRelease(c, options.release, options.releaseByRemoval) : undefined;
  // docker's events: kill (published as the signal goes, ahead of the exit's die), then stop.
  const published: Array<Promise<void>> = [];
  const kill = async (sig: number, all = false): Promise<void> => {
    published.push(publishAction(client, 'kill', { containerId: c.id, signal: sig }));
    await client.tasks.kill(c.id, sig, { all });
  };
  try {
    if (task!.status !== TaskStatus.RUNNING) await client.tasks.resume(c.id).catch(() => undefined);
    let gone = false;
    if (timeout !== 0) {
      await kill(signal);
      gone = await exitsWithin(exited, timeout < 0 ? undefined : timeout * 1000);
    }
    if (!gone) {
      await kill(SIGKILL, true);
      await exited;
    }
    published.push(publishAction(client, 'stop', { containerId: c.id }));
    await Promise.all([...published, release?.detach()]);
    return c;
  } catch (err) {
    if (isNotFound(err)) return c; // the task went away on its own meanwhile
    await recordError(client, c.id, err);
    throw err;
  } finally {
    waiter.abort();
    release?.unclaim();
  }
}

// The claim (the logger then leaves the release alone) and the detach to run once the process is
// gone; left to the removal that follows, the claim stays (it ends with this process).
function claimRelease(c: Container, globals: GlobalOptions, byRemoval = false): { detach(): Promise<void>; unclaim(): void } {
  const unclaim = claimNetworkRelease(stateDirOf(c, dataStorePath(globals), globals.namespace));
  if (byRemoval) return { unclaim: () => undefined, detach: async () => undefined };
  return { unclaim, detach: () => detachEarly(globals, c.id, c.labels).catch(() => undefined) };
}

function exitsWithin(exited: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) return exited.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => { timer = setTimeout(() => r(false), ms); });
  return Promise.race([exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/** docker kill: sends the signal (default SIGKILL) to a running container. */
export async function killContainer(client: ContainerdClient, ref: string, signal = 'SIGKILL'): Promise<Container> {
  const number = parseSignal(signal);
  const c = await findContainer(client, ref);
  if (!isLive(await taskOf(client, c.id))) {
    throw new NerdtsError('failed-precondition', `cannot kill container: ${ref}: container ${c.id} is not running`);
  }
  await markStopped(client, c);
  const published = publishAction(client, 'kill', { containerId: c.id, signal: number });
  await client.tasks.kill(c.id, number);
  await published;
  return c;
}

/** docker wait: blocks until the container's process exits; returns its exit code. */
export async function waitContainer(client: ContainerdClient, ref: string, signal?: AbortSignal): Promise<number> {
  const c = await findContainer(client, ref);
  const task = await taskOf(client, c.id);
  if (!task) {
    throw new NerdtsError('failed-precondition', `container ${ref} has not been started`, { hint: 'start it first' });
  }
  if (task.status === TaskStatus.STOPPED) return task.exitStatus;
  const res = await client.tasks.wait(c.id, '', signal ? { signal } : {});
  return res.exitStatus;
}

/** docker pause. */
export async function pauseContainer(client: ContainerdClient, ref: string): Promise<Container> {
  const c = await findContainer(client, ref);
  const task = await taskOf(client, c.id);
  if (!isLive(task)) throw new NerdtsError('failed-precondition', `Container ${c.id} is not running`);
  if (task!.status !== TaskStatus.RUNNING) throw new NerdtsError('failed-precondition', `Container ${c.id} is already paused`);
  await client.tasks.pause(c.id);
  return c;
}

/** docker unpause. */
export async function unpauseContainer(client: ContainerdClient, ref: string): Promise<Container> {
  const c = await findContainer(client, ref);
  const task = await taskOf(client, c.id);
  if (task?.status !== TaskStatus.PAUSED && task?.status !== TaskStatus.PAUSING) {
    throw new NerdtsError('failed-precondition', `Container ${c.id} is not paused`);
  }
  await client.tasks.resume(c.id);
  return c;
}
