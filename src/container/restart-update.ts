// `update --restart`: changes the restart policy of an existing container, running or not, with
// docker's rules (no restart policy on an --rm container) and the same labels create writes.
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { NerdtsError } from '../errors';
import { LABELS } from './labels';
import { findContainer } from './lookup';
import { type RestartPolicy, checkRestartSupport, formatRestartPolicy, parseRestartPolicy } from './restart';
import { keepsRunning, writeRestartHint } from './restart-exit';
import { isLive, stateDirOf, taskOf, updateLabels } from './task-state';

export interface RestartUpdateContext {
  /** The data store (for the state directory of containers without the state-dir label). */
  dataStore: string;
  namespace: string;
}

/** Sets a container's restart policy ("always", "on-failure:3", a parsed policy, ...); returns the container. */
export async function setRestartPolicy(client: ContainerdClient, ref: string, policy: RestartPolicy | string,
  ctx: RestartUpdateContext): Promise<Container> {
  const p = typeof policy === 'string' ? parseRestartPolicy(policy) : policy;
  const c = await findContainer(client, ref);
  if (p.name !== 'no' && c.labels[LABELS.autoRemove] === 'true') {
    throw new NerdtsError('invalid-argument', 'Restart policy cannot be updated because AutoRemove is enabled for the container');
  }
  await checkRestartSupport(client, p);
  const live = isLive(await taskOf(client, c.id));
  const { set, remove } = restartPolicyLabels(c.labels, p, live);
  await updateLabels(client, c.id, set, remove);
  writeRestartHint(stateDirOf(c, ctx.dataStore, ctx.namespace), p);
  return c;
}

/** The label change for a new policy. The status label is set only on a running container. Pure. */
export function restartPolicyLabels(labels: Readonly<Record<string, string>>, p: RestartPolicy, live: boolean): { set: Record<string, string>; remove: string[] } {
  if (p.name === 'no') {
    return { set: {}, remove: [LABELS.restartPolicy, LABELS.restartStatus, LABELS.restartLogUri].filter((k) => labels[k] !== undefined) };
  }
  const set: Record<string, string> = { [LABELS.restartPolicy]: formatRestartPolicy(p) };
  const logUri = labels[LABELS.logUri];
  if (logUri && logUri !== 'none') set[LABELS.restartLogUri] = logUri;
  const remove: string[] = [];
  if (keepsRunning(p) && live) set[LABELS.restartStatus] = 'running';
  else if (!keepsRunning(p) && labels[LABELS.restartStatus] !== undefined) remove.push(LABELS.restartStatus);
  return { set, remove };
}
