// POSIX ustar headers with pax extended records, as docker-archive, OCI layouts and layers use.

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'char' | 'block' | 'fifo' | 'other';

/** One archive member's metadata. */
export interface TarHeader {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** pax records that we keep (xattrs and the like) */
  pax: Record<string, string>;
}

export const BLOCK = 512;

const TYPE_FLAGS: Record<string, TarEntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '3': 'char', '4': 'block',
  '5': 'directory', '6': 'fifo',
};
const FLAG_OF: Record<TarEntryType, string> = {
  file: '0', link: '1', symlink: '2', char: '3', block: '4', directory: '5', fifo: '6', other: '0',
};

function readString(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end === -1 || end > off + len ? off + len : end);
}

function readOctal(buf: Buffer, off: number, len: number): number {
  // GNU base-256 encoding for large values: high bit of the first byte set.
  if (buf[off]! & 0x80) {
    let value = buf[off]! & 0x7f;
    for (let i = 1; i < len; i++) value = value * 256 + buf[off + i]!;
    return value;
  }
  const text = readString(buf, off, len).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum;
}

/** True for the all-zero block that ends an archive. */
export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decodes a raw 512-byte header; `flag` is the raw type flag so the reader can handle pax/GNU records. */
export function decodeHeader(block: Buffer): { header: TarHeader; flag: string } {
  if (readOctal(block, 148, 8) !== checksum(block)) throw new Error('invalid tar header checksum');
  const flag = String.fromCharCode(block[156]!);
  let name = readString(block, 0, 100);
  const magic = block.toString('latin1', 257, 263);
  if (magic.startsWith('ustar')) {
    const prefix = readString(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const header: TarHeader = {
    name,
    type: TYPE_FLAGS[flag] ?? 'other',
    size: readOctal(block, 124, 12),
    mode: readOctal(block, 100, 8),
    uid: readOctal(block, 108, 8),
    gid: readOctal(block, 116, 8),
    mtime: readOctal(block, 136, 12),
    linkname: readString(block, 157, 100),
    uname: readString(block, 265, 32),
    gname: readString(block, 297, 32),
    devmajor: readOctal(block, 329, 8),
    devminor: readOctal(block, 337, 8),
    pax: {},
  };
  return { header, flag };
}

/** Parses a pax extended header body ("%d key=value\n" records). */
export function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < body.length) {
    const space = body.indexOf(0x20, off);
    if (space === -1) break;
    const len = parseInt(body.toString('latin1', off, space), 10);
    if (!(len > 0)) break;
    const record = body.toString('utf8', space + 1, off + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    off += len;
  }
  return out;
}

function writeOctal(buf: Buffer, value: number, off: number, len: number): void {
  buf.write(value.toString(8).padStart(len - 1, '0') + '\0', off, len, 'latin1');
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function rawHeader(h: Partial<TarHeader> & { name: string }, flag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(h.name, 0, 100, 'utf8');
  writeOctal(block, h.mode ?? (h.type === 'directory' ? 0o755 : 0o644), 100, 8);
  writeOctal(block, h.uid ?? 0, 108, 8);
  writeOctal(block, h.gid ?? 0, 116, 8);
  writeOctal(block, size, 124, 12);
  writeOctal(block, Math.floor(h.mtime ?? 0), 136, 12);
  block.write(flag, 156, 1, 'latin1');
  block.write(h.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(h.uname ?? '', 265, 32, 'utf8');
  block.write(h.gname ?? '', 297, 32, 'utf8');
  writeOctal(block, h.devmajor ?? 0, 329, 8);
  writeOctal(block, h.devminor ?? 0, 337, 8);
  writeOctal(block, checksum(block), 148, 7);
  block[155] = 0x20;
  return block;
}

/** Encodes a header, preceded by a pax record when a field does not fit ustar. */
export function encodeHeader(h: Partial<TarHeader> & { name: string; type: TarEntryType }): Buffer {
  const size = h.type === 'file' ? h.size ?? 0 : 0;
  const pax: Record<string, string> = { ...(h.pax ?? {}) };
  if (Buffer.byteLength(h.name) > 100) pax.path = h.name;
  if (h.linkname && Buffer.byteLength(h.linkname) > 100) pax.linkpath = h.linkname;
  if (size > 0o77777777777) pax.size = String(size);
  const main = rawHeader({ ...h, name: h.name.slice(0, 100), linkname: (h.linkname ?? '').slice(0, 100) },
    FLAG_OF[h.type], pax.size ? 0 : size);
  if (Object.keys(pax).length === 0) return main;
  const body = Buffer.from(Object.keys(pax).sort().map((k) => paxRecord(k, pax[k]!)).join(''));
  const paxHeader = rawHeader({ name: 'PaxHeader', mtime: h.mtime ?? 0 }, 'x', body.length);
  return Buffer.concat([paxHeader, body, Buffer.alloc(padding(body.length)), main]);
}

/** Bytes of zero padding after a member of `size` bytes. */
export function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}
