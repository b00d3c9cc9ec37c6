// A build step's filesystem: an active snapshot mounted writable on the host (for COPY/ADD), a
// read-only view (COPY --from), and the step's changes turned into an (uncompressed) layer by
// containerd's diff service and committed under the layer stack's chain ID (the name an image
// unpack would give it).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import type { Mount } from '../containerd/types';
import { hostMountRunner, mountAtTempDir } from '../container/rootfs';
import type { MountRunner, RootfsAccess } from '../container/rootfs';
import { NerdtsError, isAlreadyExists } from '../errors';
import { chainIds } from '../image/content';
import type { Descriptor } from '../image/media-types';
import { diffLayer } from './layer-diff';

/** A mounted snapshot and how to let go of it. */
export type MountedRoot = RootfsAccess;

/** Mounts snapshot mounts at a temporary directory (bind mounts are used in place). */
export async function mountRoot(mounts: readonly Mount[], readonly: boolean, runner: MountRunner = hostMountRunner): Promise<MountedRoot> {
  if (mounts.length === 0) throw new NerdtsError('internal', 'snapshot without mounts');
  const m = mounts[0]!;
  if (mounts.length === 1 && (m.type === 'bind' || m.type === 'rbind')) return { root: m.source, release: async () => {} };
  if (mounts.length !== 1) throw new NerdtsError('internal', `expected one snapshot mount, got ${mounts.length}`);
  const options = m.options.filter((o) => o !== 'rw' && o !== 'ro');
  return mountAtTempDir(runner, { type: m.type, source: m.source, options: [readonly ? 'ro' : 'rw', ...options] }, join(tmpdir(), 'nerdts-build-'));
}

/** A step's new layer: the blob in the content store and the snapshot it was committed as. */
export interface StepLayer {
  layer: Descriptor;
  diffId: string;
  chainId: string;
}

/**
 * Diffs the active snapshot `key` against its parent, stores the layer (uncompressed, see
 * layer-diff.ts) and commits the snapshot under the new chain ID; `key` is consumed either way.
 */
export async function commitLayer(client: ContainerdClient, snapshotter: string, parent: string, key: string,
  options: RequestOptions): Promise<StepLayer> {
  const upper = await client.snapshots.mounts(snapshotter, key, options);
  const viewKey = `${key}-parent`;
  const lower = parent ? await client.snapshots.view(snapshotter, viewKey, { parent }, options) : [];
  let made;
  try {
    made = await diffLayer(client, lower, upper, options);
  } finally {
    if (parent) await client.snapshots.remove(snapshotter, viewKey, options).catch(() => undefined);
  }
  const { layer, diffId } = made;
  const chainId = parent ? chainIds([parent, diffId])[1]! : diffId;
  try {
    await client.snapshots.commit(snapshotter, chainId, key, {}, options);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await client.snapshots.remove(snapshotter, key, options).catch(() => undefined);
  }
  return { layer, diffId, chainId };
}
