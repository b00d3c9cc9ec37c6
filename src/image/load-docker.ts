// docker-archive images (manifest.json with a config and layer tars per image, old `<id>/layer.tar`
// or new `blobs/sha256/<hex>` paths) become OCI images: the config is stored byte for byte (so the
// image ID stays the same), layers keep their compression, and a new OCI manifest ties them together.
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError } from '../errors';
import { manifestLabels } from './content';
import { resolvePath } from './archive-reader';
import type { ArchiveContents } from './archive-reader';
import { ingestBytes } from './ingest';
import { DOCKER_MANIFEST_FILE } from './layout';
import type { DockerManifestItem } from './layout';
import { MediaTypes } from './media-types';
import type { Descriptor, ImageConfig, Manifest } from './media-types';
import { formatReference, parseImageReference } from './reference';
import { labelBlob, unpackImage } from './unpack-image';

/** An image created by load: its record target, ID, and the full names to record. */
export interface LoadedImage {
  target: Descriptor;
  id: string;
  names: string[];
}

/** Parses a JSON metadata file of the archive; undefined when absent. */
export function archiveJson<T>(contents: ArchiveContents, path: string): T | undefined {
  const bytes = contents.files.get(path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new NerdtsError('invalid-argument', `${path} is not valid JSON`);
  }
}

/** The bytes of a file of the archive, from memory or from the content store. */
async function fileBytes(client: ContainerdClient, contents: ArchiveContents, path: string, options: RequestOptions): Promise<Buffer> {
  const p = resolvePath(contents, path);
  const inMemory = contents.files.get(p);
  if (inMemory) return inMemory;
  const blob = contents.blobs.get(p);
  if (!blob) throw new NerdtsError('invalid-argument', `${path} is named in ${DOCKER_MANIFEST_FILE} but missing from the archive`);
  return client.content.readAll(blob.digest, options);
}

function layerDescriptor(contents: ArchiveContents, path: string, diffId: string, index: number): Descriptor {
  const blob = contents.blobs.get(resolvePath(contents, path));
  if (!blob) throw new NerdtsError('invalid-argument', `layer ${path} is named in ${DOCKER_MANIFEST_FILE} but missing from the archive`);
  if (blob.diffId !== undefined && blob.diffId !== diffId) {
    throw new NerdtsError('invalid-argument', `invalid diffID for layer ${index}: expected "${diffId}", got "${blob.diffId}"`);
  }
  return { mediaType: blob.gzip ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer, digest: blob.digest, size: blob.size };
}

/** docker requires tagged names in RepoTags. */
function repoTagNames(item: DockerManifestItem): string[] {
  return (item.RepoTags ?? []).map((t) => {
    const ref = parseImageReference(t);
    if (ref.digest !== undefined) throw new NerdtsError('invalid-argument', `invalid tag "${t}"`);
    return formatReference(ref);
  });
}

async function importItem(client: ContainerdClient, contents: ArchiveContents, item: DockerManifestItem, snapshotter: string, options: RequestOptions): Promise<LoadedImage> {
  if (typeof item.Config !== 'string' || !Array.isArray(item.Layers)) {
    throw new NerdtsError('invalid-argument', `${DOCKER_MANIFEST_FILE}: an entry lacks Config or Layers`);
  }
  const configBytes = await fileBytes(client, contents, item.Config, options);
  const config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== item.Layers.length) {
    throw new NerdtsError('invalid-argument', `invalid manifest, layers length mismatch: expected ${item.Layers.length}, got ${diffIds.length}`);
  }
  const layers = item.Layers.map((p, i) => layerDescriptor(contents, p, diffIds[i]!, i));
  const stored = await ingestBytes(client, configBytes, {}, options);
  const manifest: Manifest = {
    schemaVersion: 2, mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: stored.digest, size: stored.size }, layers,
  };
  await unpackImage(client, snapshotter, manifest, config, options);
  const bytes = Buffer.from(JSON.stringify(manifest));
  const m = await ingestBytes(client, bytes, manifestLabels(manifest), options);
  await labelBlob(client, m.digest, manifestLabels(manifest), options); // when it was stored before, unlabelled
  return { target: { mediaType: MediaTypes.ociManifest, digest: m.digest, size: m.size }, id: stored.digest, names: repoTagNames(item) };
}

/** Creates one image per manifest.json entry (no records yet: the caller names them). */
export async function importDockerArchive(client: ContainerdClient, contents: ArchiveContents, snapshotter: string, options: RequestOptions): Promise<LoadedImage[]> {
  const items = archiveJson<DockerManifestItem[]>(contents, DOCKER_MANIFEST_FILE);
  if (!Array.isArray(items)) throw new NerdtsError('invalid-argument', `invalid manifest, ${DOCKER_MANIFEST_FILE} is not a list`);
  const out: LoadedImage[] = [];
  for (const item of items) out.push(await importItem(client, contents, item, snapshotter, options));
  return out;
}
