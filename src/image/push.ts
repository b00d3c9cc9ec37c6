// `nerdts push`: uploads what the registry lacks, streamed from containerd's content store: configs
// and layers first, then the manifests, the tagged root last (platform manifests of an index before
// the index), so the tag never points at something incomplete. Layers made locally go out gzipped
// (push-layers.ts).
import { Readable } from 'node:stream';
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError, isNerdtsError, isNotFound } from '../errors';
import { readJson } from './content';
import { registryOptions } from './context';
import type { ImageContext } from './context';
import { platformManifest } from './local';
import { compressesAtPush, gzipLabels, gzipLayerType, gzipStream, rememberedGzip, rewriteReferences } from './push-layers';
import { isForeignLayer, isIndexType, isManifestType } from './media-types';
import type { Descriptor, ImageIndex, Manifest } from './media-types';
import { parsePlatform, platformMatcher } from './platform';
import type { ProgressSink } from './progress';
import { familiarRepository, formatReference, parseImageReference, withDigest } from './reference';
import type { ImageReference } from './reference';
import { RegistryClient } from './registry';
import { digestOf } from './registry/verify';

/** What pushImage pushes, and where it reports progress. */
export interface PushOptions {
  reference: string;
  /** push only this platform's manifest of a multi-platform image (the tag then names it) */
  platform?: string;
  progress: ProgressSink;
  signal?: AbortSignal;
}

/** What docker prints after a push. */
export interface PushResult {
  /** full name pushed */
  name: string;
  /** what docker prints before `: digest:` (the tag, or the digest for digest references) */
  tag: string;
  digest: string;
  size: number;
  /** set when an index lacked content and its one present platform manifest was pushed instead */
  substituted?: { index: string; manifest: string };
}

interface PushPlan {
  /** blobs in upload order, with their progress kind */
  blobs: Array<{ desc: Descriptor; kind: 'config' | 'layer'; compress?: boolean }>;
  /** manifests and indexes, children before parents; the last is the root */
  manifests: Descriptor[];
}

const BLOB_CONCURRENCY = 3;

/** The blob's labels; a missing blob is an error naming the image. */
async function requirePresent(client: ContainerdClient, desc: Descriptor, name: string): Promise<Record<string, string>> {
  try {
    return (await client.content.info(desc.digest)).labels;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const what = desc.platform ? ` for platform ${[desc.platform.os, desc.platform.architecture, desc.platform.variant].filter(Boolean).join('/')}` : '';
    throw new NerdtsError('failed-precondition', `${name}: content ${desc.digest}${what} is missing locally`,
      { hint: 'push one platform with --platform, or pull the image again' });
  }
}

async function planTree(client: ContainerdClient, desc: Descriptor, name: string, plan: PushPlan): Promise<void> {
  await requirePresent(client, desc, name);
  if (isIndexType(desc.mediaType)) {
    const index = await readJson<ImageIndex>(client, desc.digest);
    for (const child of index.manifests) await planTree(client, child, name, plan);
  } else if (isManifestType(desc.mediaType)) {
    const manifest = await readJson<Manifest>(client, desc.digest);
    await requirePresent(client, manifest.config, name);
    plan.blobs.push({ desc: manifest.config, kind: 'config' });
    for (const l of manifest.layers) {
      if (isForeignLayer(l.mediaType)) continue; // docker does not push foreign layers either
      const labels = await requirePresent(client, l, name);
      plan.blobs.push({ desc: l, kind: 'layer', ...(compressesAtPush(l.mediaType, labels) && { compress: true }) });
    }
  } else {
    throw new NerdtsError('failed-precondition', `${name}: cannot push content of type ${desc.mediaType}`);
  }
  plan.manifests.push({ mediaType: desc.mediaType, digest: desc.digest, size: desc.size });
}

/** The platform manifests of an index whose manifest, config and layers are all present. */
async function completeLeaves(client: ContainerdClient, desc: Descriptor): Promise<Descriptor[]> {
  const out: Descriptor[] = [];
  try {
    if (isManifestType(desc.mediaType)) {
      await planTree(client, desc, '', { blobs: [], manifests: [] });
      return [desc];
    }
    if (!isIndexType(desc.mediaType)) return [];
    for (const child of (await readJson<ImageIndex>(client, desc.digest)).manifests) out.push(...await completeLeaves(client, child));
  } catch (err) {
    if (!isNerdtsError(err) || err.code !== 'failed-precondition') throw err;
  }
  return out;
}

/**
 * The plan for the target. An index with missing content is pushed as its one complete platform
 * manifest when there is exactly one (docker does the same); otherwise the missing content is an error.
 */
async function planPush(client: ContainerdClient, target: Descriptor, name: string): Promise<{ plan: PushPlan; substitute?: Descriptor }> {
  const plan: PushPlan = { blobs: [], manifests: [] };
  try {
    await planTree(client, target, name, plan);
    return { plan };
  } catch (err) {
    if (!isNerdtsError(err) || err.code !== 'failed-precondition' || !isIndexType(target.mediaType)) throw err;
    const leaves = await completeLeaves(client, target);
    if (leaves.length !== 1) {
      throw new NerdtsError('failed-precondition', `${name}: not all platform manifests of the image index are present locally`,
        { hint: 'pull every platform first (--all-platforms), or push one with --platform' });
    }
    const single: PushPlan = { blobs: [], manifests: [] };
    await planTree(client, leaves[0]!, name, single);
    return { plan: single, substitute: leaves[0]! };
  }
}

/** A cross-repository mount source: the repository on the same registry the blob was pulled from. */
async function mountSource(client: ContainerdClient, digest: string, ref: ImageReference): Promise<string | undefined> {
  const labels = (await client.content.info(digest)).labels;
  const source = labels[`containerd.io/distribution.source.${ref.domain}`];
  const repo = source?.split(',')[0];
  return repo && repo !== ref.path ? repo : undefined;
}

