// Named and anonymous local volumes as docker shows them (volume create/ls/inspect/rm/prune),
// over the nerdctl-compatible store in src/store/volume-store.ts. compose calls these directly.
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { LABELS, decodeMounts, decodeStringList } from '../container/labels';
import { NerdtsError, invalidArgument, notFound } from '../errors';
import { dataStorePath, ensureDataStore } from '../store/data-store';
import { VolumeStore } from '../store/volume-store';
import type { VolumeRecord } from '../store/volume-store';
import { matchesVolume, needsUsage, parseVolumeFilters } from './filters';
import type { VolumeFilters } from './filters';

/** docker's volume inspect document. */
export interface VolumeInfo {
  CreatedAt: string;
  Driver: 'local';
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: 'local';
}

export interface CreateVolumeOptions {
  /** Omitted: a random 64-hex name (an anonymous-style name, without the anonymous label). */
  name?: string;
  labels?: Record<string, string>;
  /** Only "local" exists. */
  driver?: string;
  /** Driver options (-o); the local driver's mount options are not supported. */
  options?: Record<string, string>;
}

/** The store of the globals' namespace. */
export const volumeStore = (globals: Pick<GlobalOptions, 'dataRoot' | 'address' | 'namespace'>): VolumeStore =>
  new VolumeStore(dataStorePath(globals), globals.namespace);

/** docker's RFC 3339 CreatedAt, in UTC without fractions. */
const createdAt = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function toInfo(r: VolumeRecord): VolumeInfo {
  return { CreatedAt: createdAt(r.createdAtMs), Driver: 'local', Labels: r.labels, Mountpoint: r.mountpoint, Name: r.name, Options: null, Scope: 'local' };
}

/** Creates a volume, or returns the existing one of that name (docker is idempotent here). */
export async function createVolume(globals: GlobalOptions, o: CreateVolumeOptions = {}): Promise<VolumeInfo> {
  if (o.driver !== undefined && o.driver !== '' && o.driver !== 'local') {
    throw new NerdtsError('not-found', `error looking up volume plugin ${o.driver}: plugin "${o.driver}" not found`);
  }
  if (o.options && Object.keys(o.options).length) {
    throw new NerdtsError('unimplemented', `local volume options are not supported: ${Object.keys(o.options).join(', ')}`,
      { hint: 'use a bind mount (-v /host/path:/path) for a device or tmpfs-backed directory' });
  }
  ensureDataStore(globals);
  const name = o.name || randomBytes(32).toString('hex');
  const labels = o.labels && Object.keys(o.labels).length ? o.labels : null;
  const { volume } = await volumeStore(globals).create(name, labels);
  return toInfo(volume);
}

/** The volume's document; not-found with docker's text when it does not exist. */
export function inspectVolume(globals: GlobalOptions, name: string): VolumeInfo {
  const r = volumeStore(globals).get(name);
  if (!r) throw notFound(`get ${name}: no such volume`);
  return toInfo(r);
}

/** Which containers of the namespace use each volume (name -> container IDs). */
export async function volumeUsers(client: ContainerdClient): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  const add = (volume: string, id: string): void => {
    const list = users.get(volume) ?? [];
    if (!list.includes(id)) list.push(id);
    users.set(volume, list);
  };
  for (const c of await client.containers.list()) {
    for (const m of decodeMounts(c.labels)) if (m.Type === 'volume' && m.Name) add(m.Name, c.id);
    for (const v of decodeStringList(c.labels, LABELS.anonymousVolumes)) add(v, c.id);
  }
  return users;
}

export interface ListVolumesOptions {
  /** docker's --filter strings, or already parsed ones. */
  filters?: readonly string[] | VolumeFilters;
  /** Needed only for dangling=; the caller's open client. */
  client?: ContainerdClient;
}

/** The namespace's volumes that pass the filters, sorted by name. */
export async function listVolumes(globals: GlobalOptions, o: ListVolumesOptions = {}): Promise<VolumeInfo[]> {
  const f = Array.isArray(o.filters) || o.filters === undefined ? parseVolumeFilters((o.filters ?? []) as readonly string[]) : o.filters as VolumeFilters;
  const store = volumeStore(globals);
  let users = new Map<string, string[]>();
  if (needsUsage(f)) {
    if (!o.client) throw new NerdtsError('internal', 'listVolumes: the dangling filter needs a containerd client');
    users = await volumeUsers(o.client);
  }
  const out: VolumeInfo[] = [];
  for (const name of store.list().sort()) {
    const r = store.get(name);
    if (r && matchesVolume({ name, labels: r.labels ?? {}, inUse: users.has(name) }, f)) out.push(toInfo(r));
  }
  return out;
}

export interface RemoveVolumeOptions {
  /** -f: a missing volume is not an error (one in use still is, as in docker). */
  force?: boolean;
  /** Precomputed users (from volumeUsers), to remove many volumes with one listing. */
  users?: Map<string, string[]>;
}

/** Removes a volume unless a container uses it; false when it did not exist and force was given. */
export async function removeVolume(client: ContainerdClient, globals: GlobalOptions, name: string, o: RemoveVolumeOptions = {}): Promise<boolean> {
  const store = volumeStore(globals);
  if (!store.get(name)) {
    if (o.force) return false;
    throw notFound(`get ${name}: no such volume`);
  }
  const users = (o.users ?? await volumeUsers(client)).get(name);
  if (users?.length) throw new NerdtsError('conflict', `remove ${name}: volume is in use - [${users.join(', ')}]`);
  return store.remove(name);
}

/** Bytes of the regular files under dir (docker's reclaimed space); unreadable parts count 0. */
export function directorySize(dir: string): number {
  let total = 0;
  let names: string[];
  try { names = readdirSync(dir); } catch { return 0; }
  for (const n of names) {
    const p = join(dir, n);
    try {
      const st = lstatSync(p);
      if (st.isDirectory()) total += directorySize(p);
      else if (st.isFile()) total += st.size;
    } catch { /* vanished */ }
  }
  return total;
}

export interface PruneVolumesOptions {
  /** -a: named volumes too (docker ≥ 23 prunes only anonymous ones by default). */
  all?: boolean;
  filters?: readonly string[];
}

/** Removes unused volumes; returns their names and the bytes they held. */
export async function pruneVolumes(client: ContainerdClient, globals: GlobalOptions, o: PruneVolumesOptions = {}): Promise<{ deleted: string[]; reclaimed: number }> {
  const f = parseVolumeFilters(o.filters ?? []);
  if (f.dangling !== undefined || f.names.length) throw invalidArgument(`invalid filter '${f.dangling !== undefined ? 'dangling' : 'name'}'`);
  const users = await volumeUsers(client);
  const store = volumeStore(globals);
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const v of await listVolumes(globals, { filters: f })) {
    if (users.has(v.Name)) continue;
    if (!o.all && !(v.Labels && LABELS.volumeAnonymous in v.Labels)) continue;
    const size = directorySize(v.Mountpoint);
    if (await store.remove(v.Name)) { deleted.push(v.Name); reclaimed += size; }
  }
  return { deleted, reclaimed };
}
