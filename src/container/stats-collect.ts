// One round of `stats` sampling: which containers, their task metrics (one Tasks.Metrics call for
// all), the host CPU counter and each container's network counters.
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import type { Process } from '../containerd/types';
import { decodeCgroupMetrics } from './cgroup-metrics';
import type { CgroupSample } from './cgroup-metrics';
import { LABELS } from './labels';
import { findContainer } from './lookup';
import { netDevTotals, systemCpuNs } from './stats';
import type { StatsSnapshot } from './stats';
import { isLive } from './task-state';

/** Host files `stats` reads; undefined when a file cannot be read. */
export interface StatsHost {
  readText(path: string): string | undefined;
}

/** A container `stats` follows. */
export interface StatsTarget { id: string; name: string; ref?: string }

/** The containers named by refs (docker's errors for unknown ones). */
export async function resolveTargets(client: ContainerdClient, refs: readonly string[]): Promise<StatsTarget[]> {
  const out: StatsTarget[] = [];
  for (const ref of refs) {
    const c = await findContainer(client, ref);
    out.push({ ...target(c), ref });
  }
  return out;
}

const target = (c: Pick<Container, 'id' | 'labels'>): StatsTarget => ({ id: c.id, name: c.labels[LABELS.name] ?? '' });

/** Running containers of the namespace (every one with all), oldest first as listed by containerd. */
export async function listTargets(client: ContainerdClient, all: boolean): Promise<StatsTarget[]> {
  const [containers, tasks] = await Promise.all([client.containers.list(), client.tasks.list()]);
  const live = new Set(tasks.filter((t) => isLive(t)).map((t) => t.id));
  return containers.filter((c) => all || live.has(c.id)).map(target);
}

/** Samples the targets now. Containers without a live task get no cgroup figures. */
export async function sampleTargets(client: ContainerdClient, targets: readonly StatsTarget[], host: StatsHost): Promise<StatsSnapshot[]> {
  if (targets.length === 0) return [];
  const tasks = new Map<string, Process>((await client.tasks.list()).map((t) => [t.id, t]));
  const liveIds = targets.filter((t) => isLive(tasks.get(t.id))).map((t) => t.id);
  const samples = new Map<string, CgroupSample>();
  if (liveIds.length) {
    const metrics = await client.tasks.metrics(liveIds.map((id) => `id==${id}`));
    for (const m of metrics) samples.set(m.id, decodeCgroupMetrics(m.data));
  }
  const systemNs = systemCpuNs(host.readText('/proc/stat') ?? '');
  return targets.map((t) => {
    const task = tasks.get(t.id);
    const cgroup = samples.get(t.id);
    const net = isLive(task) && task!.pid > 0 ? netDevTotals(host.readText(`/proc/${task!.pid}/net/dev`) ?? '') : { rx: 0, tx: 0 };
    return {
      id: t.id, name: t.name, ...(t.ref !== undefined && { ref: t.ref }), ...(cgroup && { cgroup }),
      systemNs, netRx: net.rx, netTx: net.tx,
    };
  });
}
