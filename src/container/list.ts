// `ps`: one Containers.List and one Tasks.List, rows with docker's fields and texts, newest first.
// Per-container calls happen only for -s (snapshot sizes).
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { timestampToMillis } from '../containerd/types';
import type { Process } from '../containerd/types';
import { TYPE_URL, unpackJson } from '../containerd/typeurl';
import { isNotFound } from '../errors';
import { goTimeString } from '../format/float';
import { goQuote, runeCount } from '../format/quote';
import { findImages, imageId } from '../image/local';
import { familiarRepository, parseNamedReference } from '../image/reference';
import { humanSize, timeAgo } from '../units';
import { SHORT_ID_LENGTH } from './id';
import { LABELS, decodeMounts, decodeStringList } from './labels';
import { pickContainer } from './lookup';
import { impliesAll, matchesFilters, parseFilters } from './ps-filters';
import { portFilterKeys, psPorts } from './port-view';
import { dataStorePath } from '../store/data-store';
import { isLive, stateDirOf } from './task-state';
import type { FilterCandidate, FilterContext, ParsedFilters } from './ps-filters';
import type { Spec } from './spec';
import { containerState, processStartMs, statusText } from './status';
import type { ContainerState } from './status';
import { type HealthFilterValue, healthFilterValue, healthSuffix } from './health/query';

export interface ListOptions {
  /** -a */
  all?: boolean;
  /** -n: the N most recently created, any state. */
  last?: number;
  /** -l */
  latest?: boolean;
  /** --no-trunc */
  noTrunc?: boolean;
  /** -s */
  size?: boolean;
  /** -f key=value */
  filters?: string[];
}

/** docker's `ps` row: the fields `--format` sees, as docker's formatter renders them. */
export interface ContainerRow {
  ID: string;
  Image: string;
  Command: string;
  CreatedAt: string;
  RunningFor: string;
  Ports: string;
  State: ContainerState;
  Status: string;
  Size: string;
  Names: string;
  Labels: string;
  Mounts: string;
  Networks: string;
  LocalVolumes: string;
}

export interface ContainerListEntry {
  row: ContainerRow;
  container: Container;
  task?: Process;
  name: string;
  createdMs: number;
  startedMs?: number;
  /** ps's PORTS (live bindings), computed by listContainers. */
  ports?: string;
  /** The health status shown after "Up ..." (health/query.ts), computed by listContainers. */
  health?: HealthFilterValue;
}

export interface ListHost {
  now(): number;
  /** When the process with this host pid started; undefined when unknown. */
  processStart(pid: number): number | undefined;
}

const readText = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
export const hostListHost: ListHost = { now: Date.now, processStart: (pid) => processStartMs(pid, readText, Date.now()) };

