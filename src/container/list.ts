// `ps`: one Containers.List and one Tasks.List, rows with docker's fields and texts, newest first.
// Per-container calls happen only for -s (snapshot sizes).
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { timestampToMillis } from '../containerd/types';
import type { Process } from '../containerd/types';
import { isNotFound } from '../errors';
import { goTimeString } from '../format/float';
import { goQuote, runeCount } from '../format/quote';
import { findImages, imageId } from '../image/local';
import { familiarRepository, parseNamedReference } from '../image/reference';
import { humanSize, timeAgo } from '../units';
import { containerCommand } from './command-label';
import { SHORT_ID_LENGTH } from './id';
import { LABELS, decodeMounts, decodeStringList } from './labels';
import { pickContainer } from './lookup';
import { impliesAll, matchesFilters, parseFilters } from './ps-filters';
import { portFilterKeys } from './port-view';
import { EARLY_READS_LIMIT, RecordFacts, readText } from './record-facts';
import { isLive } from './task-state';
import type { FilterCandidate, FilterContext, ParsedFilters } from './ps-filters';
import { bootTimeMs, containerState, processStartAfterBoot, statusText } from './status';
import type { ContainerState } from './status';
import { type HealthFilterValue, healthSuffix } from './health/query';

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
  /**
   * Rows need only the default table's columns (ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES,
   * SIZE): CreatedAt, Labels, Mounts, Networks and LocalVolumes are left empty.
   */
  lean?: boolean;
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


// Boot time does not move, so one /proc/uptime read serves every row of a listing (re-read after a
// second, in case the wall clock was set).
let boot: { atMs: number; bootMs: number | undefined } | undefined;
function hostProcessStart(pid: number): number | undefined {
  const now = Date.now();
  if (!boot || now < boot.atMs || now - boot.atMs > 1000) boot = { atMs: now, bootMs: bootTimeMs(readText, now) };
  return boot.bootMs === undefined ? undefined : processStartAfterBoot(pid, readText, boot.bootMs);
}
export const hostListHost: ListHost = { now: Date.now, processStart: hostProcessStart };

/** docker's Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (runeCount(s) <= max) return s;
  return `${[...s].slice(0, max - 1).join('')}…`;
}

// Containers mostly share a few images: each name is parsed once.
const displayed = new Map<string, string>();

/** The image as docker shows it: familiar name, ":latest" left out. */
export function displayImage(name: string): string {
  let text = displayed.get(name);
  if (text !== undefined) return text;
  try {
    const r = parseNamedReference(name);
    text = familiarRepository(r) + (r.tag && r.tag !== 'latest' ? `:${r.tag}` : '') + (r.digest ? `@${r.digest}` : '');
  } catch {
    text = name;
  }
  if (displayed.size > 256) displayed.clear();
  displayed.set(name, text);
  return text;
}

/**
 * Builds a row (pure apart from what `entry` holds); `lean` leaves the columns of custom formats
 * empty; `columns` are the record's own, when already worked out.
 */
export function containerRow(entry: Omit<ContainerListEntry, 'row'>, nowMs: number, trunc: boolean, size = '0B', lean = false,
  columns: RecordColumns = recordColumns(entry, trunc, lean)): ContainerRow {
  const { container: c, task } = entry;
  const statusInput = {
    ...(task && { task: { status: task.status, exitStatus: task.exitStatus, exitedAtMs: timestampToMillis(task.exitedAt) } }),
    startedAtMs: entry.startedMs, restartStatus: c.labels[LABELS.restartStatus],
  };
  const state = containerState(statusInput);
  return {
    ID: columns.ID,
    Image: columns.Image,
    Command: columns.Command,
    CreatedAt: columns.CreatedAt,
    RunningFor: timeAgo(entry.createdMs, nowMs),
    Ports: entry.ports ?? '',
    State: state,
    Status: statusText(statusInput, nowMs) + (state === 'running' ? healthSuffix(entry.health) : ''),
    Size: size,
    Names: entry.name,
    Labels: columns.Labels,
    Mounts: columns.Mounts,
    Networks: columns.Networks,
    LocalVolumes: columns.LocalVolumes,
  };
}

/** The columns that depend on the record alone (not its task, nor the clock). */
export type RecordColumns = Pick<ContainerRow, 'ID' | 'Image' | 'Command' | 'CreatedAt' | 'Labels' | 'Mounts' | 'Networks' | 'LocalVolumes'>;
type CustomColumns = Pick<ContainerRow, 'CreatedAt' | 'Labels' | 'Mounts' | 'Networks' | 'LocalVolumes'>;
const LEAN_COLUMNS: CustomColumns = { CreatedAt: '', Labels: '', Mounts: '', Networks: '', LocalVolumes: '' };

