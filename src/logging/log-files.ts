// The files of one json-file log: backups `<path>.N` (highest N oldest) then the live `<path>`,
// and where `--tail N` starts in them, found by reading backwards from the end.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An open log file; `fd` stays valid when the file is renamed by rotation. */
export interface OpenLogFile {
  path: string;
  fd: number;
  ino: number;
}

/** Where reading begins: files[index] at byte offset. */
export interface TailStart {
  index: number;
  offset: number;
}

const BLOCK = 64 * 1024;

/** Backup paths of `logPath`, oldest first (only plain `.N` backups; compressed ones are not read). */
export function backupPaths(logPath: string, readdir: (dir: string) => string[] = (d) => fs.readdirSync(d)): string[] {
  const dir = path.dirname(logPath);
  const base = path.basename(logPath);
  let names: string[];
  try {
    names = readdir(dir);
  } catch {
    return [];
  }
  const found: Array<[number, string]> = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const suffix = name.slice(base.length + 1);
    if (/^[1-9]\d*$/.test(suffix)) found.push([Number(suffix), path.join(dir, name)]);
  }
  return found.sort((a, b) => b[0] - a[0]).map(([, p]) => p);
}

/** Opens a file for reading; undefined when it does not exist. */
export function openLogFile(file: string): OpenLogFile | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  return { path: file, fd, ino: fs.fstatSync(fd).ino };
}

/**
 * Opens the backups and the live file together, so a rotation meanwhile loses nothing: newest
 * first, so a rotation between two opens shows one file twice (dropped by inode) instead of
 * skipping one, and backups that appear meanwhile past the oldest listed are opened too.
 */
export function openLogSet(logPath: string): OpenLogFile[] {
  const backups = backupPaths(logPath);
  const newestFirst: OpenLogFile[] = [];
  const seen = new Set<number>();
  const add = (p: string): boolean => {
    const f = openLogFile(p);
    if (!f) return false;
    if (seen.has(f.ino)) fs.closeSync(f.fd);
    else { seen.add(f.ino); newestFirst.push(f); }
    return true;
  };
  add(logPath);
  for (const p of [...backups].reverse()) add(p);
  for (let n = backups.length + 1; add(`${logPath}.${n}`); n++);
  return newestFirst.reverse();
}

// Scans fd backwards from `end` for the `wanted`-th "\n"; returns its offset (or -1) and how many were seen.
function scanBack(fd: number, end: number, wanted: number): { at: number; seen: number } {
  const buf = Buffer.allocUnsafe(BLOCK);
  let seen = 0;
  let hi = end;
  while (hi > 0) {
    const lo = Math.max(0, hi - BLOCK);
    const n = fs.readSync(fd, buf, 0, hi - lo, lo);
    let i = n;
    while (i > 0) {
      const q = buf.lastIndexOf(10, i - 1);
      if (q < 0) break;
      if (++seen === wanted) return { at: lo + q, seen };
      i = q;
    }
    hi = lo;
  }
  return { at: -1, seen };
}

/**
 * Where the last `lines` complete entries begin across `files` (oldest first). A trailing line
 * without "\n" is still being written and is not counted. `lines` undefined means everything.
 */
export function findTailStart(files: readonly OpenLogFile[], lines: number | undefined,
  sizeOf: (fd: number) => number = (fd) => fs.fstatSync(fd).size): TailStart {
  if (lines === undefined || lines < 0) return { index: 0, offset: 0 };
  let need = lines;
  for (let i = files.length - 1; i >= 0; i--) {
    const { fd } = files[i]!;
    // The (need+1)-th newline from the end closes the line before the first one we want.
    const { at, seen } = scanBack(fd, sizeOf(fd), need + 1);
    if (at >= 0) return { index: i, offset: at + 1 };
    need -= seen;
    if (need <= 0) return { index: i, offset: 0 };
  }
  return { index: 0, offset: 0 };
}
