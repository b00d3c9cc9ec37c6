// What docker's restart manager does when a container exits by itself, on top of containerd 1.6's
// restart monitor. That monitor (runtime/restart/monitor) only polls, every 10 s by default, for
// containers labelled containerd.io/restart.status=running whose task is not running, and starts
// them again; it reads no policy, no exit code and keeps no count. So the container's logger, which
// sees the exit first, decides here: it counts the restart (containerd.io/restart.count, inspect's
// RestartCount) and, for on-failure, sets the status label only when the exit code and the retry
// budget call for a restart (the label is absent while an on-failure container runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerdClient } from '../containerd/client';
import { LABELS } from './labels';
import { type RestartPolicy, formatRestartPolicy, restartPolicyFromLabels } from './restart';
import { updateLabels } from './task-state';

/** <state-dir>/restart-policy: tells the logger, without asking containerd, that exits matter. */
export const RESTART_HINT_FILE = 'restart-policy';

/** Records (or, for "no", removes) the hint the logger reads at the container's exit. */
export function writeRestartHint(stateDir: string, policy: RestartPolicy): void {
  const file = path.join(stateDir, RESTART_HINT_FILE);
  if (policy.name === 'no') fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, formatRestartPolicy(policy), { mode: 0o644 });
}

/** True when the logger must look at the container's exit. */
export function hasRestartHint(stateDir: string): boolean {
  return fs.existsSync(path.join(stateDir, RESTART_HINT_FILE));
}

/** True for the policies whose status label stays "running" while the container runs. */
export function keepsRunning(policy: RestartPolicy): boolean {
  return policy.name === 'always' || policy.name === 'unless-stopped';
}

export interface LabelChange {
  set: Record<string, string>;
  remove: string[];
}

/** docker's decision for a container that exited with `exitStatus` by itself; undefined: change nothing. Pure. */
export function decideOnExit(labels: Readonly<Record<string, string>>, exitStatus: number): LabelChange | undefined {
  const policy = restartPolicyFromLabels(labels);
  if (policy.name === 'no' || labels[LABELS.restartExplicitlyStopped] === 'true') return undefined;
  const count = Number(labels[LABELS.restartCount]) || 0;
  const next = { [LABELS.restartCount]: String(count + 1) };
  if (keepsRunning(policy)) {
    return labels[LABELS.restartStatus] === 'running' ? { set: next, remove: [] } : undefined;
  }
  const retry = exitStatus !== 0 && (policy.maxRetries === 0 || count < policy.maxRetries);
  if (retry) return { set: { ...next, [LABELS.restartStatus]: 'running' }, remove: [] };
  return labels[LABELS.restartStatus] !== undefined ? { set: {}, remove: [LABELS.restartStatus] } : undefined;
}

const RPC_TIMEOUT_MS = 5000;

/** Applies decideOnExit to a container whose init just exited; errors are the caller's to ignore. */
export async function handleTaskExit(client: ContainerdClient, id: string): Promise<LabelChange | undefined> {
  const exit = await client.tasks.wait(id, '', { timeoutMs: RPC_TIMEOUT_MS });
  const c = await client.containers.get(id, { timeoutMs: RPC_TIMEOUT_MS });
  const change = decideOnExit(c.labels, exit.exitStatus);
  if (change) await updateLabels(client, id, change.set, change.remove);
  return change;
}

/** Removes containerd.io/restart.status from a running on-failure container (set by its last failed exit). */
export async function clearOnFailureStatus(client: ContainerdClient, id: string): Promise<void> {
  const c = await client.containers.get(id, { timeoutMs: RPC_TIMEOUT_MS });
  if (restartPolicyFromLabels(c.labels).name !== 'on-failure' || c.labels[LABELS.restartStatus] === undefined) return;
  await updateLabels(client, id, {}, [LABELS.restartStatus]);
}
