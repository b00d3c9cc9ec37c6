// COPY and ADD into a mounted snapshot: docker's destination rules (a trailing slash or several
// sources mean a directory; a directory source copies its content), owner root:root unless
// --chown, modes kept unless --chmod, modification times kept; ADD unpacks local tar archives.
import {
  chmodSync, copyFileSync, lchownSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync,
  rmSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { readTar } from '../archive/tar';
import { resolveInRoot } from '../container/rootfs';
import { NerdtsError } from '../errors';

/** Something a COPY reads: a file system path (context, another stage, an ADD download) or inline heredoc text. */
export type CopySource = { abs: string; name: string; stat: Stats; /** downloaded: never unpacked */ remote?: boolean } | { name: string; content: string };

export interface CopyPlan {
  sources: CopySource[];
  /** destination as written, already absolute (WORKDIR applied) */
  dest: string;
  owner: { uid: number; gid: number };
  chmod?: number;
  /** ADD: local tar archives are unpacked into the destination */
  extract: boolean;
  /** paths (absolute on the host) left out, e.g. what .dockerignore excludes */
  skip?: (abs: string) => boolean;
}

function lexists(p: string): Stats | undefined {
  try { return lstatSync(p); } catch { return undefined; }
}

/** Parses --chmod (octal only, as docker's classic builder). */
export function parseChmod(text: string): number {
  if (!/^[0-7]{3,4}$/.test(text)) throw new NerdtsError('invalid-argument', `invalid chmod parameter: ${text}`, { hint: 'use an octal mode such as 755' });
  return parseInt(text, 8);
}

function mkdirs(path: string, owner: { uid: number; gid: number }): void {
  if (lexists(path)) return;
  mkdirs(dirname(path), owner);
  mkdirSync(path, { mode: 0o755 });
  lchownSync(path, owner.uid, owner.gid);
}

function copyNode(from: string, st: Stats, to: string, plan: CopyPlan): void {
  const existing = lexists(to);
  if (st.isDirectory()) {
    if (existing && !existing.isDirectory()) rmSync(to, { force: true });
    if (!existing || !existing.isDirectory()) mkdirSync(to);
    copyChildren(from, to, plan);
    lchownSync(to, plan.owner.uid, plan.owner.gid);
    chmodSync(to, plan.chmod ?? (st.mode & 0o7777));
    utimesSync(to, st.atime, st.mtime);
    return;
  }
  if (existing) rmSync(to, { recursive: existing.isDirectory(), force: true });
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    lchownSync(to, plan.owner.uid, plan.owner.gid);
    return;
  }
  if (!st.isFile()) return; // sockets, fifos, devices are not copied
  copyFileSync(from, to);
  lchownSync(to, plan.owner.uid, plan.owner.gid);
  chmodSync(to, plan.chmod ?? (st.mode & 0o7777));
  utimesSync(to, st.atime, st.mtime);
}

function copyChildren(from: string, to: string, plan: CopyPlan): void {
  for (const name of readdirSync(from)) {
    const abs = join(from, name);
    if (!plan.skip?.(abs)) copyNode(abs, lstatSync(abs), join(to, name), plan);
  }
}

const isArchiveName = (name: string): boolean => /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?)$/i.test(name);

/** Unpacks a (gzipped) tar into dir. */
async function extractTar(file: string, dir: string, plan: CopyPlan): Promise<void> {
  const raw = readFileSync(file);
  const stream = raw[0] === 0x1f && raw[1] === 0x8b ? Readable.from([raw]).pipe(createGunzip()) : Readable.from([raw]);
  for await (const e of readTar(stream)) {
    const target = resolveInRoot(dir, e.header.name);
    mkdirs(dirname(target), plan.owner);
    const h = e.header;
    const mtime = new Date(Number(h.mtime ?? 0) * 1000);
    if (h.type === 'directory') { if (!lexists(target)) mkdirSync(target); chmodSync(target, h.mode ?? 0o755); }
    else if (h.type === 'file') {
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(c);
      rmSync(target, { force: true });
      writeFileSync(target, Buffer.concat(parts), { mode: h.mode ?? 0o644 });
      chmodSync(target, h.mode ?? 0o644);
    } else if (h.type === 'symlink') { rmSync(target, { force: true }); symlinkSync(h.linkname ?? '', target); continue; }
    else continue;
    lchownSync(target, h.uid ?? 0, h.gid ?? 0);
    utimesSync(target, mtime, mtime);
  }
}

/** Performs the copy into root (a mounted snapshot). */
export async function copyInto(root: string, plan: CopyPlan): Promise<void> {
  const dirDest = plan.dest.endsWith('/') || plan.sources.length > 1;
  if (plan.sources.length > 1 && !plan.dest.endsWith('/')) {
    throw new NerdtsError('invalid-argument', 'When using COPY with more than one source file, the destination must be a directory and end with a /');
  }
  const dest = resolveInRoot(root, plan.dest);
  for (const s of plan.sources) {
    const isDir = 'stat' in s && s.stat.isDirectory();
    const destIsDir = dirDest || isDir || (lexists(dest)?.isDirectory() ?? false);
    if (destIsDir) mkdirs(dest, { uid: 0, gid: 0 }); else mkdirs(dirname(dest), { uid: 0, gid: 0 });
    if (!('stat' in s)) {
      const to = destIsDir ? join(dest, s.name) : dest;
      rmSync(to, { force: true });
      writeFileSync(to, s.content);
      lchownSync(to, plan.owner.uid, plan.owner.gid);
      chmodSync(to, plan.chmod ?? 0o644);
      continue;
    }
    if (plan.extract && !s.remote && s.stat.isFile() && isArchiveName(s.name)) { await extractTar(s.abs, destIsDir ? dest : dirname(dest), plan); continue; }
    if (isDir) {
      copyChildren(s.abs, dest, plan);
      continue;
    }
    copyNode(s.abs, s.stat, destIsDir ? join(dest, posix.basename(s.name)) : dest, plan);
  }
}
