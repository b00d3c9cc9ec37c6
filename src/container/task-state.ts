// Small shared steps of the lifecycle operations: a container's task (if any), label updates in
// one round trip, and the state-dir path a container records.
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { TYPE_URL, packJson, unpackJson } from '../containerd/typeurl';
import { TaskStatus } from '../containerd/types';
import type { Process } from '../containerd/types';
import { isNotFound } from '../errors';
import { containerStateDir } from '../store/state-dir';
import { LABELS } from './labels';

/** The container's task, or undefined when it has none (never started, or removed). */
export async function taskOf(client: ContainerdClient, id: string): Promise<Process | undefined> {
  try {
    return await client.tasks.get(id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** True while the task has a live process (running, paused or pausing). */
export const isLive = (task: Process | undefined): boolean =>
  task !== undefined && (task.status === TaskStatus.RUNNING || task.status === TaskStatus.PAUSED || task.status === TaskStatus.PAUSING);

/**
 * Sets a label and its mirror in the spec's annotations (internal labels, which the OCI hook and
 * the next start read from there) in one update.
 */
export async function updateMirroredLabel(client: ContainerdClient, c: Container, key: string, value: string): Promise<void> {
  const spec = unpackJson<{ annotations?: Record<string, string> }>(c.spec, TYPE_URL.spec);
  spec.annotations = { ...spec.annotations, [key]: value };
  await client.containers.update({ id: c.id, labels: { [key]: value }, spec: packJson(TYPE_URL.spec, spec) }, [`labels.${key}`, 'spec']);
}

/** Sets and deletes labels in one update (a masked key absent from `set` is deleted by containerd). */
export async function updateLabels(client: ContainerdClient, id: string, set: Record<string, string>, remove: readonly string[] = []): Promise<void> {
  const mask = [...Object.keys(set), ...remove].map((k) => `labels.${k}`);
  if (mask.length === 0) return;
  await client.containers.update({ id, labels: set }, mask);
}

/** Records the last error as nerdctl does (nerdctl/error), never masking the original failure. */
export async function recordError(client: ContainerdClient, id: string, err: unknown): Promise<void> {
  await updateLabels(client, id, { [LABELS.error]: (err as Error).message ?? String(err) }).catch(() => undefined);
}

/** The container's state directory: its label, else nerdctl's default path. */
export function stateDirOf(c: Pick<Container, 'id' | 'labels'>, dataStore: string, namespace: string): string {
  return c.labels[LABELS.stateDir] || containerStateDir(dataStore, namespace, c.id);
}