function contentStream(client: ContainerdClient, desc: Descriptor, onBytes: (offset: number) => void): Readable {
  let offset = 0;
  return Readable.from((async function* () {
    for await (const chunk of client.content.read(desc.digest)) {
      offset += chunk.length;
      onBytes(offset);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  })());
}

interface Job { client: ContainerdClient; registry: RegistryClient; ref: ImageReference; progress: ProgressSink; signal: AbortSignal | undefined }

async function uploadBlob(job: Job, desc: Descriptor, kind: 'config' | 'layer'): Promise<void> {
  const name = `${kind}-${desc.digest}`;
  const call = job.signal ? { signal: job.signal } : {};
  if (await job.registry.blobExists(job.ref.path, desc, { ...call, push: true })) {
    job.progress.update(name, 'exists', desc.size, desc.size);
    return;
  }
  job.progress.update(name, 'uploading', 0, desc.size);
  const mountFrom = await mountSource(job.client, desc.digest, job.ref);
  const result = await job.registry.pushBlob(job.ref.path, desc,
    () => contentStream(job.client, desc, (offset) => job.progress.update(name, 'uploading', offset, desc.size)),
    { ...call, ...(mountFrom && { mountFrom }) });
  job.progress.update(name, result === 'exists' ? 'exists' : 'done', desc.size, desc.size);
}

/** Runs `work` over the items with at most `limit` at a time; the first failure rejects. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Gzips a locally made layer into the registry (unless a remembered earlier push is there); returns the pushed blob. */
async function uploadCompressed(job: Job, desc: Descriptor): Promise<Descriptor> {
  const name = `layer-${desc.digest}`;
  const call = job.signal ? { signal: job.signal } : {};
  const remembered = rememberedGzip((await job.client.content.info(desc.digest)).labels, desc.mediaType);
  if (remembered && await job.registry.blobExists(job.ref.path, remembered, { ...call, push: true })) {
    job.progress.update(name, 'exists', desc.size, desc.size);
    return remembered;
  }
  job.progress.update(name, 'uploading', 0, desc.size);
  let current: ReturnType<typeof gzipStream> | undefined;
  const made = await job.registry.pushStreamedBlob(job.ref.path, {
    open: () => (current = gzipStream(contentStream(job.client, desc, (offset) => job.progress.update(name, 'uploading', offset, desc.size)))).stream,
    produced: () => current!.produced(),
  }, call);
  await job.client.content.update(desc.digest, gzipLabels(made), Object.keys(gzipLabels(made)).map((k) => `labels.${k}`)).catch(() => undefined);
  job.progress.update(name, 'done', desc.size, desc.size);
  return { mediaType: gzipLayerType(desc.mediaType), ...made };
}

/** Uploads blobs, then manifests (rewritten where a layer went out compressed); returns the pushed root. */
async function uploadAll(job: Job, plan: PushPlan): Promise<Descriptor> {
  const seen = new Set<string>();
  const blobs = plan.blobs.filter((b) => !seen.has(b.desc.digest) && seen.add(b.desc.digest));
  const pushed = new Map<string, Descriptor>();
  await eachLimited(blobs, BLOB_CONCURRENCY, async (b) => {
    if (b.compress) pushed.set(b.desc.digest, await uploadCompressed(job, b.desc));
    else await uploadBlob(job, b.desc, b.kind);
  });
  const root = plan.manifests[plan.manifests.length - 1]!;
  let pushedRoot = root;
  for (const m of plan.manifests) {
    const kind = isIndexType(m.mediaType) ? 'index' : 'manifest';
    const local = await job.client.content.readAll(m.digest);
    const bytes = rewriteReferences(local, m.mediaType, pushed) ?? local;
    const out: Descriptor = bytes === local ? m : { mediaType: m.mediaType, digest: digestOf(bytes), size: bytes.length };
    if (out !== m) pushed.set(m.digest, out);
    const target = m === root ? job.ref : withDigest(job.ref, out.digest);
    await job.registry.pushManifest(target, m.mediaType, bytes, job.signal ? { signal: job.signal } : {});
    job.progress.update(`${kind}-${out.digest}`, 'done', bytes.length, bytes.length);
    if (m === root) pushedRoot = out;
  }
  return pushedRoot;
}

/** Pushes the local image `reference` to its registry. */
export async function pushImage(ctx: ImageContext, o: PushOptions): Promise<PushResult> {
  const ref = parseImageReference(o.reference);
  const name = formatReference(ref);
  let target: Descriptor;
  try {
    const t = (await ctx.client.images.get(name)).target!;
    target = { mediaType: t.mediaType, digest: t.digest, size: Number(t.size) };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new NerdtsError('not-found', `An image does not exist locally with the tag: ${familiarRepository(ref)}`);
  }
  if (o.platform) target = await platformManifest(ctx.client, target, platformMatcher(parsePlatform(o.platform)));
  const { plan, substitute } = await planPush(ctx.client, target, name);
  const registry = new RegistryClient(ref.domain, registryOptions(ctx.globals));
  try {
    const root = await uploadAll({ client: ctx.client, registry, ref, progress: o.progress, signal: o.signal }, plan);
    return { name, tag: ref.tag ?? root.digest, digest: root.digest, size: root.size,
      ...(substitute && { substituted: { index: target.digest, manifest: substitute.digest } }) };
  } catch (err) {
    if (isNerdtsError(err) && err.code === 'unauthorized' && !err.hint) {
      throw new NerdtsError('unauthorized', err.message, { cause: err, hint: `run \`nerdts login ${ref.domain}\`` });
    }
    throw err;
  } finally {
    registry.close();
  }
}
