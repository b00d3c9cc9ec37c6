// docker diff: what a container changed in its root filesystem, read from the overlay snapshot's
// upper directory (A added, C changed, D deleted; whiteouts are deletions). Directories copied up
// only because of runtime mount points (/etc/hosts, /proc...) are left out, as docker's init layer does.
import { lstatSync, readdirSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Mount } from '../containerd/types';
import { NerdtsError } from '../errors';
import { findContainer } from './lookup';

export type ChangeKind = 'A' | 'C' | 'D';
export interface Change { kind: ChangeKind; path: string }

/** lstat that says undefined for a missing path; passed in so tests can use a fake tree. */
export type Lstat = (path: string) => Stats | undefined;
export const hostLstat: Lstat = (p) => { try { return lstatSync(p); } catch { return undefined; } };

const isWhiteout = (st: Stats): boolean => st.isCharacterDevice() && st.rdev === 0;

/** Whether `rel` exists in the stacked lower layers (top first), honouring their whiteouts. */
export function existsBelow(lowers: readonly string[], rel: string, lstat: Lstat = hostLstat): boolean {
  for (const layer of lowers) {
    const st = lstat(join(layer, rel));
    if (st) return !isWhiteout(st);
  }
  return false;
}

interface WalkFs { lstat: Lstat; readdir(path: string): string[] }
const hostFs: WalkFs = { lstat: hostLstat, readdir: (p) => readdirSync(p) };

/** Every change recorded in `upper` against `lowers`, unsorted and unfiltered. */
export function upperChanges(upper: string, lowers: readonly string[], fs: WalkFs = hostFs): Change[] {
  const out: Change[] = [];
  const walk = (rel: string, added: boolean): void => {
    for (const name of fs.readdir(join(upper, rel))) {
      const path = `${rel}/${name}`;
      const st = fs.lstat(join(upper, path));
      if (!st) continue;
      if (isWhiteout(st)) { out.push({ kind: 'D', path }); continue; }
      const isNew = added || !existsBelow(lowers, path, fs.lstat);
      out.push({ kind: isNew ? 'A' : 'C', path });
      if (st.isDirectory()) walk(path, isNew);
    }
  };
  walk('', false);
  return out;
}

const parts = (p: string): string[] => p.split('/').filter(Boolean);
function comparePaths(a: string, b: string): number {
  const x = parts(a), y = parts(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** Drops runtime mount points and directories changed only to hold them; sorts by path. */
export function visibleChanges(changes: readonly Change[], mountPoints: readonly string[], isDir: (path: string) => boolean): Change[] {
  const hidden = new Set(mountPoints.map((m) => `/${parts(m).join('/')}`));
  const kept = changes.filter((c) => !hidden.has(c.path));
  const keep = kept.filter((c) => c.kind !== 'C' || !isDir(c.path) || kept.some((d) => d.path.startsWith(`${c.path}/`)));
  return keep.sort((a, b) => comparePaths(a.path, b.path));
}

const option = (m: Mount, key: string): string | undefined => m.options.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);

/** The container's changes, docker diff's order. */
export async function containerChanges(client: ContainerdClient, globals: GlobalOptions, ref: string): Promise<Change[]> {
  const c = await findContainer(client, ref);
  const mounts = await client.snapshots.mounts(c.snapshotter || globals.snapshotter, c.snapshotKey);
  const m = mounts[0];
  const upper = m && m.type === 'overlay' ? option(m, 'upperdir') : undefined;
  if (!m || !upper) {
    throw new NerdtsError('unimplemented', `diff needs an overlay snapshot; container ${c.id} uses ${c.snapshotter || globals.snapshotter}`);
  }
  const lowers = (option(m, 'lowerdir') ?? '').split(':').filter(Boolean);
  let mountPoints: string[] = [];
  try {
    const spec = JSON.parse(Buffer.from(c.spec?.value ?? []).toString('utf8')) as { mounts?: Array<{ destination: string }> };
    mountPoints = (spec.mounts ?? []).map((x) => x.destination);
  } catch { /* no spec: show everything */ }
  return visibleChanges(upperChanges(upper, lowers), mountPoints, (p) => hostLstat(join(upper, p))?.isDirectory() ?? false);
}
