// `nerdts pull`: resolve -> fetch manifests, config and layers in parallel straight into containerd's
// content store (digests verified by containerd on commit, partial writes resumed) -> unpack each
// layer as soon as it and its parent are ready -> image record. Everything runs under a lease, so a
// failure leaves nothing that the garbage collector will not remove.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError, isAlreadyExists, isNotFound } from '../errors';
import { SNAPSHOT_REF_LABEL_PREFIX, UNCOMPRESSED_LABEL, chainIds, indexLabels, ingestRef, manifestLabels, readJson, sourceLabel } from './content';
import { registryOptions } from './context';
import type { ImageContext } from './context';
import { isIndexType, isManifestType } from './media-types';
import type { Descriptor, ImageConfig, ImageIndex, Manifest } from './media-types';
import { formatPlatform, hostPlatform, parsePlatform, platformMatcher, selectPlatform } from './platform';
import type { Platform } from './platform';
import type { ProgressSink } from './progress';
import { formatReference, parseImageReference } from './reference';
import type { ImageReference } from './reference';
import { RegistryClient } from './registry';
import { unpackLayer } from './unpack';
import { cacheImageRow } from './list';
import { directContentRoot, ingestDirect } from './direct-ingest';

export interface PullOptions {
  reference: string;
  platform?: string;
  /** Unpack into the snapshotter (default true). */
  unpack?: boolean;
  progress: ProgressSink;
  signal?: AbortSignal;
}

export interface PulledImage {
  name: string;
  target: Descriptor;
  /** config digest (image ID) of the pulled platform */
  id: string;
}

const LAYER_CONCURRENCY = Number(process.env.NERDTS_PULL_CONCURRENCY ?? 3);
// Small blobs are cheaper through gRPC than through a file, a lock and a commit.
const DIRECT_MIN_SIZE = 1 << 20;
const LEASE_TTL_MS = 60 * 60 * 1000;

interface Job {
  ctx: ImageContext;
  /** containerd's content directory when we may write it directly (see direct-ingest.ts) */
  contentRoot: string | undefined;
  ref: ImageReference;
  registry: RegistryClient;
  lease: RequestOptions;
  progress: ProgressSink;
  signal: AbortSignal | undefined;
}

function label(kind: string, digest: string): string {
  return `${kind}-${digest}`;
}

/** Bytes of a stream from `want` on, when the registry ignored our Range request. */
async function* skipTo(stream: Readable, from: number, want: number): AsyncGenerator<Buffer> {
  let pos = from;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (pos >= want) { yield chunk; continue; }
    const skip = Math.min(chunk.length, want - pos);
    pos += skip;
    if (skip < chunk.length) { pos += chunk.length - skip; yield chunk.subarray(skip); }
  }
}

/** Streams one blob from the registry into the content store (resuming a partial ingest). */
async function fetchBlob(job: Job, kind: 'config' | 'layer', desc: Descriptor, labels: Record<string, string>): Promise<void> {
  const name = label(kind, desc.digest);
  const { client } = job.ctx;
  try {
    await client.content.info(desc.digest, job.lease);
    job.progress.update(name, 'exists', desc.size, desc.size);
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  job.progress.update(name, 'downloading', 0, desc.size);
  const blob = {
    ref: ingestRef(kind, desc.digest), digest: desc.digest, size: desc.size,
    labels: { ...labels, ...sourceLabel(job.ref.domain, job.ref.path) },
    source: async function* (offset: number) {
      const b = await job.registry.fetchBlob(job.ref.path, desc, { offset, ...(job.signal && { signal: job.signal }) });
      yield* skipTo(b.stream, b.offset, offset);
    },
    onProgress: (offset: number) => job.progress.update(name, 'downloading', offset, desc.size),
  };
  if (job.contentRoot && desc.size > DIRECT_MIN_SIZE) await ingestDirect(client, job.contentRoot, blob, job.lease);
  else await client.content.write(blob, job.lease);
  job.progress.update(name, 'done', desc.size, desc.size);
}

/** Stores a manifest or index we already hold in memory. */
async function storeBytes(job: Job, kind: 'index' | 'manifest', desc: Descriptor, bytes: Buffer, labels: Record<string, string>): Promise<void> {
  await job.ctx.client.content.write({
    ref: ingestRef(kind, desc.digest), digest: desc.digest, size: bytes.length,
    labels: { ...labels, ...sourceLabel(job.ref.domain, job.ref.path) },
    source: (offset) => [bytes.subarray(offset)],
  }, job.lease);
  job.progress.update(label(kind, desc.digest), 'done', bytes.length, bytes.length);
}

/** Runs `work` over items with at most `limit` in flight; results keep their order. */
function bounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Array<Promise<R>> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return items.map(async (item) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await work(item);
    } finally {
      active--;
      waiting.shift()?.();
    }
  });
}

