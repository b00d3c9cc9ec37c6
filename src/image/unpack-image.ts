// Unpacking every layer of a manifest whose blobs are already in the content store (load, and any
// other path that stores blobs first), and setting the gc labels pull sets: each layer's
// uncompressed digest, and the config's reference to the top snapshot.
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError } from '../errors';
import { SNAPSHOT_REF_LABEL_PREFIX, UNCOMPRESSED_LABEL, chainIds } from './content';
import type { ImageConfig, Manifest } from './media-types';
import { unpackLayer } from './unpack';

/** Replaces (or adds) the given labels of a blob, leaving its other labels alone. */
export async function labelBlob(client: ContainerdClient, digest: string, labels: Record<string, string>, options: RequestOptions): Promise<void> {
  const keys = Object.keys(labels);
  if (keys.length) await client.content.update(digest, labels, keys.map((k) => `labels.${k}`), options);
}

/** Applies the manifest's layers into the snapshotter; returns the top chain ID ('' for no layers). */
export async function unpackImage(client: ContainerdClient, snapshotter: string, manifest: Manifest, config: ImageConfig, options: RequestOptions): Promise<string> {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new NerdtsError('invalid-argument', `invalid manifest, layers length mismatch: expected ${manifest.layers.length}, got ${diffIds.length}`);
  }
  const chains = chainIds(diffIds);
  for (let i = 0; i < manifest.layers.length; i++) {
    const layer = manifest.layers[i]!;
    await unpackLayer(client, snapshotter, { layer, diffId: diffIds[i]!, chainId: chains[i]!, parent: chains[i - 1] ?? '' }, options);
    await labelBlob(client, layer.digest, { [UNCOMPRESSED_LABEL]: diffIds[i]! }, options);
  }
  const top = chains[chains.length - 1] ?? '';
  if (top) await labelBlob(client, manifest.config.digest, { [`${SNAPSHOT_REF_LABEL_PREFIX}${snapshotter}`]: top }, options);
  return top;
}
