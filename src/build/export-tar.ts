// `-o type=tar`: the built filesystem as a plain tar (buildkit's tar exporter), read from a
// read-only view of the image's top snapshot (the layer stack's chain ID, as the build commits it).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTar } from '../archive/tar';
import type { ContainerdClient } from '../containerd/client';
import { treeMembers } from '../container/copy/tree';
import { chainIds } from '../image/content';
import { LazyLease } from './lease';
import { mountRoot } from './snapshot';

/** Opens the filesystem the diff IDs stack up to (an empty directory for none); release() undoes it. */
async function openStack(client: ContainerdClient, snapshotter: string, diffIds: readonly string[],
  lease: LazyLease): Promise<{ root: string; release(): Promise<void> }> {
  if (!diffIds.length) {
    const empty = mkdtempSync(join(tmpdir(), 'nerdts-empty-'));
    return { root: empty, release: async () => rmdirSync(empty) };
  }
  const top = chainIds([...diffIds]).at(-1)!;
  const key = `nerdts-build-tar-${randomBytes(8).toString('hex')}`;
  const options = await lease.options();
  const mounts = await client.snapshots.view(snapshotter, key, { parent: top }, options);
  const drop = (): Promise<unknown> => client.snapshots.remove(snapshotter, key, options).catch(() => undefined);
  try {
    const m = await mountRoot(mounts, true);
    return { root: m.root, release: async () => { await m.release(); await drop(); } };
  } catch (err) {
    await drop();
    throw err;
  }
}

/** The image's root filesystem as tar chunks (entries sorted by path); the view is dropped when done. */
export async function* rootfsTar(client: ContainerdClient, snapshotter: string, diffIds: readonly string[]): AsyncGenerator<Buffer> {
  const lease = new LazyLease(client);
  try {
    const fs = await openStack(client, snapshotter, diffIds, lease);
    try {
      yield* writeTar(treeMembers(fs.root, ''));
    } finally {
      await fs.release();
    }
  } finally {
    await lease.release();
  }
}
