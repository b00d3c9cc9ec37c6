// Reading an image archive (docker-archive or OCI layout tar) in one pass: every blob goes into
// containerd's content store as it is read, hashed on the way; the small metadata files
// (manifest.json, index.json, repositories, legacy configs) are kept in memory.
import { posix } from 'node:path';
import { pipeline } from 'node:stream';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readBody, readTar } from '../archive/tar';
import type { TarEntry } from '../archive/tar';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError } from '../errors';
import { ingestStream } from './ingest';
import { blobDigest } from './layout';

/** A blob stored in containerd from the archive. */
export interface ArchiveBlob {
  digest: string;
  size: number;
  gzip: boolean;
  /** sha256 of the decompressed bytes (layers) */
  diffId?: string;
}

/** What one pass over the archive produced. */
export interface ArchiveContents {
  /** metadata files by path */
  files: Map<string, Buffer>;
  /** stored blobs by path */
  blobs: Map<string, ArchiveBlob>;
  /** link path -> target path (docker-archives link repeated layers) */
  links: Map<string, string>;
}

const METADATA_LIMIT = 32 << 20;

/** Archive paths as written by tools: no `./` or leading `/`, no trailing `/`. */
export function cleanPath(name: string): string {
  return posix.normalize(`/${name}`).slice(1).replace(/\/$/, '');
}

/** Files read into memory rather than stored: top-level JSON and docker's per-layer `json`/`VERSION`. */
export function isMetadata(path: string): boolean {
  if (!path.includes('/')) return path.endsWith('.json') || path === 'repositories' || path === 'oci-layout';
  const base = path.slice(path.lastIndexOf('/') + 1);
  return !path.startsWith('blobs/') && (base === 'json' || base === 'VERSION');
}

/** Follows links (a few hops at most) to the path that holds the data. */
export function resolvePath(contents: ArchiveContents, path: string): string {
  let p = cleanPath(path);
  for (let hops = 0; hops < 8 && contents.links.has(p); hops++) p = contents.links.get(p)!;
  return p;
}

async function storeEntry(client: ContainerdClient, entry: TarEntry, path: string, options: RequestOptions): Promise<ArchiveBlob> {
  const blob = await ingestStream(client, entry.body, { layer: true }, options);
  const named = blobDigest(path);
  if (named !== undefined && !named.startsWith('sha256:')) {
    throw new NerdtsError('invalid-argument', `blob ${path}: only sha256 digests are supported`);
  }
  if (named !== undefined && named !== blob.digest) {
    throw new NerdtsError('invalid-argument', `blob ${path} does not match its name (content is ${blob.digest})`);
  }
  return { digest: blob.digest, size: blob.size, gzip: blob.gzip, ...(blob.diffId && { diffId: blob.diffId }) };
}

/** Reads the tar, storing blobs in containerd (under `options`' lease) and metadata in memory. */
export async function readArchive(client: ContainerdClient, source: AsyncIterable<Uint8Array>, options: RequestOptions): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: new Map(), blobs: new Map(), links: new Map() };
  for await (const entry of readTar(decompressed(source))) {
    const path = cleanPath(entry.header.name);
    const { type } = entry.header;
    if (type === 'symlink') contents.links.set(path, cleanPath(posix.join(posix.dirname(path), entry.header.linkname)));
    if (type === 'link') contents.links.set(path, cleanPath(entry.header.linkname));
    if (type !== 'file' || path === '') continue;
    if (isMetadata(path)) {
      if (entry.header.size > METADATA_LIMIT) throw new NerdtsError('invalid-argument', `${path} is too large for an image archive (${entry.header.size} bytes)`);
      contents.files.set(path, await readBody(entry));
    } else {
      contents.blobs.set(path, await storeEntry(client, entry, path, options));
    }
  }
  return contents;
}

/** The source as a tar stream: gzip-compressed archives (docker load accepts them) are inflated. */
async function* decompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  pipeline(Readable.from(all()), gunzip, () => { /* errors surface through the gunzip iterator */ });
  yield* gunzip as AsyncIterable<Buffer>;
}
