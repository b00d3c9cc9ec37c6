// Read access to a new container's root filesystem before it runs: for /etc/passwd and /etc/group
// (-u name resolution) and for seeding volumes with the image's files at their mount points.
// The snapshot was just prepared, so its upper layer is empty and the image layers are the whole
// content: a single layer is read in place, several are mounted read-only as one overlay.
import { execFile } from 'node:child_process';
import {
  chmodSync, chownSync, copyFileSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync,
  readdirSync, readlinkSync, rmdirSync, symlinkSync, utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { NerdtsError } from '../errors';
import type { Mount } from '../containerd/types';

/** Runs mount(8)/umount(8); passed in so tests need no privileges. */
export interface MountRunner {
  mount(type: string, source: string, target: string, options: readonly string[]): Promise<void>;
  unmount(target: string): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, _stdout, stderr) => {
      if (err) reject(new NerdtsError('internal', `${cmd} ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve();
    });
  });
}

export const hostMountRunner: MountRunner = {
  mount: (type, source, target, options) => run('mount', ['-t', type, '-o', options.join(','), source, target]),
  unmount: (target) => run('umount', [target]),
};

/** A readable root directory and how to let go of it. */
export interface RootfsAccess {
  root: string;
  release(): Promise<void>;
}

const option = (m: Mount, key: string): string | undefined =>
  m.options.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);

const isEmptyDir = (dir: string): boolean => {
  try { return readdirSync(dir).length === 0; } catch { return true; }
};

/** Opens the content of freshly prepared snapshot mounts for reading. */
export async function openRootfs(mounts: readonly Mount[], runner: MountRunner = hostMountRunner,
  tempParent: string = tmpdir()): Promise<RootfsAccess> {
  if (mounts.length !== 1) throw new NerdtsError('internal', `expected one rootfs mount, got ${mounts.length}`);
  const m = mounts[0]!;
  if (m.type === 'bind' || m.type === 'rbind') return { root: m.source, release: async () => {} };
  let type = m.type;
  let options = m.options.filter((o) => o !== 'rw' && o !== 'volatile');
  if (m.type === 'overlay') {
    const upper = option(m, 'upperdir');
    const layers = [...(upper && !isEmptyDir(upper) ? [upper] : []), ...(option(m, 'lowerdir') ?? '').split(':').filter(Boolean)];
    if (layers.length === 1) return { root: layers[0]!, release: async () => {} };
    if (layers.length === 0) throw new NerdtsError('internal', 'overlay rootfs mount without layers');
    options = [...options.filter((o) => !/^(upperdir|workdir|lowerdir)=/.test(o)), `lowerdir=${layers.join(':')}`];
    type = 'overlay';
  }
  return mountAtTempDir(runner, { type, source: m.source, options: ['ro', ...options] }, join(tempParent, 'nerdts-rootfs-'));
}

/** Mounts at a fresh directory made from `prefix`; release() unmounts and removes it (once). */
export async function mountAtTempDir(runner: MountRunner, m: { type: string; source: string; options: string[] }, prefix: string): Promise<RootfsAccess> {
  const target = mkdtempSync(prefix);
  try {
    await runner.mount(m.type, m.source, target, m.options);
  } catch (err) {
    rmdirSync(target);
    throw err;
  }
  let released = false;
  return {
    root: target,
    release: async () => {
      if (released) return;
      released = true;
      await runner.unmount(target);
      rmdirSync(target);
    },
  };
}

const MAX_SYMLINKS = 40;

/**
 * `path` inside `root` with symlinks resolved as the container would see them (absolute targets
 * and ".." stay inside root), like securejoin. The result may not exist.
 */
export function resolveInRoot(root: string, path: string): string {
  const pending = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') { done.pop(); continue; }
    const host = join(root, ...done, part);
    let target: string | undefined;
    try {
      if (lstatSync(host).isSymbolicLink()) target = readlinkSync(host);
    } catch {
      // missing: the rest cannot be symlinks
    }
    if (target === undefined) { done.push(part); continue; }
    if (++links > MAX_SYMLINKS) throw new NerdtsError('invalid-argument', `too many symlinks resolving ${path}`);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return join(root, ...done);
}

/** A text file of the rootfs (e.g. /etc/passwd), undefined when absent or not a file. */
export function readRootfsFile(root: string, path: string): string | undefined {
  try {
    return readFileSync(resolveInRoot(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Copies a directory tree preserving owners, modes, times and symlinks (docker's volume
 * "copy-up"); sockets, fifos and device nodes are skipped. The destination directory takes the
 * source directory's owner and mode.
 */
export function copyTree(src: string, dst: string): void {
  const st = lstatSync(src);
  if (!st.isDirectory()) return;
  mkdirSync(dst, { recursive: true });
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    const to = join(dst, name);
    const e = lstatSync(from);
    if (e.isDirectory()) copyTree(from, to);
    else if (e.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
      lchownSync(to, e.uid, e.gid);
    } else if (e.isFile()) {
      copyFileSync(from, to);
      chownSync(to, e.uid, e.gid);
      chmodSync(to, e.mode & 0o7777);
      utimesSync(to, e.atime, e.mtime);
    }
  }
  chownSync(dst, st.uid, st.gid);
  chmodSync(dst, st.mode & 0o7777);
  utimesSync(dst, st.atime, st.mtime);
}
