// `nerdts image prune`: removes dangling images (no tag: records named by digest only), or with
// `all` every image no container uses, and reports what docker reports: untagged names, deleted
// image IDs and the space freed (blobs and snapshots no remaining image shares).
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { timestampToMillis } from '../containerd/types';
import { isNotFound } from '../errors';
import { chainIds, readJson } from './content';
import { loadImage } from './local';
import type { LocalImage } from './local';
import { isIndexType, isManifestType } from './media-types';
import type { Descriptor, ImageIndex, Manifest } from './media-types';
import { hostPlatform, platformMatcher } from './platform';
import { matchesLabels, parsePruneFilters } from './prune-filters';
import { familiarName, parseNamedReference } from './reference';

/** What pruneImages removes. */
export interface PruneOptions {
  /** -a: every image without a container, not only dangling ones */
  all: boolean;
  /** --filter values: until=..., label=..., label!=... */
  filters: string[];
  now?: number;
}

/** docker's report: `untagged: NAME` and `deleted: ID` lines in order, and the bytes freed. */
export interface PruneResult {
  items: Array<{ untagged: string } | { deleted: string }>;
  reclaimed: number;
}

/** docker's confirmation texts, for the CLI's prompt. */
export function pruneWarning(all: boolean): string {
  return all
    ? 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?'
    : 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?';
}

/** The tag-bearing reference of a record name, or undefined for digest-only and other names. */
function tagName(name: string): string | undefined {
  try {
    const ref = parseNamedReference(name);
    return ref.tag !== undefined ? familiarName(ref) : undefined;
  } catch {
    return undefined;
  }
}

async function loadOrUndefined(client: ContainerdClient, record: Image): Promise<LocalImage | undefined> {
  try {
    return await loadImage(client, record, platformMatcher(hostPlatform(), { osOnly: true }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Every blob (with its descriptor size) and unpacked snapshot an image record holds. */
async function holdings(client: ContainerdClient, record: Image, img: LocalImage | undefined): Promise<{ blobs: Map<string, number>; chains: string[] }> {
  const blobs = new Map<string, number>();
  const walk = async (d: Descriptor): Promise<void> => {
    try {
      if (isIndexType(d.mediaType)) {
        const index = await readJson<ImageIndex>(client, d.digest);
        blobs.set(d.digest, Number(d.size));
        for (const c of index.manifests) await walk(c);
      } else if (isManifestType(d.mediaType)) {
        const m = await readJson<Manifest>(client, d.digest);
        blobs.set(d.digest, Number(d.size));
        for (const x of [m.config, ...m.layers]) blobs.set(x.digest, x.size);
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  await walk(record.target!);
  return { blobs, chains: img ? chainIds(img.config.rootfs?.diff_ids ?? []) : [] };
}

async function presentSize(client: ContainerdClient, digest: string): Promise<number> {
  try {
    return Number((await client.content.info(digest)).size);
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
}

async function snapshotSize(client: ContainerdClient, snapshotter: string, chain: string): Promise<number> {
  try {
    return (await client.snapshots.usage(snapshotter, chain)).size;
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
}

/** Bytes the removed records free: what they hold minus what the kept records hold. */
async function reclaimable(client: ContainerdClient, snapshotter: string, removed: Image[], kept: Image[],
  loaded: Map<string, LocalImage | undefined>): Promise<{ bytes: number; keptIds: Set<string> }> {
  const keepBlobs = new Set<string>();
  const keepChains = new Set<string>();
  const keptIds = new Set<string>();
  for (const r of kept) {
    const img = loaded.get(r.name) ?? await loadOrUndefined(client, r);
    if (img) keptIds.add(img.id);
    const h = await holdings(client, r, img);
    h.blobs.forEach((_, d) => keepBlobs.add(d));
    h.chains.forEach((c) => keepChains.add(c));
  }
  const freeBlobs = new Set<string>();
  const freeChains = new Set<string>();
  for (const r of removed) {
    const h = await holdings(client, r, loaded.get(r.name));
    h.blobs.forEach((_, d) => { if (!keepBlobs.has(d)) freeBlobs.add(d); });
    h.chains.forEach((c) => { if (!keepChains.has(c)) freeChains.add(c); });
  }
  let bytes = 0;
  for (const d of freeBlobs) bytes += await presentSize(client, d);
  for (const c of freeChains) bytes += await snapshotSize(client, snapshotter, c);
  return { bytes, keptIds };
}

/** The records to remove: unused by containers, dangling unless `all`, passing the filters. */
async function candidates(client: ContainerdClient, records: Image[], o: PruneOptions, loaded: Map<string, LocalImage | undefined>): Promise<Image[]> {
  const filters = parsePruneFilters(o.filters, o.now);
  const dangling = filters.dangling ?? !o.all;
  const inUse = new Set((await client.containers.list()).map((c) => c.image));
  const usedTargets = new Set(records.filter((r) => inUse.has(r.name)).map((r) => r.target?.digest));
  const taggedTargets = new Set(records.filter((r) => tagName(r.name)).map((r) => r.target?.digest));
  const out: Image[] = [];
  for (const r of records) {
    const target = r.target?.digest;
    if (usedTargets.has(target)) continue;
    if (dangling && (tagName(r.name) || taggedTargets.has(target))) continue;
    if (filters.until !== undefined && (timestampToMillis(r.createdAt) ?? 0) >= filters.until) continue;
    if (filters.labels.length) {
      const img = await loadOrUndefined(client, r);
      loaded.set(r.name, img);
      if (!matchesLabels({ ...img?.config.config?.Labels, ...r.labels }, filters.labels)) continue;
    }
    out.push(r);
  }
  return out;
}

/** Removes the images prune selects; the caller has asked for confirmation. */
export async function pruneImages(client: ContainerdClient, snapshotter: string, o: PruneOptions): Promise<PruneResult> {
  const records = await client.images.list();
  const loaded = new Map<string, LocalImage | undefined>();
  const removed = await candidates(client, records, o, loaded);
  if (!removed.length) return { items: [], reclaimed: 0 };
  const names = new Set(removed.map((r) => r.name));
  const kept = records.filter((r) => !names.has(r.name));
  for (const r of removed) if (!loaded.has(r.name)) loaded.set(r.name, await loadOrUndefined(client, r));
  const { bytes, keptIds } = await reclaimable(client, snapshotter, removed, kept, loaded);
  const items: PruneResult['items'] = [];
  const reported = new Set<string>(keptIds);
  for (let i = 0; i < removed.length; i++) {
    const r = removed[i]!;
    await client.images.delete(r.name, { sync: i === removed.length - 1 });
    const tag = tagName(r.name);
    if (tag) items.push({ untagged: tag });
    const id = loaded.get(r.name)?.id;
    const last = !removed.slice(i + 1).some((x) => x.target?.digest === r.target?.digest);
    if (id && last && !reported.has(id)) {
      items.push({ deleted: id });
      reported.add(id);
    }
  }
  return { items, reclaimed: bytes };
}
