// `nerdts images`: one row per image record, with docker's fields (and nerdctl's PLATFORM and
// BLOB SIZE), filters, and sizes read from containerd (snapshot usage, blob sizes).
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { timestampToIso, timestampToMillis } from '../containerd/types';
import { invalidArgument, isNotFound } from '../errors';
import { chainIds } from './content';
import { storeSummary, summaryOf } from './summary';
import type { ImageSummary } from './summary';
import { loadImage } from './local';
import type { LocalImage } from './local';
import { formatPlatform, hostPlatform, platformMatcher } from './platform';
import { familiarRepository, parseNamedReference } from './reference';

/** One listing row; field names are docker's `--format` names. */
export interface ImageRow {
  Repository: string;
  Tag: string;
  ID: string;
  Digest: string;
  CreatedAt: string;
  /** epoch ms, for sorting and CreatedSince */
  created: number;
  Size: number;
  BlobSize: number;
  Platform: string;
  Labels: Record<string, string>;
  /** the containerd record name */
  Name: string;
}

export interface ImageFilters {
  reference?: string[];
  before?: string[];
  since?: string[];
  label?: string[];
  dangling?: boolean;
}

/** docker's REPOSITORY and TAG columns for a record name. */
export function splitImageName(name: string): { repository: string; tag: string } {
  try {
    const ref = parseNamedReference(name);
    return { repository: familiarRepository(ref), tag: ref.tag ?? '<none>' };
  } catch {
    return { repository: '<none>', tag: '<none>' };
  }
}

async function unpackedSize(client: ContainerdClient, snapshotter: string, diffIds: string[]): Promise<number> {
  const sizes = await Promise.all(chainIds(diffIds).map((c) =>
    client.snapshots.usage(snapshotter, c).then((u) => u.size, (err: unknown) => { if (isNotFound(err)) return 0; throw err; })));
  return sizes.reduce((a, b) => a + b, 0);
}

function rowFromSummary(record: Image, s: ImageSummary): ImageRow {
  const { repository, tag } = splitImageName(record.name);
  return {
    Repository: repository, Tag: tag, ID: s.id, Digest: s.target, CreatedAt: s.created,
    created: Date.parse(s.created) || (timestampToMillis(record.createdAt) ?? 0),
    Size: s.size, BlobSize: s.blobSize, Platform: s.platform, Labels: s.labels, Name: record.name,
  };
}

/** The row for a record, computed from containerd's content (the cache's source of truth). */
export async function computeRow(client: ContainerdClient, snapshotter: string, record: Image): Promise<ImageRow | undefined> {
  let img: LocalImage;
  try {
    img = await loadImage(client, record, platformMatcher(hostPlatform(), { osOnly: true }));
  } catch (err) {
    if (isNotFound(err)) return undefined; // content missing (e.g. a partial multi-platform pull)
    throw err;
  }
  const { repository, tag } = splitImageName(record.name);
  const blobs = img.manifest.layers.reduce((s, l) => s + l.size, img.manifest.config.size + img.manifestDesc.size);
  const created = img.config.created ? Date.parse(img.config.created) : timestampToMillis(record.createdAt) ?? 0;
  return {
    Repository: repository, Tag: tag, ID: img.id, Digest: record.target!.digest,
    CreatedAt: img.config.created ?? timestampToIso(record.createdAt), created,
    Size: await unpackedSize(client, snapshotter, img.config.rootfs?.diff_ids ?? []),
    BlobSize: blobs, Platform: formatPlatform(img.platform), Labels: img.config.config?.Labels ?? {}, Name: record.name,
  };
}

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${esc}$`);
}

function matchesReference(r: ImageRow, patterns: string[]): boolean {
  const names = [r.Repository, `${r.Repository}:${r.Tag}`];
  return patterns.some((p) => { const re = globToRegExp(p); return names.some((n) => re.test(n)); });
}

function matchesLabels(r: ImageRow, labels: string[]): boolean {
  return labels.every((l) => {
    const eq = l.indexOf('=');
    return eq < 0 ? l in r.Labels : r.Labels[l.slice(0, eq)] === l.slice(eq + 1);
  });
}

function anchorTime(rows: ImageRow[], text: string, filter: string): number {
  const hit = rows.find((r) => r.Name === text || `${r.Repository}:${r.Tag}` === text || r.Repository === text
    || r.ID.slice(7).startsWith(text.replace(/^sha256:/, '')));
  if (!hit) throw invalidArgument(`invalid filter '${filter}=${text}': no such image`);
  return hit.created;
}

/** Applies docker's image filters. */
export function filterRows(rows: ImageRow[], f: ImageFilters): ImageRow[] {
  let out = rows;
  if (f.reference?.length) out = out.filter((r) => matchesReference(r, f.reference!));
  if (f.label?.length) out = out.filter((r) => matchesLabels(r, f.label!));
  if (f.dangling !== undefined) out = out.filter((r) => (r.Tag === '<none>') === f.dangling);
  for (const b of f.before ?? []) { const t = anchorTime(rows, b, 'before'); out = out.filter((r) => r.created < t); }
  for (const s of f.since ?? []) { const t = anchorTime(rows, s, 'since'); out = out.filter((r) => r.created > t); }
  return out;
}

/** Computes a record's row and caches it on the record (after pull, import, ...). */
export async function cacheImageRow(client: ContainerdClient, snapshotter: string, name: string): Promise<void> {
  const record = await client.images.get(name);
  const r = await computeRow(client, snapshotter, record);
  if (!r) return;
  await storeSummary(client, record, {
    target: r.Digest, id: r.ID, created: r.CreatedAt, platform: r.Platform, size: r.Size, blobSize: r.BlobSize, labels: r.Labels,
  });
}

/** Lists images, newest first. */
export async function listImages(client: ContainerdClient, snapshotter: string, filters: ImageFilters = {}): Promise<ImageRow[]> {
  const records = await client.images.list();
  const rows = (await Promise.all(records.map((r) => {
    const cached = summaryOf(r);
    return cached ? rowFromSummary(r, cached) : computeRow(client, snapshotter, r);
  }))).filter((r): r is ImageRow => r !== undefined);
  // plain code-unit order: localeCompare would load ICU collation (~18 ms on first use)
  rows.sort((a, b) => b.created - a.created || (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return filterRows(rows, filters);
}
