// The image a new container runs: found locally or pulled per --pull (missing|always|never), and
// unpacked for the snapshotter (an image pulled with another snapshotter, or without unpacking,
// is unpacked here), as nerdctl's EnsureImage.
import { randomBytes } from 'node:crypto';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError, invalidArgument, isNotFound } from '../errors';
import { SNAPSHOT_REF_LABEL_PREFIX, chainIds } from '../image/content';
import { findImageRecords, loadImage } from '../image/local';
import type { LocalImage } from '../image/local';
import { hostPlatform, parsePlatform, platformMatcher } from '../image/platform';
import type { ProgressSink } from '../image/progress';
import { silentProgress } from '../image/progress';
import { pullImage } from '../image/pull';
import { formatReference, parseImageReference } from '../image/reference';
import { unpackLayer } from '../image/unpack';

export type PullPolicy = 'missing' | 'always' | 'never';

export interface EnsureImageOptions {
  pull?: PullPolicy;
  platform?: string;
  progress?: ProgressSink;
  /** Called before an implicit pull (docker prints "Unable to find image 'x' locally"). */
  onPull?: (reference: string) => void;
  signal?: AbortSignal;
}

export interface EnsuredImage extends LocalImage {
  /** The chain IDs of the layers; the last is the container snapshot's parent ('' for no layers). */
  chainIds: string[];
}

const UNPACK_LEASE_MS = 60 * 60 * 1000;

/** The full reference for text that names an image by reference, undefined for IDs. */
function referenceOf(text: string): string | undefined {
  try {
    return formatReference(parseImageReference(text));
  } catch {
    return undefined;
  }
}

async function local(client: ContainerdClient, text: string): Promise<string | undefined> {
  try {
    return (await findImageRecords(client, text))[0]!.name;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Finds or pulls the image, resolves the platform's manifest and unpacks it; throws docker's errors. */
export async function ensureImage(client: ContainerdClient, globals: GlobalOptions, text: string,
  options: EnsureImageOptions = {}): Promise<EnsuredImage> {
  const policy = options.pull ?? 'missing';
  if (!['missing', 'always', 'never'].includes(policy)) {
    throw invalidArgument(`invalid pull option: '${policy}'`, { hint: 'use "missing", "always" or "never"' });
  }
  const reference = referenceOf(text);
  let name = policy === 'always' ? undefined : await local(client, text);
  if (name === undefined) {
    if (policy === 'never' || reference === undefined) throw new NerdtsError('not-found', `No such image: ${text}`);
    options.onPull?.(text);
    const progress = options.progress ?? silentProgress;
    let ok = false;
    try {
      name = (await pullImage({ client, globals }, {
        reference, progress, ...(options.platform && { platform: options.platform }), ...(options.signal && { signal: options.signal }),
      })).name;
      ok = true;
    } finally {
      progress.finish(ok);
    }
  }
  const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();
  const image = await loadImage(client, await client.images.get(name), platformMatcher(wanted));
  const chains = chainIds(image.config.rootfs?.diff_ids ?? []);
  await ensureUnpacked(client, globals.snapshotter, image, chains);
  return { ...image, chainIds: chains };
}

async function snapshotExists(client: ContainerdClient, snapshotter: string, key: string): Promise<boolean> {
  try {
    await client.snapshots.stat(snapshotter, key);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

async function ensureUnpacked(client: ContainerdClient, snapshotter: string, image: LocalImage, chains: string[]): Promise<void> {
  const top = chains[chains.length - 1];
  if (top === undefined || await snapshotExists(client, snapshotter, top)) return;
  const diffIds = image.config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== image.manifest.layers.length) {
    throw new NerdtsError('failed-precondition', `image ${image.record.name}: config lists ${diffIds.length} layers, the manifest ${image.manifest.layers.length}`);
  }
  const lease = `nerdts-unpack-${randomBytes(8).toString('hex')}`;
  await client.leases.create({ id: lease, expiresAt: new Date(Date.now() + UNPACK_LEASE_MS) });
  try {
    for (let i = 0; i < chains.length; i++) {
      await unpackLayer(client, snapshotter, {
        layer: image.manifest.layers[i]!, diffId: diffIds[i]!, chainId: chains[i]!, parent: chains[i - 1] ?? '',
      }, { lease });
    }
    // The image's config references its snapshots, so they outlive the lease (as pull does).
    const key = `${SNAPSHOT_REF_LABEL_PREFIX}${snapshotter}`;
    await client.content.update(image.id, { [key]: top }, [`labels.${key}`], { lease });
  } finally {
    await client.leases.delete(lease).catch(() => undefined);
  }
}
