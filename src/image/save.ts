// `nerdts save`: images as one tar that is both a docker-archive (manifest.json, repositories) and an
// OCI image layout (oci-layout, index.json, blobs/sha256), the combined format docker >= 25 writes.
// Blobs go out exactly as stored (layers stay compressed: docker load decompresses gzip layers, and
// the manifests keep their digests), streamed from containerd one at a time.
import { writeTar } from '../archive/tar';
import type { TarMember } from '../archive/tar';
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { NerdtsError, isNotFound } from '../errors';
import { readJson } from './content';
import {
  DOCKER_MANIFEST_FILE, IMAGE_NAME_ANNOTATION, INDEX_FILE, OCI_LAYOUT_CONTENT, OCI_LAYOUT_FILE, REF_NAME_ANNOTATION,
  REPOSITORIES_FILE, blobPath,
} from './layout';
import type { DockerManifestItem } from './layout';
import { findImages } from './local';
import { MediaTypes, isForeignLayer, isIndexType, isManifestType } from './media-types';
import type { Descriptor, ImageConfig, ImageIndex, Manifest } from './media-types';
import { hostPlatform, parsePlatform, platformMatcher } from './platform';
import type { Platform, PlatformMatcher } from './platform';
import { familiarName, familiarRepository, formatReference, parseNamedReference } from './reference';
import type { ImageReference } from './reference';

/** What saveImages takes besides the names. */
export interface SaveOptions {
  /** Only this platform of multi-platform images (default: every platform whose content is present). */
  platform?: string;
}

interface SavedManifest { desc: Descriptor; manifest: Manifest; platform: Platform }

/** One image of the archive: a record target and the tags that point at it. */
interface SaveGroup { target: Descriptor; tags: ImageReference[]; manifests: SavedManifest[] }

interface Plan { groups: SaveGroup[]; blobs: Map<string, number> }

function tagged(name: string): ImageReference | undefined {
  try {
    const ref = parseNamedReference(name);
    return ref.tag !== undefined && ref.digest === undefined ? ref : undefined;
  } catch {
    return undefined;
  }
}

/** The records an argument names, as docker save reads it: a bare repository means all its tags. */
async function selectRecords(client: ContainerdClient, text: string): Promise<{ records: Image[]; byId: boolean }> {
  const ref = (() => { try { return parseNamedReference(text); } catch { return undefined; } })();
  if (ref && ref.tag === undefined && ref.digest === undefined) {
    const prefix = `${ref.domain}/${ref.path}:`;
    const all = (await client.images.list()).filter((r) => r.name.startsWith(prefix) && tagged(r.name));
    if (all.length) return { records: all, byId: false };
  }
  const found = await findImages(client, text);
  return { records: found.records, byId: found.by === 'id' };
}

async function blobSize(client: ContainerdClient, digest: string): Promise<number | undefined> {
  try {
    return Number((await client.content.info(digest)).size);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A manifest with config and layers all present, or undefined (their sizes go into `sizes`). */
async function completeManifest(client: ContainerdClient, desc: Descriptor, sizes: Map<string, number>): Promise<SavedManifest | undefined> {
  const blobs = new Map<string, number>();
  const own = await blobSize(client, desc.digest);
  if (own === undefined) return undefined;
  blobs.set(desc.digest, own);
  const manifest = await readJson<Manifest>(client, desc.digest);
  for (const d of [manifest.config, ...manifest.layers]) {
    if (isForeignLayer(d.mediaType)) continue; // docker leaves foreign layers out of archives too
    const size = await blobSize(client, d.digest);
    if (size === undefined) return undefined;
    blobs.set(d.digest, size);
  }
  const config = await readJson<ImageConfig>(client, manifest.config.digest);
  for (const [k, v] of blobs) sizes.set(k, v);
  const platform = desc.platform ?? { os: config.os ?? 'linux', architecture: config.architecture ?? '', ...(config.variant && { variant: config.variant }) };
  return { desc, manifest, platform };
}

/** Adds a target's blobs (an index, its present children, or one manifest) to the plan. */
async function collect(client: ContainerdClient, desc: Descriptor, matcher: PlatformMatcher | undefined, plan: Plan, out: SavedManifest[]): Promise<void> {
  if (isManifestType(desc.mediaType)) {
    const sizes = new Map<string, number>();
    const m = await completeManifest(client, desc, sizes);
    if (!m || (matcher && !matcher.match(m.platform))) return;
    for (const [k, v] of sizes) plan.blobs.set(k, v);
    out.push(m);
    return;
  }
  if (!isIndexType(desc.mediaType)) return; // artifacts of unknown type are skipped
  const size = await blobSize(client, desc.digest);
  if (size === undefined) return;
  plan.blobs.set(desc.digest, size);
  const index = await readJson<ImageIndex>(client, desc.digest);
  for (const child of index.manifests) {
    if (matcher && child.platform && !matcher.match(child.platform)) continue;
    await collect(client, child, matcher, plan, out);
  }
}

async function planSave(client: ContainerdClient, names: readonly string[], o: SaveOptions): Promise<Plan> {
  const plan: Plan = { groups: [], blobs: new Map() };
  const byTarget = new Map<string, SaveGroup>();
  const matcher = o.platform ? platformMatcher(parsePlatform(o.platform)) : undefined;
  for (const text of names) {
    const { records, byId } = await selectRecords(client, text);
    for (const record of records) {
      const target = record.target!;
      let group = byTarget.get(target.digest);
      if (!group) {
        group = { target: { mediaType: target.mediaType, digest: target.digest, size: Number(target.size) }, tags: [], manifests: [] };
        await collect(client, group.target, matcher, plan, group.manifests);
        if (!group.manifests.length) {
          throw new NerdtsError('not-found', `image ${text}: ${o.platform ? `no content for platform ${o.platform}` : 'its content is missing'}`,
            { hint: 'pull the image again' });
        }
        byTarget.set(target.digest, group);
        plan.groups.push(group);
      }
      const ref = byId ? undefined : tagged(record.name);
      if (ref && !group.tags.some((t) => formatReference(t) === formatReference(ref))) group.tags.push(ref);
    }
  }
  return plan;
}

/** The manifest docker-archive readers see: the host's platform when present, else the first. */
function primary(group: SaveGroup): SavedManifest {
  const host = platformMatcher(hostPlatform());
  const ranked = group.manifests.filter((m) => host.match(m.platform)).sort((a, b) => host.rank(a.platform) - host.rank(b.platform));
  return ranked[0] ?? group.manifests[0]!;
}

function indexJson(groups: SaveGroup[]): string {
  const manifests: Descriptor[] = [];
  for (const g of groups) {
    const base: Descriptor = { mediaType: g.target.mediaType, digest: g.target.digest, size: g.target.size,
      ...(isManifestType(g.target.mediaType) && { platform: g.manifests[0]!.platform }) };
    if (!g.tags.length) manifests.push(base);
    for (const t of g.tags) {
      manifests.push({ ...base, annotations: { [IMAGE_NAME_ANNOTATION]: formatReference(t), [REF_NAME_ANNOTATION]: t.tag! } });
    }
  }
  return JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests });
}

