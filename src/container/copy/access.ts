// A host directory showing a container's filesystem as its processes see it, for docker cp: a
// running container's /proc/<pid>/root (its mounts included), or, for a stopped one, its snapshot
// mounted read-write with its bind and volume mounts bound on top.
import { mkdirSync, mkdtempSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import type { Container } from '../../containerd/services/containers';
import { NerdtsError } from '../../errors';
import { decodeMounts } from '../labels';
import type { MountPoint } from '../labels';
import { hostMountRunner, resolveInRoot } from '../rootfs';
import type { MountRunner, RootfsAccess } from '../rootfs';
import { taskOf } from '../task-state';
import { TaskStatus } from '../../containerd/types';

/** The mount points to bind, outermost first, so nested ones land on top. */
export function bindOrder(points: readonly MountPoint[]): MountPoint[] {
  return points.filter((p) => (p.Type === 'bind' || p.Type === 'volume') && p.Source)
    .sort((a, b) => a.Destination.split('/').filter(Boolean).length - b.Destination.split('/').filter(Boolean).length);
}

/** Makes the mount target: a directory for a directory source, an empty file otherwise. */
function ensureTarget(target: string, source: string): void {
  let isDir = true;
  try { isDir = statSync(source).isDirectory(); } catch { /* missing source: mount fails below */ }
  try {
    statSync(target);
    return;
  } catch { /* create it */ }
  if (isDir) mkdirSync(target, { recursive: true, mode: 0o755 });
  else { mkdirSync(dirname(target), { recursive: true, mode: 0o755 }); writeFileSync(target, '', { mode: 0o644 }); }
}

async function mountStopped(client: ContainerdClient, globals: GlobalOptions, c: Container, runner: MountRunner): Promise<RootfsAccess> {
  const mounts = await client.snapshots.mounts(c.snapshotter || globals.snapshotter, c.snapshotKey);
  if (mounts.length !== 1) throw new NerdtsError('internal', `expected one rootfs mount, got ${mounts.length}`);
  const m = mounts[0]!;
  const root = mkdtempSync(`${tmpdir()}/nerdts-cp-`);
  const mounted: string[] = [];
  const release = async (): Promise<void> => {
    for (const t of mounted.reverse()) await runner.unmount(t).catch(() => undefined);
    mounted.length = 0;
    try { rmdirSync(root); } catch { /* still busy: leave the empty directory */ }
  };
  try {
    const isBind = m.type === 'bind' || m.type === 'rbind';
    await runner.mount(isBind ? 'none' : m.type, m.source, root, isBind ? ['rbind', ...m.options.filter((o) => o !== 'rbind' && o !== 'bind')] : m.options);
    mounted.push(root);
    for (const p of bindOrder(decodeMounts(c.labels))) {
      const target = resolveInRoot(root, p.Destination);
      ensureTarget(target, p.Source);
      await runner.mount('none', p.Source, target, p.RW ? ['rbind'] : ['rbind', 'ro']);
      mounted.push(target);
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { root, release };
}

/** Opens the container's filesystem; release() when done. */
export async function openContainerFs(client: ContainerdClient, globals: GlobalOptions, c: Container,
  runner: MountRunner = hostMountRunner): Promise<RootfsAccess & { running: boolean }> {
  const task = await taskOf(client, c.id);
  if (task && task.pid > 0 && task.status !== TaskStatus.STOPPED) {
    return { root: `/proc/${task.pid}/root`, release: async () => {}, running: true };
  }
  return { ...(await mountStopped(client, globals, c, runner)), running: false };
}
