// Streaming tar reading and writing, enough for image archives and layers (ustar, pax, GNU long names).
import { BLOCK, decodeHeader, encodeHeader, isZeroBlock, padding, parsePax } from './tar-header';
import type { TarEntryType, TarHeader } from './tar-header';

export type { TarHeader, TarEntryType } from './tar-header';

/** A member being read: consume `body` before asking for the next entry, or it is skipped. */
export interface TarEntry {
  header: TarHeader;
  body: AsyncIterable<Buffer>;
}

/** Pulls exact byte counts out of an async chunk source. */
class ByteSource {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<Buffer | Uint8Array | string>) {}

  private async fill(min: number): Promise<boolean> {
    while (this.buffered < min && !this.done) {
      const r = await this.it.next();
      if (r.done) { this.done = true; break; }
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      if (b.length) { this.chunks.push(b); this.buffered += b.length; }
    }
    return this.buffered >= min;
  }

  /** Exactly n bytes, or undefined at a clean end of input. */
  async read(n: number): Promise<Buffer | undefined> {
    if (n === 0) return Buffer.alloc(0);
    if (!(await this.fill(n))) {
      if (this.buffered === 0) return undefined;
      throw new Error('unexpected end of tar archive');
    }
    return this.take(n);
  }

  /** Up to max bytes (at least one), for streaming bodies. */
  async readSome(max: number): Promise<Buffer> {
    if (!(await this.fill(1))) throw new Error('unexpected end of tar archive');
    return this.take(Math.min(max, this.buffered));
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift(); else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let off = 0;
      while (off < n) {
        const c = this.chunks[0]!;
        const k = Math.min(c.length, n - off);
        c.copy(out, off, 0, k);
        off += k;
        if (k === c.length) this.chunks.shift(); else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    return out;
  }
}

async function* bodyOf(src: ByteSource, state: { left: number }): AsyncGenerator<Buffer> {
  while (state.left > 0) {
    const chunk = await src.readSome(Math.min(state.left, 1 << 20));
    state.left -= chunk.length;
    yield chunk;
  }
}

async function readAll(src: ByteSource, size: number): Promise<Buffer> {
  const body = size === 0 ? Buffer.alloc(0) : await src.read(size);
  if (!body) throw new Error('unexpected end of tar archive');
  await src.read(padding(size));
  return body;
}

/** Reads a tar stream entry by entry. Unread bodies are skipped. */
export async function* readTar(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<TarEntry> {
  const src = new ByteSource(source[Symbol.asyncIterator]());
  let pending: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const block = await src.read(BLOCK);
    if (!block || isZeroBlock(block)) return;
    const { header, flag } = decodeHeader(block);
    if (flag === 'x' || flag === 'g') {
      const records = parsePax(await readAll(src, header.size));
      if (flag === 'x') pending = { ...pending, ...records };
      continue;
    }
    if (flag === 'L' || flag === 'K') {
      const text = (await readAll(src, header.size)).toString('utf8').replace(/\0+$/, '');
      if (flag === 'L') longName = text; else longLink = text;
      continue;
    }
    applyExtensions(header, pending, longName, longLink);
    pending = {}; longName = undefined; longLink = undefined;
    const state = { left: header.type === 'file' ? header.size : 0 };
    yield { header, body: bodyOf(src, state) };
    while (state.left > 0) state.left -= (await src.readSome(Math.min(state.left, 1 << 20))).length;
    if (header.type === 'file') await src.read(padding(header.size));
  }
}

function applyExtensions(h: TarHeader, pax: Record<string, string>, longName?: string, longLink?: string): void {
  if (longName !== undefined) h.name = longName;
  if (longLink !== undefined) h.linkname = longLink;
  if (pax.path !== undefined) h.name = pax.path;
  if (pax.linkpath !== undefined) h.linkname = pax.linkpath;
  if (pax.size !== undefined) h.size = Number(pax.size);
  if (pax.uid !== undefined) h.uid = Number(pax.uid);
  if (pax.gid !== undefined) h.gid = Number(pax.gid);
  if (pax.mtime !== undefined) h.mtime = Number(pax.mtime);
  for (const [k, v] of Object.entries(pax)) if (k.startsWith('SCHILY.xattr.')) h.pax[k] = v;
}

/** Collects a whole body (for small members like JSON manifests). */
export async function readBody(entry: TarEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of entry.body) parts.push(c);
  return Buffer.concat(parts);
}

export interface TarMember {
  header: Partial<TarHeader> & { name: string; type: TarEntryType };
  /** File content; size is taken from it when header.size is absent. */
  body?: Buffer | (() => AsyncIterable<Buffer>);
}

/** Writes members as a tar stream (ends with the two zero blocks). */
export async function* writeTar(members: AsyncIterable<TarMember> | Iterable<TarMember>): AsyncGenerator<Buffer> {
  for await (const m of members) {
    const size = m.header.type !== 'file' ? 0 : m.header.size ?? (Buffer.isBuffer(m.body) ? m.body.length : 0);
    yield encodeHeader({ ...m.header, size });
    if (m.header.type !== 'file' || size === 0) continue;
    let written = 0;
    if (Buffer.isBuffer(m.body)) { yield m.body; written = m.body.length; }
    else if (m.body) for await (const c of m.body()) { written += c.length; yield c; }
    if (written !== size) throw new Error(`tar member ${m.header.name}: wrote ${written} bytes, header says ${size}`);
    const pad = padding(size);
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2);
}