function dockerManifests(groups: SaveGroup[]): DockerManifestItem[] {
  return groups.map((g) => {
    const m = primary(g).manifest;
    return {
      Config: blobPath(m.config.digest),
      RepoTags: g.tags.map((t) => familiarName(t)),
      Layers: m.layers.filter((l) => !isForeignLayer(l.mediaType)).map((l) => blobPath(l.digest)),
    };
  });
}

/** docker's legacy `repositories`: repository -> tag -> top layer ID (here: the top layer blob). */
function repositories(groups: SaveGroup[]): Record<string, Record<string, string>> | undefined {
  const out: Record<string, Record<string, string>> = {};
  for (const g of groups) {
    const layers = primary(g).manifest.layers;
    const top = layers[layers.length - 1];
    if (!top) continue;
    for (const t of g.tags) (out[familiarRepository(t)] ??= {})[t.tag!] = top.digest.slice(top.digest.indexOf(':') + 1);
  }
  return Object.keys(out).length ? out : undefined;
}

async function* blobBody(client: ContainerdClient, digest: string): AsyncGenerator<Buffer> {
  for await (const chunk of client.content.read(digest)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function* members(client: ContainerdClient, plan: Plan): Generator<TarMember> {
  const dirs = new Set<string>(['blobs/']);
  for (const digest of plan.blobs.keys()) dirs.add(`${blobPath(digest).slice(0, blobPath(digest).lastIndexOf('/'))}/`);
  for (const d of dirs) yield { header: { name: d, type: 'directory', mode: 0o755 } };
  for (const [digest, size] of plan.blobs) {
    yield { header: { name: blobPath(digest), type: 'file', size, mode: 0o644 }, body: () => blobBody(client, digest) };
  }
  const file = (name: string, text: string): TarMember => ({ header: { name, type: 'file', mode: 0o644 }, body: Buffer.from(text) });
  yield file(INDEX_FILE, indexJson(plan.groups));
  yield file(DOCKER_MANIFEST_FILE, `${JSON.stringify(dockerManifests(plan.groups))}\n`);
  yield file(OCI_LAYOUT_FILE, OCI_LAYOUT_CONTENT);
  const repos = repositories(plan.groups);
  if (repos) yield file(REPOSITORIES_FILE, `${JSON.stringify(repos)}\n`);
}

/**
 * Resolves every name first (so a missing image fails before any byte is written), then returns the
 * archive as a stream of chunks; blobs are read from containerd only as the stream is consumed.
 */
export async function saveImages(client: ContainerdClient, names: readonly string[], o: SaveOptions = {}): Promise<AsyncGenerator<Buffer>> {
  if (!names.length) throw new NerdtsError('invalid-argument', 'no image names given');
  const plan = await planSave(client, names, o);
  return writeTar(members(client, plan));
}