/** docker's Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (runeCount(s) <= max) return s;
  return `${[...s].slice(0, max - 1).join('')}…`;
}

/** The image as docker shows it: familiar name, ":latest" left out. */
export function displayImage(name: string): string {
  try {
    const r = parseNamedReference(name);
    return familiarRepository(r) + (r.tag && r.tag !== 'latest' ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
  } catch {
    return name;
  }
}

function commandOf(c: Container): string {
  try {
    return unpackJson<Spec>(c.spec, TYPE_URL.spec).process.args.join(' ');
  } catch {
    return '';
  }
}

/** Builds a row (pure apart from what `entry` holds). */
export function containerRow(entry: Omit<ContainerListEntry, 'row'>, nowMs: number, trunc: boolean, size = '0B'): ContainerRow {
  const { container: c, task } = entry;
  const statusInput = {
    ...(task && { task: { status: task.status, exitStatus: task.exitStatus, exitedAtMs: timestampToMillis(task.exitedAt) } }),
    startedAtMs: entry.startedMs, restartStatus: c.labels[LABELS.restartStatus],
  };
  const mounts = decodeMounts(c.labels);
  const command = commandOf(c);
  return {
    ID: trunc ? c.id.slice(0, SHORT_ID_LENGTH) : c.id,
    Image: displayImage(c.image),
    Command: goQuote(trunc ? ellipsis(command, 20) : command),
    CreatedAt: goTimeString(new Date(Math.floor(entry.createdMs / 1000) * 1000)),
    RunningFor: timeAgo(entry.createdMs, nowMs),
    Ports: entry.ports ?? '',
    State: containerState(statusInput),
    Status: statusText(statusInput, nowMs) + (containerState(statusInput) === 'running' ? healthSuffix(entry.health) : ''),
    Size: size,
    Names: entry.name,
    Labels: Object.keys(c.labels).sort().map((k) => `${k}=${c.labels[k]}`).join(','),
    Mounts: mounts.map((m) => (trunc ? ellipsis(m.Name || m.Source, 15) : m.Name || m.Source)).join(','),
    Networks: decodeStringList(c.labels, LABELS.networks).join(','),
    LocalVolumes: String(mounts.filter((m) => m.Type === 'volume').length),
  };
}

function candidate(e: Omit<ContainerListEntry, 'row'>): FilterCandidate {
  const c = e.container;
  const statusInput = { ...(e.task && { task: { status: e.task.status, exitStatus: e.task.exitStatus } }), restartStatus: c.labels[LABELS.restartStatus] };
  const mounts = decodeMounts(c.labels);
  return {
    id: c.id, name: e.name, labels: c.labels, state: containerState(statusInput), exitCode: e.task?.exitStatus ?? 0,
    createdMs: e.createdMs, image: c.image, volumes: mounts.flatMap((m) => [m.Name ?? '', m.Destination].filter(Boolean)),
    networks: decodeStringList(c.labels, LABELS.networks),
  };
}

/** Lists containers as `ps` does. */
export async function listContainers(client: ContainerdClient, globals: GlobalOptions, options: ListOptions = {},
  host: ListHost = hostListHost): Promise<ContainerListEntry[]> {
  const filters = parseFilters(options.filters);
  const [containers, tasks] = await Promise.all([client.containers.list(), client.tasks.list()]);
  const byId = new Map(tasks.map((t) => [t.id || t.containerId, t]));
  let entries: Array<Omit<ContainerListEntry, 'row'>> = containers.map((c) => {
    const task = byId.get(c.id);
    const entry: Omit<ContainerListEntry, 'row'> = { container: c, name: c.labels[LABELS.name] ?? '', createdMs: timestampToMillis(c.createdAt) ?? 0 };
    if (task) entry.task = task;
    return entry;
  });
  entries.sort((a, b) => b.createdMs - a.createdMs);
  const ctx = await filterContext(client, filters, entries);
  const limit = options.latest ? 1 : options.last && options.last > 0 ? options.last : undefined;
  const all = options.all || impliesAll(filters) || limit !== undefined;
  const store = dataStorePath(globals);
  const stateDir = (c: Container): string => stateDirOf(c, store, globals.namespace);
  entries = entries.filter((e) => {
    const cand = candidate(e);
    if (filters.has('publish') || filters.has('expose')) Object.assign(cand, portFilterKeys(e.container, stateDir(e.container), readText));
    if (filters.has('health')) cand.health = healthFilterValue(e.container, { dataStore: store, namespace: globals.namespace });
    return (all || cand.state === 'running' || cand.state === 'paused' || cand.state === 'restarting') && matchesFilters(cand, filters, ctx);
  });
  if (limit !== undefined) entries = entries.slice(0, limit);
  const now = host.now();
  const trunc = !options.noTrunc;
  return Promise.all(entries.map(async (e) => {
    const started = e.task?.pid ? host.processStart(e.task.pid) : undefined;
    if (started !== undefined) e.startedMs = started;
    e.ports = psPorts(e.container, stateDir(e.container), isLive(e.task), readText);
    e.health = healthFilterValue(e.container, { dataStore: store, namespace: globals.namespace });
    const size = options.size ? await sizeText(client, e.container, globals.snapshotter) : '0B';
    return { ...e, row: containerRow(e, now, trunc, size) };
  }));
}

async function filterContext(client: ContainerdClient, f: ParsedFilters, entries: Array<Omit<ContainerListEntry, 'row'>>): Promise<FilterContext> {
  const ctx: { ancestors?: Map<string, Set<string>>; createdOf?: Map<string, number> } = {};
  const refs = [...(f.get('before') ?? []), ...(f.get('since') ?? [])];
  if (refs.length) {
    const byRef = entries.map((e) => ({ id: e.container.id, labels: e.container.labels, createdMs: e.createdMs }));
    ctx.createdOf = new Map(refs.map((r) => [r, pickContainer(r, byRef).createdMs]));
  }
  if (f.has('ancestor')) {
    ctx.ancestors = new Map();
    for (const value of f.get('ancestor')!) ctx.ancestors.set(value, await ancestorNames(client, value));
  }
  return ctx;
}

/** Every image name sharing the image ID that `value` names (name, ID or ID prefix). */
async function ancestorNames(client: ContainerdClient, value: string): Promise<Set<string>> {
  let records;
  try {
    records = (await findImages(client, value)).records;
  } catch (err) {
    if (isNotFound(err)) return new Set();
    throw err;
  }
  const ids = new Set(await Promise.all(records.map((r) => imageId(client, r))));
  const all = await client.images.list();
  const allIds = await Promise.all(all.map((r) => imageId(client, r)));
  return new Set(all.filter((_, i) => ids.has(allIds[i])).map((r) => r.name));
}

/** docker's SIZE: writable layer, and with the image's layers ("virtual"). */
async function sizeText(client: ContainerdClient, c: Container, snapshotter: string): Promise<string> {
  const sn = c.snapshotter || snapshotter;
  try {
    const rw = (await client.snapshots.usage(sn, c.snapshotKey)).size;
    let total = rw;
    for (let parent = (await client.snapshots.stat(sn, c.snapshotKey)).parent; parent;) {
      total += (await client.snapshots.usage(sn, parent)).size;
      parent = (await client.snapshots.stat(sn, parent)).parent;
    }
    return `${humanSize(rw)} (virtual ${humanSize(total)})`;
  } catch (err) {
    if (isNotFound(err)) return '0B';
    throw err;
  }
}
