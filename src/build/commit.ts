// `nerdts commit`: a container's changes (its snapshot against the image's) become one new layer
// on top of its image, with --change instructions applied and a history entry, as docker commit.
import type { ContainerdClient } from '../containerd/client';
import { findContainer } from '../container/lookup';
import { isNotFound } from '../errors';
import { applyChanges } from '../image/changes';
import { createImage, withLease } from '../image/create';
import { cacheImageRow } from '../image/list';
import { untaggedName } from '../image/load';
import { loadImage } from '../image/local';
import type { ImageConfig } from '../image/media-types';
import { formatReference, parseImageReference } from '../image/reference';
import { NerdtsError } from '../errors';
import { asOciLayer, diffLayer } from './layer-diff';

export interface CommitOptions {
  container: string;
  reference?: string;
  message?: string;
  author?: string;
  changes: string[];
  /** pause the container while its files are read (default true) */
  pause: boolean;
  snapshotter: string;
  now?: () => Date;
}

async function pausing<T>(client: ContainerdClient, id: string, pause: boolean, work: () => Promise<T>): Promise<T> {
  let paused = false;
  if (pause) {
    try {
      const t = await client.tasks.get(id);
      if (t.status === 2 /* RUNNING */) { await client.tasks.pause(id); paused = true; }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  try {
    return await work();
  } finally {
    if (paused) await client.tasks.resume(id).catch(() => undefined);
  }
}

/** Commits the container; returns the new image ID. */
export async function commitContainer(client: ContainerdClient, o: CommitOptions): Promise<string> {
  const c = await findContainer(client, o.container);
  const name = o.reference ? formatReference(parseImageReference(o.reference)) : undefined;
  if (!c.image) throw new NerdtsError('failed-precondition', `container ${o.container} has no image`);
  const base = await loadImage(client, await client.images.get(c.image));
  const sn = c.snapshotter || o.snapshotter;
  return withLease(client, async (lease) => {
    const parent = (await client.snapshots.stat(sn, c.snapshotKey, lease)).parent;
    const made = await pausing(client, c.id, o.pause, async () => {
      const upper = await client.snapshots.mounts(sn, c.snapshotKey, lease);
      const viewKey = `nerdts-commit-${c.id}-${Date.now()}`;
      const lower = parent ? await client.snapshots.view(sn, viewKey, { parent }, lease) : [];
      try {
        return await diffLayer(client, lower, upper, lease);
      } finally {
        if (parent) await client.snapshots.remove(sn, viewKey, lease).catch(() => undefined);
      }
    });
    const diffId = made.diffId;
    const created = (o.now ?? (() => new Date()))().toISOString();
    const config: ImageConfig = {
      ...base.config, created, ...(o.author && { author: o.author }),
      config: applyChanges(base.config.config ?? {}, o.changes),
      rootfs: { type: 'layers', diff_ids: [...(base.config.rootfs?.diff_ids ?? []), diffId] },
      history: [...(base.config.history ?? []), { created, created_by: c.spec ? 'nerdts commit' : '', ...(o.message && { comment: o.message }), ...(o.author && { author: o.author }) }],
    };
    const layers = [...base.manifest.layers.map(asOciLayer), made.layer];
    const { manifest, id } = await createImage(client, { ...(name && { name }), config, layers, snapshotter: sn }, lease);
    const record = name ?? untaggedName(sn, manifest.digest);
    if (!name) await client.images.create({ name: record, target: { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size } }, lease);
    await cacheImageRow(client, sn, record).catch(() => undefined);
    return id;
  });
}
