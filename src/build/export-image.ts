// The last step of a build: the image's config and manifest stored and named. An unchanged rebuild
// produces byte-identical config and manifest, so when every record already points at that
// manifest (with its listing summary) and the blobs are there, nothing is written: one round trip
// instead of a lease, blob writes, record updates and the summary's size computation.
import { createHash } from 'node:crypto';
import type { ContainerdClient } from '../containerd/client';
import { orMissing } from '../errors';
import { createImage, nameImage } from '../image/create';
import { cacheImageRow } from '../image/list';
import { untaggedName } from '../image/load';
import { MediaTypes } from '../image/media-types';
import type { Descriptor, ImageConfig, Manifest } from '../image/media-types';
import { summaryOf } from '../image/summary';
import type { LazyLease } from './lease';

/** Where the image goes and what names it gets (none: an untagged record). */
export interface ImageExport {
  client: ContainerdClient;
  snapshotter: string;
  lease: LazyLease;
  config: ImageConfig;
  layers: readonly Descriptor[];
  names: readonly string[];
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The manifest and image ID createImage would store for this config and layers (its byte format). */
export function expectedImage(config: ImageConfig, layers: readonly Descriptor[]): { manifest: Descriptor; id: string } {
  const configBytes = Buffer.from(JSON.stringify(config));
  const id = sha256(configBytes);
  const manifest: Manifest = {
    schemaVersion: 2, mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: id, size: configBytes.length },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { manifest: { mediaType: MediaTypes.ociManifest, digest: sha256(bytes), size: bytes.length }, id };
}

/** True when every name already points at the manifest with a current summary, and both blobs exist. */
async function alreadyCurrent(client: ContainerdClient, names: readonly string[], manifest: Descriptor, id: string): Promise<boolean> {
  const [records, m, c] = await Promise.all([
    Promise.all(names.map((n) => orMissing(client.images.get(n)))),
    orMissing(client.content.info(manifest.digest)),
    orMissing(client.content.info(id)),
  ]);
  return !!m && !!c && records.every((r) => r !== undefined && r.target?.digest === manifest.digest && summaryOf(r) !== undefined);
}

/** Stores and names the image; returns the manifest, the image ID and the record names. */
export async function exportImage(x: ImageExport): Promise<{ manifest: Descriptor; id: string; recordNames: string[] }> {
  const expected = expectedImage(x.config, x.layers);
  const wanted = x.names.length ? [...x.names] : [untaggedName(x.snapshotter, expected.manifest.digest)];
  if (await alreadyCurrent(x.client, wanted, expected.manifest, expected.id)) return { ...expected, recordNames: wanted };
  const lease = await x.lease.options();
  const { manifest, id } = await createImage(x.client, { config: x.config, layers: [...x.layers], snapshotter: x.snapshotter }, lease);
  const recordNames = x.names.length ? [...x.names] : [untaggedName(x.snapshotter, manifest.digest)];
  for (const n of recordNames) await nameImage(x.client, n, manifest, lease);
  for (const n of recordNames) await cacheImageRow(x.client, x.snapshotter, n).catch(() => undefined);
  return { manifest, id, recordNames };
}
