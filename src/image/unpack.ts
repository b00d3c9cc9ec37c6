// Unpacking layers into the snapshotter: each layer is applied on top of its parent's snapshot and
// committed under its chain ID, so images sharing a base share snapshots.
import { randomBytes } from 'node:crypto';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError, isAlreadyExists, isNotFound } from '../errors';
import { toContainerdDescriptor } from './content';
import type { Descriptor } from './media-types';

async function snapshotExists(client: ContainerdClient, snapshotter: string, name: string, options: RequestOptions): Promise<boolean> {
  try {
    await client.snapshots.stat(snapshotter, name, options);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export interface LayerToUnpack {
  layer: Descriptor;
  diffId: string;
  chainId: string;
  parent: string;
}

/** Applies one layer unless its snapshot exists; returns true when it did work. */
export async function unpackLayer(client: ContainerdClient, snapshotter: string, l: LayerToUnpack, options: RequestOptions): Promise<boolean> {
  if (await snapshotExists(client, snapshotter, l.chainId, options)) return false;
  const key = `extract-${randomBytes(6).toString('hex')}-${l.chainId}`;
  const mounts = await client.snapshots.prepare(snapshotter, key, { parent: l.parent }, options);
  let committed = false;
  try {
    const applied = await client.diff.apply(toContainerdDescriptor(l.layer), mounts, {}, options);
    if (applied.digest !== l.diffId) {
      throw new NerdtsError('failed-precondition',
        `layer ${l.layer.digest}: unpacked content ${applied.digest} does not match the image's diff ID ${l.diffId}`);
    }
    try {
      await client.snapshots.commit(snapshotter, l.chainId, key, {}, options);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err; // a concurrent unpack of the same layer won
    }
    committed = true;
    return true;
  } finally {
    if (!committed) await client.snapshots.remove(snapshotter, key, options).catch(() => undefined);
  }
}
