// docker cp in both directions, for running and stopped containers, with "-" meaning a tar stream
// on stdin or stdout. Paths inside the container resolve symlinks as the container would.
import { lstatSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, posix, resolve as resolvePath } from 'node:path';
import { readTar, writeTar } from '../../archive/tar';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { NerdtsError, notFound } from '../../errors';
import { findContainer } from '../lookup';
import { resolveInRoot } from '../rootfs';
import { openContainerFs } from './access';
import { planCopy, sourceBase } from './plan';
import type { EntryKind } from './plan';
import { copyContents, copyEntry, extractTar, treeMembers } from './tree';
import type { Ownership } from './tree';

export interface CopyOptions {
  /** -a: keep uid/gid when copying into the container (else root owns the copy). */
  archive?: boolean;
  /** -L: follow a symlink given as the source path. */
  followLink?: boolean;
}

const stat = (p: string, follow: boolean): Stats | undefined => { try { return follow ? statSync(p) : lstatSync(p); } catch { return undefined; } };
const kindOf = (st: Stats): EntryKind => (st.isDirectory() ? 'dir' : 'file');

/** A container path's host location: parents resolved in the root, the last part as asked. */
function inContainer(root: string, path: string, followLast: boolean): string {
  const abs = posix.normalize(`/${path}`);
  if (followLast || abs === '/') return resolveInRoot(root, abs);
  return posix.join(resolveInRoot(root, posix.dirname(abs)), posix.basename(abs));
}

/** The source's host path and kind, or docker's "Could not find the file" error. */
function containerSource(root: string, ref: string, path: string, follow: boolean): { host: string; kind: EntryKind } {
  const host = inContainer(root, path, follow);
  const st = stat(host, follow);
  if (!st) throw notFound(`Could not find the file ${path} in container ${ref}`);
  return { host, kind: kindOf(st) };
}

/** `cp SRC CONTAINER:DST` (SRC "-": a tar stream read from `stdin`). */
export async function copyToContainer(client: ContainerdClient, globals: GlobalOptions, src: string, ref: string, dst: string,
  o: CopyOptions & { stdin?: AsyncIterable<Buffer> } = {}): Promise<void> {
  const c = await findContainer(client, ref);
  const owner: Ownership = o.archive ? 'keep' : { uid: 0, gid: 0 };
  const fs = await openContainerFs(client, globals, c);
  try {
    if (src === '-') {
      const dir = inContainer(fs.root, dst, true);
      if (!stat(dir, false)?.isDirectory()) throw new NerdtsError('invalid-argument', `destination "${ref}:${dst}" must be a directory`);
      await extractTar(readTar(o.stdin ?? process.stdin), posix.normalize(`/${dst}`), (p) => resolveInRoot(fs.root, p), owner);
      return;
    }
    const local = resolvePath(src);
    const st = stat(local, Boolean(o.followLink));
    if (!st) throw notFound(`lstat ${local}: no such file or directory`);
    const dstHost = inContainer(fs.root, dst, true);
    const dstSt = stat(dstHost, true);
    const plan = planCopy({ source: src, sourceKind: kindOf(st), destination: dst, ...(dstSt && { destinationKind: kindOf(dstSt) }) });
    const target = inContainer(fs.root, plan.target, false);
    if (plan.needsParent && !stat(dirname(target), true)?.isDirectory()) {
      throw notFound(`Could not find the file ${posix.dirname(posix.normalize(`/${plan.target}`))} in container ${ref}`);
    }
    writeCopy(o.followLink ? realpathSync(local) : local, target, plan.contentsOnly, owner);
  } finally {
    await fs.release();
  }
}

function writeCopy(from: string, target: string, contentsOnly: boolean, owner: Ownership): void {
  if (contentsOnly) copyContents(from, target, owner);
  else copyEntry(from, target, owner);
}

/** `cp CONTAINER:SRC DST` (DST "-": a tar stream written to `stdout`). */
export async function copyFromContainer(client: ContainerdClient, globals: GlobalOptions, ref: string, src: string, dst: string,
  o: CopyOptions & { stdout?: (chunk: Buffer) => Promise<void> } = {}): Promise<void> {
  const c = await findContainer(client, ref);
  const fs = await openContainerFs(client, globals, c);
  try {
    const source = containerSource(fs.root, ref, src, Boolean(o.followLink));
    if (dst === '-') {
      const contents = source.kind === 'dir' && (src === '.' || src.endsWith('/.'));
      const write = o.stdout ?? ((b: Buffer) => new Promise<void>((res, rej) => process.stdout.write(b, (e) => (e ? rej(e) : res()))));
      for await (const chunk of writeTar(treeMembers(source.host, contents ? '' : sourceBase(src)))) await write(chunk);
      return;
    }
    const local = resolvePath(dst);
    const dstSt = stat(local, true);
    const plan = planCopy({ source: src, sourceKind: source.kind, destination: dst, ...(dstSt && { destinationKind: kindOf(dstSt) }) });
    const target = resolvePath(plan.target);
    if (plan.needsParent && !stat(dirname(target), true)?.isDirectory()) {
      throw notFound(`lstat ${dirname(target)}: no such file or directory`);
    }
    writeCopy(source.host, target, plan.contentsOnly, 'keep');
  } finally {
    await fs.release();
  }
}