/** docker refuses a single-platform image that does not match an explicit --platform. */
function checkPlatform(config: ImageConfig, wanted: Platform | undefined, name: string): void {
  if (!wanted) return;
  const actual: Platform = { os: config.os ?? '', architecture: config.architecture ?? '', ...(config.variant && { variant: config.variant }) };
  if (!platformMatcher(wanted).match(actual)) {
    throw new NerdtsError('not-found', `image with reference ${name} was found but does not match the specified platform: wanted ${formatPlatform(wanted)}, actual: ${formatPlatform(actual)}`);
  }
}

async function pullManifest(job: Job, desc: Descriptor, unpack: boolean, wanted?: Platform): Promise<string> {
  const bytes = await job.registry.fetchManifest(job.ref.path, desc, job.signal ? { signal: job.signal } : {});
  const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
  await fetchBlob(job, 'config', manifest.config, {});
  const config = await readJson<ImageConfig>(job.ctx.client, manifest.config.digest, job.lease);
  checkPlatform(config, wanted, formatReference(job.ref));
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new NerdtsError('failed-precondition', `image config lists ${diffIds.length} layers, the manifest ${manifest.layers.length}`);
  }
  const downloads = bounded(manifest.layers, LAYER_CONCURRENCY, (l) =>
    fetchBlob(job, 'layer', l, { [UNCOMPRESSED_LABEL]: diffIds[manifest.layers.indexOf(l)]! }));
  downloads.forEach((d) => d.catch(() => undefined)); // awaited below; avoid unhandled rejections
  const chains = chainIds(diffIds);
  const snapshotter = job.ctx.globals.snapshotter;
  for (let i = 0; i < manifest.layers.length; i++) {
    await downloads[i];
    if (!unpack) continue;
    const name = label('layer', manifest.layers[i]!.digest);
    job.progress.update(name, 'unpacking');
    await unpackLayer(job.ctx.client, snapshotter, { layer: manifest.layers[i]!, diffId: diffIds[i]!, chainId: chains[i]!, parent: chains[i - 1] ?? '' }, job.lease);
    job.progress.update(name, 'done');
  }
  await Promise.all(downloads);
  const configLabels = unpack && chains.length ? { [`${SNAPSHOT_REF_LABEL_PREFIX}${snapshotter}`]: chains[chains.length - 1]! } : {};
  if (Object.keys(configLabels).length) {
    await job.ctx.client.content.update(manifest.config.digest, configLabels, Object.keys(configLabels).map((k) => `labels.${k}`), job.lease);
  }
  await storeBytes(job, 'manifest', desc, bytes, manifestLabels(manifest));
  return manifest.config.digest;
}

async function saveRecord(job: Job, name: string, target: Descriptor): Promise<void> {
  const { client } = job.ctx;
  const record = { name, target: { mediaType: target.mediaType, digest: target.digest, size: target.size } };
  try {
    await client.images.create(record, job.lease);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await client.images.update(record, ['target'], job.lease);
  }
}

/** Pulls an image for one platform (default: the host's) and records it under its full name. */
export async function pullImage(ctx: ImageContext, options: PullOptions): Promise<PulledImage> {
  const ref = parseImageReference(options.reference);
  const name = formatReference(ref);
  const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();
  const registry = new RegistryClient(ref.domain, registryOptions(ctx.globals));
  const leaseId = `nerdts-pull-${randomBytes(8).toString('hex')}`;
  await ctx.client.leases.create({ id: leaseId, expiresAt: new Date(Date.now() + LEASE_TTL_MS) });
  const contentRoot = await directContentRoot(ctx.client, process.env);
  const job: Job = { ctx, ref, registry, contentRoot, lease: { lease: leaseId }, progress: options.progress, signal: options.signal };
  try {
    job.progress.update(name, 'resolving');
    const root = await registry.resolve(ref, options.signal ? { signal: options.signal } : {});
    job.progress.update(name, 'resolved');
    let manifestDesc = root.descriptor;
    if (isIndexType(root.descriptor.mediaType)) {
      const index = JSON.parse(root.bytes.toString('utf8')) as ImageIndex;
      const chosen = selectPlatform(index.manifests, platformMatcher(wanted));
      if (!chosen) throw new NerdtsError('not-found', `no match for platform ${formatPlatform(wanted)} in the manifest list of ${name}`);
      manifestDesc = chosen;
    } else if (!isManifestType(root.descriptor.mediaType)) {
      throw new NerdtsError('invalid-argument', `${name}: unsupported manifest type ${root.descriptor.mediaType}`);
    }
    const id = await pullManifest(job, manifestDesc, options.unpack ?? true,
      options.platform && !isIndexType(root.descriptor.mediaType) ? wanted : undefined);
    if (isIndexType(root.descriptor.mediaType)) {
      await storeBytes(job, 'index', root.descriptor, root.bytes, indexLabels(JSON.parse(root.bytes.toString('utf8')) as ImageIndex));
    }
    await saveRecord(job, name, root.descriptor);
    // Only a speed-up for `images`: a failure here must not fail the pull.
    await cacheImageRow(ctx.client, ctx.globals.snapshotter, name).catch(() => undefined);
    return { name, target: root.descriptor, id };
  } finally {
    await ctx.client.leases.delete(leaseId).catch(() => undefined);
  }
}
