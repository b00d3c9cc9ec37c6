// Moving file trees for docker cp: host path to host path (the container's side is a host path
// too), host path to a tar stream, and a tar stream into a directory. An existing entry is
// replaced unless both are directories, so a symlink in the destination is never followed.
import {
  chmodSync, chownSync, closeSync, copyFileSync, createReadStream, lchownSync, lstatSync, mkdirSync,
  openSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeSync, lutimesSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { join, posix } from 'node:path';
import type { TarEntry, TarMember } from '../../archive/tar';
import { invalidArgument } from '../../errors';

/** Who owns what the copy makes: the source's owner, or one fixed owner. */
export type Ownership = 'keep' | { uid: number; gid: number };

const lstatOrUndefined = (p: string): Stats | undefined => { try { return lstatSync(p); } catch { return undefined; } };

/** Removes what is at `dst` unless it is a directory and a directory is wanted. */
function clearFor(dst: string, wantDir: boolean): boolean {
  const st = lstatOrUndefined(dst);
  if (!st) return false;
  if (wantDir && st.isDirectory()) return true;
  rmSync(dst, { recursive: true, force: true });
  return false;
}

function setMeta(path: string, st: { uid: number; gid: number; mode: number; mtimeMs: number }, owner: Ownership, symlink: boolean): void {
  const o = owner === 'keep' ? st : owner;
  const mtime = new Date(st.mtimeMs);
  if (symlink) {
    lchownSync(path, o.uid, o.gid);
    try { lutimesSync(path, mtime, mtime); } catch { /* not everywhere */ }
    return;
  }
  chownSync(path, o.uid, o.gid);
  chmodSync(path, st.mode & 0o7777);
  utimesSync(path, mtime, mtime);
}

/** Copies `src` (not following a final symlink) to `dst`, recursively. */
export function copyEntry(src: string, dst: string, owner: Ownership): void {
  const st = lstatSync(src);
  if (st.isDirectory()) {
    if (!clearFor(dst, true)) mkdirSync(dst, { mode: 0o700 });
    for (const name of readdirSync(src)) copyEntry(join(src, name), join(dst, name), owner);
  } else if (st.isSymbolicLink()) {
    clearFor(dst, false);
    symlinkSync(readlinkSync(src), dst);
  } else if (st.isFile()) {
    clearFor(dst, false);
    copyFileSync(src, dst);
  } else return; // sockets, fifos and devices are not copied
  setMeta(dst, st, owner, st.isSymbolicLink());
}

/** Copies each entry of the directory `src` into the directory `dst` (made like `src` when missing). */
export function copyContents(src: string, dst: string, owner: Ownership): void {
  const st = lstatSync(src);
  if (!clearFor(dst, true)) mkdirSync(dst, { mode: 0o700 });
  for (const name of readdirSync(src)) copyEntry(join(src, name), join(dst, name), owner);
  setMeta(dst, st, owner, false);
}

async function* fileBody(path: string): AsyncGenerator<Buffer> {
  for await (const c of createReadStream(path)) yield c as Buffer;
}

/** Tar members for `src` named under `name` ("" lists a directory's entries without itself). */
export function* treeMembers(src: string, name: string): Generator<TarMember> {
  const st = lstatSync(src);
  const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
  if (st.isDirectory()) {
    if (name) yield { header: { ...base, name: `${name}/`, type: 'directory' } };
    for (const child of readdirSync(src).sort()) yield* treeMembers(join(src, child), name ? `${name}/${child}` : child);
  } else if (st.isSymbolicLink()) {
    yield { header: { ...base, name, type: 'symlink', linkname: readlinkSync(src) } };
  } else if (st.isFile()) {
    yield { header: { ...base, name, type: 'file', size: st.size }, body: () => fileBody(src) };
  }
}

/** Where a member lands: its cleaned name under `dir`, resolved by `resolveParent` (inside a root). */
function memberPath(dir: string, name: string, resolveParent: (p: string) => string): string | undefined {
  const clean = posix.normalize(`/${name}`).replace(/\/+$/, '');
  if (clean === '' || clean === '/') return undefined;
  const parent = resolveParent(posix.join(dir, posix.dirname(clean)));
  return join(parent, posix.basename(clean));
}

/** Extracts a tar stream into `dir` (a container path); hard links are copied, devices skipped. */
export async function extractTar(entries: AsyncIterable<TarEntry>, dir: string, resolve: (containerPath: string) => string, owner: Ownership): Promise<void> {
  const dirs: Array<[string, TarEntry['header']]> = [];
  for await (const e of entries) {
    const h = e.header;
    const dst = memberPath(dir, h.name, resolve);
    if (dst === undefined) continue;
    const meta = { uid: h.uid, gid: h.gid, mode: h.mode, mtimeMs: h.mtime * 1000 };
    if (h.type === 'directory') {
      if (!clearFor(dst, true)) mkdirSync(dst, { mode: 0o700 });
      dirs.push([dst, h]);
      continue;
    }
    clearFor(dst, false);
    if (h.type === 'symlink') symlinkSync(h.linkname, dst);
    else if (h.type === 'link') {
      const from = memberPath(dir, h.linkname, resolve);
      if (!from) throw invalidArgument(`invalid hard link ${h.name} -> ${h.linkname}`);
      copyFileSync(from, dst);
    } else if (h.type === 'file') await writeBody(dst, e.body);
    else continue;
    setMeta(dst, meta, owner, h.type === 'symlink');
  }
  // Directory times last: writing their entries changed them.
  for (const [dst, h] of dirs.reverse()) setMeta(dst, { uid: h.uid, gid: h.gid, mode: h.mode, mtimeMs: h.mtime * 1000 }, owner, false);
}

async function writeBody(path: string, body: AsyncIterable<Buffer>): Promise<void> {
  const fd = openSync(path, 'w', 0o600);
  try {
    for await (const c of body) {
      let off = 0;
      while (off < c.length) off += writeSync(fd, c, off, c.length - off);
    }
  } finally {
    closeSync(fd);
  }
}