/** A record's own columns; `lean` leaves those of custom formats empty. */
export function recordColumns(entry: Pick<ContainerListEntry, 'container' | 'createdMs'>, trunc: boolean, lean: boolean): RecordColumns {
  const c = entry.container;
  const command = containerCommand(c);
  return {
    ID: trunc ? c.id.slice(0, SHORT_ID_LENGTH) : c.id,
    Image: displayImage(c.image),
    Command: goQuote(trunc ? ellipsis(command, 20) : command),
    ...(lean ? LEAN_COLUMNS : customColumns(entry, trunc)),
  };
}

/** The columns only custom formats show. */
function customColumns(entry: Pick<ContainerListEntry, 'container' | 'createdMs'>, trunc: boolean): CustomColumns {
  const c = entry.container;
  const mounts = decodeMounts(c.labels);
  return {
    CreatedAt: goTimeString(new Date(Math.floor(entry.createdMs / 1000) * 1000)),
    Labels: Object.keys(c.labels).sort().map((k) => `${k}=${c.labels[k]}`).join(','),
    Mounts: mounts.map((m) => (trunc ? ellipsis(m.Name || m.Source, 15) : m.Name || m.Source)).join(','),
    Networks: decodeStringList(c.labels, LABELS.networks).join(','),
    LocalVolumes: String(mounts.filter((m) => m.Type === 'volume').length),
  };
}

/** What the filters look at; mounts and networks are decoded only for a volume or network filter. */
function candidate(e: Omit<ContainerListEntry, 'row'>, filters: ParsedFilters): FilterCandidate {
  const c = e.container;
  const statusInput = { ...(e.task && { task: { status: e.task.status, exitStatus: e.task.exitStatus } }), restartStatus: c.labels[LABELS.restartStatus] };
  return {
    id: c.id, name: e.name, labels: c.labels, state: containerState(statusInput), exitCode: e.task?.exitStatus ?? 0,
    createdMs: e.createdMs, image: c.image,
    volumes: filters.has('volume') ? decodeMounts(c.labels).flatMap((m) => [m.Name ?? '', m.Destination].filter(Boolean)) : [],
    networks: filters.has('network') ? decodeStringList(c.labels, LABELS.networks) : [],
  };
}

/** Lists containers as `ps` does. */
export async function listContainers(client: ContainerdClient, globals: GlobalOptions, options: ListOptions = {},
  host: ListHost = hostListHost): Promise<ContainerListEntry[]> {
  const filters = parseFilters(options.filters);
  const containersCall = client.containers.list();
  const tasksCall = client.tasks.list();
  tasksCall.catch(() => undefined); // awaited below, after the work that does not need it
  let entries: Array<Omit<ContainerListEntry, 'row'>> = (await containersCall).map((c) =>
    ({ container: c, name: c.labels[LABELS.name] ?? '', createdMs: timestampToMillis(c.createdAt) ?? 0 }));
  entries.sort((a, b) => b.createdMs - a.createdMs);
  const facts = new RecordFacts(globals);
  // containerd answers Tasks.List last (it asks every shim in turn): read ports and health, and build
  // the columns that do not depend on tasks, meanwhile.
  const trunc = !options.noTrunc;
  const early = entries.length <= EARLY_READS_LIMIT
    ? new Map(entries.map((e) => [e, { ...facts.early(e.container), columns: recordColumns(e, trunc, Boolean(options.lean)) }])) : undefined;
  const ctx = await filterContext(client, filters, entries);
  const byId = new Map((await tasksCall).map((t) => [t.id || t.containerId, t]));
  for (const e of entries) {
    const task = byId.get(e.container.id);
    if (task) e.task = task;
  }
  const limit = options.latest ? 1 : options.last && options.last > 0 ? options.last : undefined;
  const all = options.all || impliesAll(filters) || limit !== undefined;
  entries = entries.filter((e) => {
    const cand = candidate(e, filters);
    if (filters.has('publish') || filters.has('expose')) Object.assign(cand, portFilterKeys(e.container, facts.stateDir(e.container), readText));
    if (filters.has('health')) cand.health = early?.get(e)?.health ?? facts.health(e.container);
    return (all || cand.state === 'running' || cand.state === 'paused' || cand.state === 'restarting') && matchesFilters(cand, filters, ctx);
  });
  if (limit !== undefined) entries = entries.slice(0, limit);
  const now = host.now();
  const withRow = (e: Omit<ContainerListEntry, 'row'>, size: string): ContainerListEntry => {
    const started = e.task?.pid ? host.processStart(e.task.pid) : undefined;
    if (started !== undefined) e.startedMs = started;
    e.ports = isLive(e.task) ? early?.get(e)?.ports ?? facts.ports(e.container) : '';
    e.health = early?.get(e)?.health ?? facts.health(e.container);
    return { ...e, row: containerRow(e, now, trunc, size, options.lean, early?.get(e)?.columns) };
  };
  if (!options.size) return entries.map((e) => withRow(e, '0B'));
  return Promise.all(entries.map(async (e) => withRow(e, await sizeText(client, e.container, globals.snapshotter))));
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
