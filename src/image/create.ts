// Making a new image in containerd from layers already in the content store: unpack them, store the
// config and manifest with their gc labels, and name it. Used by import, load, commit and build.
import { randomBytes } from 'node:crypto';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { isAlreadyExists } from '../errors';
import { SNAPSHOT_REF_LABEL_PREFIX, chainIds, manifestLabels } from './content';
import { ingestBytes } from './ingest';
import { MediaTypes } from './media-types';
import type { Descriptor, ImageConfig, Manifest } from './media-types';
import { unpackLayer } from './unpack';

export interface NewImage {
  /** Record name; none leaves the image unnamed except by its ID */
  name?: string;
  config: ImageConfig;
  layers: Descriptor[];
  snapshotter: string;
}

/** Runs `work` under a fresh lease so a failure leaves nothing the collector keeps. */
export async function withLease<T>(client: ContainerdClient, work: (options: RequestOptions) => Promise<T>): Promise<T> {
  const id = `nerdts-${randomBytes(8).toString('hex')}`;
  await client.leases.create({ id, expiresAt: new Date(Date.now() + 3_600_000) });
  try {
    return await work({ lease: id });
  } finally {
    await client.leases.delete(id).catch(() => undefined);
  }
}

/** Creates or moves a record. */
export async function nameImage(client: ContainerdClient, name: string, target: Descriptor, options?: RequestOptions): Promise<void> {
  const record = { name, target: { mediaType: target.mediaType, digest: target.digest, size: target.size } };
  try {
    await client.images.create(record, options);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await client.images.update(record, ['target'], options);
  }
}

/** Unpacks the layers and writes config + manifest (OCI media types); returns the manifest descriptor and image ID. */
export async function createImage(client: ContainerdClient, img: NewImage, options: RequestOptions): Promise<{ manifest: Descriptor; id: string }> {
  const diffIds = img.config.rootfs?.diff_ids ?? [];
  const chains = chainIds(diffIds);
  for (let i = 0; i < img.layers.length; i++) {
    await unpackLayer(client, img.snapshotter, { layer: img.layers[i]!, diffId: diffIds[i]!, chainId: chains[i]!, parent: chains[i - 1] ?? '' }, options);
  }
  const top = chains[chains.length - 1];
  const configBytes = Buffer.from(JSON.stringify(img.config));
  const config = await ingestBytes(client, configBytes, top ? { [`${SNAPSHOT_REF_LABEL_PREFIX}${img.snapshotter}`]: top } : {}, options);
  const manifest: Manifest = {
    schemaVersion: 2, mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: config.digest, size: config.size },
    layers: img.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const stored = await ingestBytes(client, bytes, manifestLabels(manifest), options);
  const desc: Descriptor = { mediaType: MediaTypes.ociManifest, digest: stored.digest, size: stored.size };
  if (img.name) await nameImage(client, img.name, desc, options);
  return { manifest: desc, id: config.digest };
}
