// The persistent stat cache of context file digests (as buildkit's content hash cache): a file
// whose size, mtime, ctime, inode, device and mode are what they were when it was hashed is not
// read again. Any doubt re-reads: a missing or changed entry, an unreadable cache file, or a file
// touched too close to the moment it was hashed (a write in the same timestamp tick would leave
// its stat unchanged, the "racily clean" case git's index guards against the same way).
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { replaceFile } from '../store/atomic-write';

/** What a file's digest is valid for: [size, mtimeMs, ctimeMs, ino, dev, mode, sha256 hex]. */
type Entry = [number, number, number, number, number, number, string];

/** Stat changes within this window of the hashing are not trusted (coarse-timestamp filesystems). */
export const RACY_WINDOW_MS = 2000;
/** Entries not looked up by a build are carried over while the file stays below this many. */
const MAX_ENTRIES = 100_000;
const VERSION = 1;
/** A context's cache file unused this long is removed (temporary contexts would pile up otherwise). */
const UNUSED_MS = 30 * 24 * 3600 * 1000;

/** The side effects of the cache, injectable for tests. */
export interface DigestIo {
  read(path: string): string | undefined;
  write(path: string, text: string): void;
  /** the sha256 of a file's content (raw bytes) */
  hashFile(path: string): Buffer;
  /** the stat of a file after hashing it, to catch a write during the read */
  stat(path: string): Stats | undefined;
  nowMs(): number;
}

/** Reads a file in fixed blocks into the hash (no buffer the size of the file). */
function hashFileBlocks(path: string): Buffer {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      h.update(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest();
}

/** The real file system. */
export const fsDigestIo: DigestIo = {
  read: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } },
  write: (p, text) => { mkdirSync(dirname(p), { recursive: true }); replaceFile(p, text, 0o600); dropUnused(dirname(p), Date.now()); },
  hashFile: hashFileBlocks,
  stat: (p) => statSync(p, { throwIfNoEntry: false }),
  nowMs: () => Date.now(),
};

const sameStat = (e: Entry, st: Stats): boolean =>
  e[0] === st.size && e[1] === st.mtimeMs && e[2] === st.ctimeMs && e[3] === st.ino && e[4] === st.dev && e[5] === st.mode;

const statEntry = (st: Stats, digest: string): Entry => [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev, st.mode, digest];

/** The digests of one context directory's files, loaded from and saved to one JSON file. */
export class FileDigests {
  private readonly known: Map<string, Entry>;
  private readonly used = new Map<string, Entry>();
  private dirty = false;
  private readonly startMs: number;

  /** trust=false (--no-cache) re-reads every file but still refreshes the cache. */
  constructor(private readonly file: string, private readonly trust: boolean, private readonly io: DigestIo = fsDigestIo) {
    this.known = parseEntries(io.read(file));
    this.startMs = io.nowMs();
  }

  /** The sha256 of a regular file's content; abs is its path, st its lstat from the context walk. */
  digest(abs: string, st: Stats): Buffer {
    const cached = this.known.get(abs);
    if (this.trust && cached && sameStat(cached, st)) {
      this.used.set(abs, cached);
      return Buffer.from(cached[6], 'hex');
    }
    const d = this.io.hashFile(abs);
    const after = this.io.stat(abs);
    const settled = Math.max(st.mtimeMs, st.ctimeMs) < this.startMs - RACY_WINDOW_MS;
    if (after && sameStat(statEntry(st, ''), after) && settled) {
      const e = statEntry(st, d.toString('hex'));
      if (!cached || cached.join() !== e.join()) this.dirty = true;
      this.known.set(abs, e);
      this.used.set(abs, e);
    } else if (cached) {
      this.known.delete(abs);
      this.dirty = true;
    }
    return d;
  }

  /** Writes the cache when a digest was added or changed; a failure to write only costs speed. */
  save(): void {
    if (!this.dirty) return;
    const out: Record<string, Entry> = {};
    for (const [k, e] of this.used) out[k] = e;
    let room = MAX_ENTRIES - this.used.size;
    for (const [k, e] of this.known) {
      if (room <= 0) break;
      if (this.used.has(k)) continue;
      out[k] = e;
      room--;
    }
    try {
      this.io.write(this.file, JSON.stringify({ version: VERSION, entries: out }));
      this.dirty = false;
    } catch { /* read-only data store: the next build hashes again */ }
  }
}

function parseEntries(text: string | undefined): Map<string, Entry> {
  const map = new Map<string, Entry>();
  if (!text) return map;
  try {
    const doc = JSON.parse(text) as { version?: number; entries?: Record<string, unknown> };
    if (doc.version !== VERSION || !doc.entries) return map;
    for (const [k, v] of Object.entries(doc.entries)) {
      if (Array.isArray(v) && v.length === 7 && typeof v[6] === 'string' && /^[0-9a-f]{64}$/.test(v[6])) map.set(k, v as Entry);
    }
  } catch { /* a torn or foreign file: start over */ }
  return map;
}

/** Removes the cache files of contexts not built for a long time (an unchanged build never writes,
 * so age is judged by access time where the file system keeps one, else by modification time). */
function dropUnused(dir: string, nowMs: number): void {
  for (const f of readdirSync(dir)) {
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (st && Math.max(st.atimeMs, st.mtimeMs) < nowMs - UNUSED_MS) rmSync(join(dir, f), { force: true });
  }
}

/** The cache file of a context directory under the data store. */
export function digestCacheFile(dataStore: string, contextRoot: string): string {
  const id = createHash('sha256').update(resolve(contextRoot)).digest('hex').slice(0, 32);
  return join(dataStore, 'build-context-digests', `${id}.json`);
}
