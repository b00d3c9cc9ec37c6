// Images already in containerd: the record, the manifest for a platform, its config, and lookup by
// name or ID prefix as docker accepts them (`busybox`, `busybox:1`, `sha256:abc…`, `abc1`).
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { NerdtsError, isNotFound, notFound } from '../errors';
import { readJson } from './content';
import { isIndexType } from './media-types';
import type { Descriptor, ImageConfig, ImageIndex, Manifest } from './media-types';
import { formatPlatform, hostPlatform, platformMatcher, selectPlatform } from './platform';
import type { Platform, PlatformMatcher } from './platform';
import { formatReference, idPrefix, parseImageReference } from './reference';

/** An image record resolved to one platform's manifest and config. */
export interface LocalImage {
  record: Image;
  manifestDesc: Descriptor;
  manifest: Manifest;
  /** config digest: docker's image ID */
  id: string;
  config: ImageConfig;
  platform: Platform;
}

/** True when containerd's content store holds the blob. */
export async function hasContent(client: ContainerdClient, digest: string): Promise<boolean> {
  try {
    await client.content.info(digest);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The manifest of `target` for the platform: the target itself, or the best present child of an index. */
export async function platformManifest(client: ContainerdClient, target: Descriptor, matcher: PlatformMatcher): Promise<Descriptor> {
  return (await platformManifestWithBytes(client, target, matcher)).desc;
}

/** Like platformManifest, with the manifest already parsed (one round trip less per image). */
async function platformManifestWithBytes(client: ContainerdClient, target: Descriptor, matcher: PlatformMatcher): Promise<{ desc: Descriptor; manifest?: Manifest }> {
  if (!isIndexType(target.mediaType)) return { desc: target };
  const index = await readJson<ImageIndex>(client, target.digest);
  const candidates = index.manifests.filter((m) => m.platform && matcher.match(m.platform));
  candidates.sort((a, b) => matcher.rank(a.platform!) - matcher.rank(b.platform!));
  for (const c of candidates) {
    if (isIndexType(c.mediaType)) {
      if (await hasContent(client, c.digest)) return platformManifestWithBytes(client, c, matcher);
      continue;
    }
    try {
      // Reading it is the presence check: a platform that was not pulled is not-found.
      return { desc: c, manifest: await readJson<Manifest>(client, c.digest) };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const any = selectPlatform(index.manifests, matcher);
  throw new NerdtsError('not-found', any
    ? `image has no content for platform ${formatPlatform(any.platform!)}: pull it again`
    : `image has no manifest for the requested platform`);
}

/** Resolves a record to one platform (default: the host's). */
export async function loadImage(client: ContainerdClient, record: Image, matcher = platformMatcher(hostPlatform())): Promise<LocalImage> {
  const target = record.target!;
  const { desc: manifestDesc, manifest: read } = await platformManifestWithBytes(client, target, matcher);
  const manifest = read ?? await readJson<Manifest>(client, manifestDesc.digest);
  const config = await readJson<ImageConfig>(client, manifest.config.digest);
  const platform: Platform = manifestDesc.platform ?? { os: config.os ?? 'linux', architecture: config.architecture ?? '', ...(config.variant && { variant: config.variant }) };
  return { record, manifestDesc, manifest, id: manifest.config.digest, config, platform };
}

/** The config digest of a record without failing: undefined when its content is missing. */
export async function imageId(client: ContainerdClient, record: Image): Promise<string | undefined> {
  try {
    return (await loadImage(client, record, platformMatcher(hostPlatform(), { osOnly: true }))).id;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The full containerd name for what the user typed, or undefined when it is not a reference. */
function referenceName(text: string): string | undefined {
  try {
    return formatReference(parseImageReference(text));
  } catch {
    return undefined;
  }
}

export interface FoundImages {
  records: Image[];
  /** 'id' when `text` matched an image ID (all its records), 'name' for one record by reference */
  by: 'name' | 'id';
}

/**
 * Every record that `text` names: by reference first, then by image ID (prefix). Several records
 * can share one ID (tags of one image). Throws not-found naming what was asked for.
 */
export async function findImages(client: ContainerdClient, text: string): Promise<FoundImages> {
  const name = referenceName(text);
  if (name !== undefined) {
    try {
      return { records: [await client.images.get(name)], by: 'name' };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const hex = idPrefix(text);
  if (hex !== undefined) {
    const all = await client.images.list();
    const ids = await Promise.all(all.map((r) => imageId(client, r)));
    const matches = all.filter((_, i) => ids[i]?.slice(7).startsWith(hex));
    const distinct = new Set(matches.map((m) => ids[all.indexOf(m)]));
    if (distinct.size > 1) throw new NerdtsError('invalid-argument', `multiple images found with provided prefix: ${text}`);
    if (matches.length) return { records: matches, by: 'id' };
  }
  throw notFound(`No such image: ${text}`);
}

/** The records `text` names (see findImages). */
export async function findImageRecords(client: ContainerdClient, text: string): Promise<Image[]> {
  return (await findImages(client, text)).records;
}
