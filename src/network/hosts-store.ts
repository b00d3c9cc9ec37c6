// nerdctl's hosts store (pkg/dnsutil/hostsstore): etchosts/<ns>/<id>/meta.json records each
// container's IPs per network; every container's `hosts` file lists the containers it shares a
// network with. Files are rewritten in place (not renamed) so the inode bind-mounted at
// /etc/hosts in running containers sees the change.
import { closeSync, ftruncateSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CniResult } from '../../cni/types';
import { buildHostsFile } from '../container/etc-files';
import type { ExtraHost } from '../container/etc-files';
import { replaceFile } from '../store/atomic-write';
import { withLock } from '../store/lock';
import { createPrivateDir, etcHostsDir } from '../store/state-dir';

/** meta.json, with nerdctl's capitalized keys. */
export interface HostsMeta {
  ID: string;
  Networks: Record<string, CniResult> | null;
  Hostname: string;
  ExtraHosts: Record<string, string> | null;
  Name: string;
  Domainname: string;
  /** nerdts only (nerdctl has no aliases): --network-alias names per network; nerdctl ignores the key. */
  Aliases?: Record<string, string[]> | null;
}

const DEFAULT_NETWORK = 'bridge';
const LOCK_TIMEOUT_MS = 30_000;

/** The addresses (without prefix length) a CNI result gives the container. */
export function resultAddresses(result: CniResult): string[] {
  const sandboxed = new Set((result.interfaces ?? []).flatMap((iface, i) => (iface.sandbox ? [i] : [])));
  return (result.ips ?? [])
    .filter((ip) => ip.interface === undefined || sandboxed.size === 0 || sandboxed.has(ip.interface))
    .map((ip) => ip.address.split('/')[0]!);
}

/** The host lines `self` gets for every container (itself included) on a network it is on. */
export function containerEntries(self: HostsMeta, all: readonly HostsMeta[]): string[] {
  const mine = Object.keys(self.Networks ?? {});
  const lines: string[] = [];
  for (const other of all) {
    for (const [net, result] of Object.entries(other.Networks ?? {})) {
      if (!mine.includes(net)) continue;
      const suffix = net === DEFAULT_NETWORK ? undefined : net;
      const names = [
        ...(other.Domainname ? [`${other.Hostname}.${other.Domainname}`] : []),
        other.Hostname, ...(suffix ? [`${other.Hostname}.${suffix}`] : []),
        ...(other.Name ? [other.Name, ...(suffix ? [`${other.Name}.${suffix}`] : [])] : []),
        // docker resolves the short ID and the aliases on user networks.
        ...(suffix ? [other.ID.slice(0, 12), ...(other.Aliases?.[net] ?? [])] : []),
      ].filter((n, i, arr) => n !== '' && arr.indexOf(n) === i);
      for (const ip of resultAddresses(result)) lines.push(`${ip.padEnd(15)} ${names.join(' ')}`);
    }
  }
  return lines;
}

function readMeta(dir: string): HostsMeta | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as HostsMeta;
  } catch {
    return undefined;
  }
}

function namespaceDir(dataStore: string, namespace: string): string {
  return join(dataStore, 'etchosts', namespace);
}

/**
 * Rewrites the hosts file of every attached container of the namespace from the metas (caller
 * holds the lock). A detached one (stopped: Networks null) is skipped: its file is rewritten when
 * it is attached again, and `compose down` does not rewrite the files of containers it removes.
 */
function regenerate(dataStore: string, namespace: string): void {
  const root = namespaceDir(dataStore, namespace);
  let ids: string[];
  try { ids = readdirSync(root).sort(); } catch { return; }
  const metas = ids.map((id) => readMeta(join(root, id))).filter((m): m is HostsMeta => m !== undefined);
  for (const meta of metas) {
    if (!meta.Networks) continue;
    const hostsPath = join(root, meta.ID, 'hosts');
    let current: string;
    try { current = readFileSync(hostsPath, 'utf8'); } catch { continue; }
    const extra: ExtraHost[] = Object.entries(meta.ExtraHosts ?? {}).map(([host, ip]) => ({ host, ip }));
    const next = buildHostsFile(current, extra, containerEntries(meta, metas));
    if (next !== current) rewriteInPlace(hostsPath, next);
  }
}

