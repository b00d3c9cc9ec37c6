// docker container prune: removes every container without a live task (never started, exited,
// created), filtered by until= (creation time) and label[!]=; volumes are kept, as in docker.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { timestampToMillis } from '../containerd/types';
import { invalidArgument, isNotFound } from '../errors';
import { matchesLabels, parseUntil } from '../image/prune-filters';
import type { LabelFilter } from '../image/prune-filters';
import { removeContainer } from './remove';
import { isLive, taskOf } from './task-state';

export interface ContainerPruneFilters { until?: number; labels: LabelFilter[] }

/** Parses `--filter until=...|label=...|label!=...`; other keys are docker's "invalid filter". */
export function parseContainerPruneFilters(filters: readonly string[], now: number): ContainerPruneFilters {
  const out: ContainerPruneFilters = { labels: [] };
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw invalidArgument('bad format of filter (expected name=value)');
    const key = f.slice(0, eq).trim().toLowerCase();
    const value = f.slice(eq + 1);
    if (key === 'until') {
      const t = parseUntil(value, now);
      if (t === undefined) throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
      out.until = out.until === undefined ? t : Math.min(out.until, t);
    } else if (key === 'label' || key === 'label!') {
      const sep = value.indexOf('=');
      out.labels.push({ key: sep < 0 ? value : value.slice(0, sep), ...(sep >= 0 && { value: value.slice(sep + 1) }), negate: key === 'label!' });
    } else throw invalidArgument(`invalid filter '${key}'`);
  }
  return out;
}

export interface PrunedContainers { deleted: string[]; reclaimed: number }

/** Removes the stopped containers that pass the filters; returns their IDs and snapshot bytes. */
export async function pruneContainers(client: ContainerdClient, globals: GlobalOptions,
  o: { filters?: readonly string[]; now?: number } = {}): Promise<PrunedContainers> {
  const f = parseContainerPruneFilters(o.filters ?? [], o.now ?? Date.now());
  const out: PrunedContainers = { deleted: [], reclaimed: 0 };
  for (const c of await client.containers.list()) {
    if (f.until !== undefined && (timestampToMillis(c.createdAt) ?? 0) >= f.until) continue;
    if (!matchesLabels(c.labels, f.labels)) continue;
    if (isLive(await taskOf(client, c.id))) continue;
    const size = c.snapshotKey
      ? await client.snapshots.usage(c.snapshotter || globals.snapshotter, c.snapshotKey).then((u) => u.size, () => 0)
      : 0;
    try {
      await removeContainer(client, globals, c.id);
    } catch (err) {
      // started or removed meanwhile: not ours to prune any more
      if (isNotFound(err) || (err as { code?: string }).code === 'conflict') continue;
      throw err;
    }
    out.deleted.push(c.id);
    out.reclaimed += size;
  }
  return out;
}
