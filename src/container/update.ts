// `update`: new resource limits (and restart policy) for existing containers. The container
// record's spec changes so the limits survive a restart, and a running task gets them at once
// (Tasks.Update with the whole LinuxResources, as nerdctl sends it).
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { TaskStatus } from '../containerd/types';
import { TYPE_URL, packJson } from '../containerd/typeurl';
import { NerdtsError } from '../errors';
import { findContainer } from './lookup';
import { parseRestartPolicy } from './restart';
import { setRestartPolicy } from './restart-update';
import type { RestartUpdateContext } from './restart-update';
import { cpuResources, parseSizeFlag, serializeSpec } from './spec';
import type { Resources, Spec } from './spec';
import { specOfRecord } from './spec-exact';
import { isLive, taskOf } from './task-state';

/** The flags of `update`; unset fields keep their current values. */
export interface UpdateOptions {
  cpus?: string;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  memory?: string;
  memoryReservation?: string;
  /** "-1" for unlimited swap. */
  memorySwap?: string;
  pidsLimit?: number;
  restart?: string;
  /** Host CPU count, for docker's --cpus range check; skipped when unknown. */
  hostCpus?: number;
}

const RESOURCE_KEYS = ['cpus', 'cpuShares', 'cpuPeriod', 'cpuQuota', 'cpusetCpus', 'cpusetMems', 'memory',
  'memoryReservation', 'memorySwap', 'pidsLimit'] as const;

/** True when the options change any resource (not only the restart policy). */
export const changesResources = (o: UpdateOptions): boolean => RESOURCE_KEYS.some((k) => o[k] !== undefined);

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);

function updateMemory(r: Resources, o: UpdateOptions): void {
  if (o.memory === undefined && o.memoryReservation === undefined && o.memorySwap === undefined) return;
  const m = (r.memory ??= {});
  const limit = o.memory !== undefined ? parseSizeFlag(o.memory, '-m, --memory') : m.limit ?? 0;
  let swap = o.memorySwap === undefined ? m.swap ?? 0 : o.memorySwap === '-1' ? -1 : parseSizeFlag(o.memorySwap, '--memory-swap');
  if (o.memory !== undefined && limit < 6 * 1024 * 1024) throw invalid('Minimum memory limit allowed is 6MB');
  if (o.memorySwap !== undefined && swap > 0 && swap < limit) {
    throw invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (o.memory !== undefined && o.memorySwap === undefined && swap > 0 && limit > swap) {
    throw invalid('Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time');
  }
  if (o.memorySwap !== undefined && limit === 0 && swap > 0) {
    throw invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
  }
  // A new limit on a container without swap settings gets docker's default: twice the limit.
  if (o.memory !== undefined && swap === 0) swap = limit * 2;
  if (limit > 0) m.limit = limit;
  if (swap !== 0) m.swap = swap;
  if (o.memoryReservation !== undefined) {
    const reservation = parseSizeFlag(o.memoryReservation, '--memory-reservation');
    if (limit > 0 && reservation > limit) throw invalid('Minimum memory limit can not be less than memory reservation limit, see usage');
    m.reservation = reservation;
  }
}

/** Applies the resource flags to the spec's linux.resources (pure apart from the spec). */
export function applyResourceUpdate(spec: Spec, o: UpdateOptions): Resources {
  const r = (spec.linux.resources ??= {});
  updateMemory(r, o);
  const cpu = cpuResources({
    ...(o.cpus !== undefined && { cpus: o.cpus }), ...(o.cpuShares !== undefined && { cpuShares: o.cpuShares }),
    ...(o.cpuPeriod !== undefined && { cpuPeriod: o.cpuPeriod }), ...(o.cpuQuota !== undefined && { cpuQuota: o.cpuQuota }),
    ...(o.cpusetCpus !== undefined && { cpusetCpus: o.cpusetCpus }), ...(o.cpusetMems !== undefined && { cpusetMems: o.cpusetMems }),
    ...(o.hostCpus !== undefined && { hostCpus: o.hostCpus }),
  });
  if (cpu) r.cpu = { ...r.cpu, ...cpu };
  if (o.pidsLimit !== undefined) r.pids = { limit: o.pidsLimit > 0 ? o.pidsLimit : -1 };
  return r;
}

/** Gives a running task new limits; on failure the record gets its old spec back so both agree. */
async function updateTask(client: ContainerdClient, c: Container, resources: Resources): Promise<void> {
  try {
    // Resources hold plain numbers only (the spec's bigints live in rlimits), so JSON packing is exact.
    await client.tasks.update(c.id, { resources: packJson(TYPE_URL.linuxResources, resources) });
  } catch (err) {
    await client.containers.update({ id: c.id, ...(c.spec && { spec: c.spec }) }, ['spec']).catch(() => undefined);
    throw err;
  }
}

/** Updates one container; returns its ID. Docker's errors for invalid combinations. */
export async function updateContainer(client: ContainerdClient, ref: string, o: UpdateOptions,
  ctx: RestartUpdateContext): Promise<string> {
  const c = await findContainer(client, ref);
  const task = await taskOf(client, c.id);
  if (task?.status === TaskStatus.PAUSING) throw new NerdtsError('conflict', `container "${c.id}" is in pausing state`);
  // Parse before changing anything, so a bad policy leaves the limits alone.
  if (o.restart !== undefined) parseRestartPolicy(o.restart);
  if (changesResources(o)) {
    const spec = specOfRecord(c.spec);
    const resources = applyResourceUpdate(spec, o);
    await client.containers.update({ id: c.id, spec: { typeUrl: TYPE_URL.spec, value: Buffer.from(serializeSpec(spec)) } }, ['spec']);
    if (isLive(task)) await updateTask(client, c, resources);
  }
  if (o.restart !== undefined) await setRestartPolicy(client, c.id, o.restart, ctx);
  return c.id;
}
