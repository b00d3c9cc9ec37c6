// OCI image layouts (index.json + blobs/, also the second face of docker >= 25 archives): the
// manifests and indexes are kept as they are, given their gc labels, and the manifest for the
// wanted platform is unpacked. Names come from the index annotations.
import { hasContent } from './local';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError, isNotFound } from '../errors';
import { indexLabels, manifestLabels, readJson } from './content';
import { resolvePath } from './archive-reader';
import type { ArchiveContents } from './archive-reader';
import { DOCKER_MANIFEST_FILE, IMAGE_NAME_ANNOTATION, INDEX_FILE, REF_NAME_ANNOTATION, blobPath } from './layout';
import type { DockerManifestItem } from './layout';
import { archiveJson } from './load-docker';
import type { LoadedImage } from './load-docker';
import { platformManifest } from './local';
import { isIndexType, isManifestType } from './media-types';
import type { Descriptor, ImageConfig, ImageIndex, Manifest } from './media-types';
import type { PlatformMatcher } from './platform';
import { formatReference, parseImageReference } from './reference';
import { labelBlob, unpackImage } from './unpack-image';

/**
 * The full name an index entry carries: containerd's name annotation, else a ref.name that is a
 * whole reference (`docker.io/x/y:1`). A bare tag (`latest`, what docker writes) names nothing alone.
 */
export function annotatedName(annotations: Record<string, string> | undefined): string | undefined {
  const full = annotations?.[IMAGE_NAME_ANNOTATION];
  const ref = annotations?.[REF_NAME_ANNOTATION];
  for (const candidate of [full, ref && /[/:@]/.test(ref) ? ref : undefined]) {
    if (!candidate) continue;
    try {
      return formatReference(parseImageReference(candidate));
    } catch { /* not a reference: try the next */ }
  }
  return undefined;
}

/** Gives indexes and manifests present in the archive their gc labels, children first. */
async function labelTree(client: ContainerdClient, desc: Descriptor, stored: Set<string>, options: RequestOptions): Promise<void> {
  if (!stored.has(desc.digest)) return;
  if (isIndexType(desc.mediaType)) {
    const index = await readJson<ImageIndex>(client, desc.digest, options);
    for (const child of index.manifests ?? []) await labelTree(client, child, stored, options);
    await labelBlob(client, desc.digest, indexLabels(index), options);
  } else if (isManifestType(desc.mediaType)) {
    await labelBlob(client, desc.digest, manifestLabels(await readJson<Manifest>(client, desc.digest, options)), options);
  }
}

/** The manifest to unpack: the wanted platform's, else any present one (for the ID only). */
async function chooseManifest(client: ContainerdClient, desc: Descriptor, matcher: PlatformMatcher, stored: Set<string>, options: RequestOptions): Promise<{ desc: Descriptor; unpack: boolean } | undefined> {
  try {
    return { desc: await platformManifest(client, desc, matcher), unpack: true };
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const first = async (d: Descriptor): Promise<Descriptor | undefined> => {
    if (!stored.has(d.digest)) return undefined;
    if (isManifestType(d.mediaType)) return d;
    if (!isIndexType(d.mediaType)) return undefined;
    for (const c of (await readJson<ImageIndex>(client, d.digest, options)).manifests ?? []) {
      const found = await first(c);
      if (found) return found;
    }
    return undefined;
  };
  const any = await first(desc);
  return any && { desc: any, unpack: false };
}

/** RepoTags of docker's manifest.json by config digest, for index entries that carry only a tag. */
function dockerTags(contents: ArchiveContents): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let items: DockerManifestItem[] | undefined;
  try { items = archiveJson<DockerManifestItem[]>(contents, DOCKER_MANIFEST_FILE); } catch { items = undefined; }
  for (const item of Array.isArray(items) ? items : []) {
    const blob = typeof item.Config === 'string' ? contents.blobs.get(resolvePath(contents, item.Config)) : undefined;
    if (!blob) continue;
    for (const t of item.RepoTags ?? []) {
      try { out.set(blob.digest, [...out.get(blob.digest) ?? [], formatReference(parseImageReference(t))]); } catch { /* skip */ }
    }
  }
  return out;
}

async function importEntry(client: ContainerdClient, entry: { desc: Descriptor; names: string[] }, stored: Set<string>,
  o: { snapshotter: string; matcher: PlatformMatcher; tags: Map<string, string[]> }, options: RequestOptions): Promise<LoadedImage> {
  await labelTree(client, entry.desc, stored, options);
  const chosen = await chooseManifest(client, entry.desc, o.matcher, stored, options);
  if (!chosen) throw new NerdtsError('invalid-argument', `${INDEX_FILE}: ${entry.desc.digest} has no image manifest in the archive`);
  const manifest = await readJson<Manifest>(client, chosen.desc.digest, options);
  if (chosen.unpack) {
    for (const d of [manifest.config, ...manifest.layers]) {
      if (!stored.has(d.digest) && !(await hasContent(client, d.digest))) {
        throw new NerdtsError('invalid-argument', `${blobPath(d.digest)} is missing from the archive`);
      }
    }
    await unpackImage(client, o.snapshotter, manifest, await readJson<ImageConfig>(client, manifest.config.digest, options), options);
  }
  const id = manifest.config.digest;
  const names = entry.names.length ? entry.names : o.tags.get(id) ?? [];
  return { target: { mediaType: entry.desc.mediaType, digest: entry.desc.digest, size: entry.desc.size }, id, names };
}

/** Creates one image per distinct index.json entry (no records yet: the caller names them). */
export async function importLayout(client: ContainerdClient, contents: ArchiveContents, snapshotter: string, matcher: PlatformMatcher, options: RequestOptions): Promise<LoadedImage[]> {
  const index = archiveJson<ImageIndex>(contents, INDEX_FILE);
  if (!index || !Array.isArray(index.manifests)) throw new NerdtsError('invalid-argument', `${INDEX_FILE} has no manifests list`);
  const stored = new Set([...contents.blobs.values()].map((b) => b.digest));
  const entries = new Map<string, { desc: Descriptor; names: string[] }>();
  for (const d of index.manifests) {
    if (typeof d.digest !== 'string' || !stored.has(d.digest)) {
      throw new NerdtsError('invalid-argument', `${INDEX_FILE} names ${String(d.digest)}, which is missing from the archive`);
    }
    const entry = entries.get(d.digest) ?? { desc: d, names: [] };
    const name = annotatedName(d.annotations);
    if (name && !entry.names.includes(name)) entry.names.push(name);
    entries.set(d.digest, entry);
  }
  const o = { snapshotter, matcher, tags: dockerTags(contents) };
  const out: LoadedImage[] = [];
  for (const entry of entries.values()) out.push(await importEntry(client, entry, stored, o, options));
  return out;
}