// Overwrites from the start and cuts the rest: the same inode (bind-mounted in running
// containers), and no truncation to zero, after which ext4 flushes the file at close.
function rewriteInPlace(path: string, text: string): void {
  const fd = openSync(path, 'r+');
  try {
    const data = Buffer.from(text);
    writeSync(fd, data, 0, data.length, 0);
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

// Records waiting for the namespace's lock in this process, written together under it with one
// regeneration: a compose up's starts each add a container to every other's hosts file.
const pendingStores = new Map<string, { metas: HostsMeta[]; done: Promise<void> }>();

/** Records the container's IPs and refreshes the namespace's hosts files (aliases recorded at create are kept). */
export function storeNetworks(dataStore: string, namespace: string, meta: HostsMeta): Promise<void> {
  const key = `${dataStore}\0${namespace}`;
  const waiting = pendingStores.get(key);
  if (waiting) {
    waiting.metas.push(meta);
    return waiting.done;
  }
  const batch = { metas: [meta], done: Promise.resolve() };
  pendingStores.set(key, batch);
  // Once the lock is ours the batch closes: later records wait for the next one.
  batch.done = storeBatch(dataStore, namespace, () => {
    if (pendingStores.get(key) === batch) pendingStores.delete(key);
    return batch.metas;
  });
  return batch.done;
}

async function storeBatch(dataStore: string, namespace: string, take: () => HostsMeta[]): Promise<void> {
  const root = createPrivateDir(namespaceDir(dataStore, namespace));
  await withLock(root, () => {
    for (const meta of take()) {
      const dir = createPrivateDir(etcHostsDir(dataStore, namespace, meta.ID));
      const aliases = meta.Aliases ?? readMeta(dir)?.Aliases;
      replaceFile(join(dir, 'meta.json'), JSON.stringify({ ...meta, ...(aliases && { Aliases: aliases }) }), 0o600);
    }
    regenerate(dataStore, namespace);
  }, { timeoutMs: LOCK_TIMEOUT_MS });
}

/** Drops the container's IPs (keeping its hosts file for a later start) and refreshes the others. */
export async function clearNetworks(dataStore: string, namespace: string, id: string): Promise<void> {
  const dir = etcHostsDir(dataStore, namespace, id);
  const meta = readMeta(dir);
  if (!meta?.Networks) return;
  await withLock(namespaceDir(dataStore, namespace), () => {
    replaceFile(join(dir, 'meta.json'), JSON.stringify({ ...meta, Networks: null }), 0o600);
    regenerate(dataStore, namespace);
  }, { timeoutMs: LOCK_TIMEOUT_MS });
}

/** Removes the container's hosts dir and refreshes the others (rm). */
export async function removeHostsEntry(dataStore: string, namespace: string, id: string): Promise<void> {
  const root = namespaceDir(dataStore, namespace);
  const dir = etcHostsDir(dataStore, namespace, id);
  const hadNetworks = Boolean(readMeta(dir)?.Networks);
  rmSync(dir, { recursive: true, force: true });
  if (hadNetworks) await withLock(root, () => regenerate(dataStore, namespace), { timeoutMs: LOCK_TIMEOUT_MS });
}

/** The container's hosts meta, undefined when it has none (host network, removed). */
export function readHostsMeta(dataStore: string, namespace: string, id: string): HostsMeta | undefined {
  return readMeta(etcHostsDir(dataStore, namespace, id));
}

/** Every hosts meta of the namespace (network inspect's member list). */
export function readNamespaceMetas(dataStore: string, namespace: string): HostsMeta[] {
  const root = namespaceDir(dataStore, namespace);
  let ids: string[];
  try { ids = readdirSync(root).sort(); } catch { return []; }
  return ids.map((id) => readMeta(join(root, id))).filter((m): m is HostsMeta => m !== undefined);
}

/** Changes one container's meta (connect, disconnect, aliases) and refreshes every hosts file. */
export async function updateHostsMeta(dataStore: string, namespace: string, id: string,
  change: (meta: HostsMeta) => HostsMeta): Promise<void> {
  const root = createPrivateDir(namespaceDir(dataStore, namespace));
  await withLock(root, () => {
    const dir = etcHostsDir(dataStore, namespace, id);
    const meta = readMeta(dir);
    if (!meta) return;
    replaceFile(join(dir, 'meta.json'), JSON.stringify(change(meta)), 0o600);
    regenerate(dataStore, namespace);
  }, { timeoutMs: LOCK_TIMEOUT_MS });
}
