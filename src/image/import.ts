// `nerdts import`: a root filesystem tarball (plain or gzipped, a file or stdin) becomes a one-layer
// image, as docker import makes it.
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError } from '../errors';
import { applyChanges } from './changes';
import { createImage, withLease } from './create';
import { cacheImageRow } from './list';
import { ingestStream } from './ingest';
import { MediaTypes } from './media-types';
import type { ImageConfig } from './media-types';
import { formatPlatform, hostPlatform, parsePlatform } from './platform';
import { formatReference, parseImageReference } from './reference';

export interface ImportOptions {
  source: AsyncIterable<Uint8Array>;
  /** what the user named as the source, for the history comment */
  sourceName: string;
  reference?: string;
  changes: string[];
  message?: string;
  platform?: string;
  snapshotter: string;
}

/** Imports the tarball; returns the new image ID. */
export async function importImage(client: ContainerdClient, o: ImportOptions): Promise<string> {
  const name = o.reference ? formatReference(parseImageReference(o.reference)) : undefined;
  const platform = o.platform ? parsePlatform(o.platform) : hostPlatform();
  return withLease(client, async (options) => {
    const blob = await ingestStream(client, o.source, { layer: true }, options);
    if (blob.size === 0) throw new NerdtsError('invalid-argument', `${o.sourceName}: the archive is empty`);
    const now = new Date().toISOString();
    const config: ImageConfig = {
      created: now, architecture: platform.architecture, os: platform.os,
      ...(platform.variant && { variant: platform.variant }),
      config: applyChanges({}, o.changes),
      rootfs: { type: 'layers', diff_ids: [blob.diffId!] },
      history: [{ created: now, comment: o.message ?? `Imported from ${o.sourceName}` }],
    };
    const layer = { mediaType: blob.gzip ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer, digest: blob.digest, size: blob.size };
    const { id } = await createImage(client, { ...(name && { name }), config, layers: [layer], snapshotter: o.snapshotter }, options);
    if (name) await cacheImageRow(client, o.snapshotter, name).catch(() => undefined);
    return id;
  }).catch((err: unknown) => {
    if (err instanceof Error && /invalid tar|unexpected EOF|archive\/tar/i.test(err.message)) {
      throw new NerdtsError('invalid-argument', `${o.sourceName} is not a valid tar archive (${formatPlatform(platform)} import)`, { cause: err });
    }
    throw err;
  });
}
