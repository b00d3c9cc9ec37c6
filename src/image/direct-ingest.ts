// A faster way into containerd's content store when nerdts runs on containerd's own host with
// write access to it (root, same mount namespace): the blob is streamed to a file next to the
// store, hashed by us, fsynced, made read-only and renamed into blobs/sha256/ exactly as
// containerd's local store lays it out; then a writer open + commit with the expected digest
// registers it in the namespace (containerd's shared-content path, which writes no data).
// This skips one copy of every layer through gRPC and containerd's own hashing, and is why
// `nerdts pull` outruns `ctr images pull`. Anything unexpected falls back to the gRPC write.
import { createHash } from 'node:crypto';
import { accessSync, constants as fsConstants, createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError } from '../errors';
import { acquireLock } from '../store/lock';

/** Where blobs go on this host, or undefined when direct writes are not possible. */
export async function directContentRoot(client: ContainerdClient, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  if (env.NERDTS_DIRECT_CONTENT === '0') return undefined;
  try {
    const [plugin] = await client.introspection.plugins(['type==io.containerd.content.v1', 'id==content']);
    const root = plugin?.exports['root'];
    if (!root || !existsSync(join(root, 'blobs', 'sha256')) || !existsSync(join(root, 'ingest'))) return undefined;
    accessSync(join(root, 'blobs', 'sha256'), fsConstants.W_OK);
    return root;
  } catch {
    return undefined;
  }
}

export interface DirectBlob {
  ref: string;
  digest: string;
  size: number;
  labels: Record<string, string>;
  /** The blob's bytes from `offset` on. */
  source: (offset: number) => AsyncIterable<Uint8Array>;
  onProgress?: (offset: number) => void;
}

async function hashExisting(path: string, hash: ReturnType<typeof createHash>): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    n += chunk.length;
  }
  return n;
}

async function writeFrom(path: string, offset: number, blob: DirectBlob, hash: ReturnType<typeof createHash>): Promise<number> {
  const out = createWriteStream(path, { flags: offset > 0 ? 'a' : 'w', highWaterMark: 4 << 20 });
  const done = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  let pos = offset;
  try {
    for await (const chunk of blob.source(offset)) {
      hash.update(chunk);
      pos += chunk.length;
      if (pos > blob.size) throw new NerdtsError('failed-precondition', `blob ${blob.digest}: more data than its size ${blob.size}`);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      blob.onProgress?.(pos);
    }
  } finally {
    out.end();
    await done;
  }
  return pos;
}

/** Resumes (or starts) the partial file; a resumed file that turns out wrong is dropped and fetched again once. */
async function download(partial: string, target: string, blob: DirectBlob): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let hash = createHash('sha256');
    let have = existsSync(partial) ? await hashExisting(partial, hash) : 0;
    if (have > blob.size) { await rm(partial, { force: true }); hash = createHash('sha256'); have = 0; }
    const size = await writeFrom(partial, have, blob, hash);
    const got = `sha256:${hash.digest('hex')}`;
    if (size === blob.size && got === blob.digest) break;
    await rm(partial, { force: true });
    if (attempt > 0 || have === 0) {
      throw new NerdtsError('failed-precondition', `blob ${blob.digest}: downloaded content does not match (got ${got}, ${size} bytes)`);
    }
  }
  await fsyncFile(partial);
  await chmod(partial, 0o444);
  await rename(partial, target);
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try { await fh.sync(); } finally { await fh.close(); }
}

/** Stores the blob through the filesystem and registers it; resumes a partial file from a killed pull. */
export async function ingestDirect(client: ContainerdClient, root: string, blob: DirectBlob, options: RequestOptions): Promise<void> {
  const hex = blob.digest.slice('sha256:'.length);
  if (!blob.digest.startsWith('sha256:') || !/^[a-f0-9]{64}$/.test(hex)) throw new NerdtsError('invalid-argument', `unsupported digest ${blob.digest}`);
  const target = join(root, 'blobs', 'sha256', hex);
  const partial = join(`${root}.nerdts`, `${hex}.partial`);
  mkdirSync(dirname(partial), { recursive: true, mode: 0o700 });
  const lock = await acquireLock(partial);
  try {
    if (!existsSync(target)) await download(partial, target, blob);
    await register(client, blob, options);
  } finally {
    lock.release();
  }
}

/** containerd's shared-content path: the writer sees the blob in its store and commits without data. */
async function register(client: ContainerdClient, blob: DirectBlob, options: RequestOptions): Promise<void> {
  const writer = await client.content.openWriter(blob.ref, { expected: blob.digest, total: blob.size }, options).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'already-exists') return undefined;
    throw err;
  });
  if (!writer) {
    if (Object.keys(blob.labels).length) await client.content.update(blob.digest, blob.labels, Object.keys(blob.labels).map((k) => `labels.${k}`), options);
    return;
  }
  if (writer.offset !== blob.size) {
    await writer.abort();
    throw new NerdtsError('failed-precondition', `blob ${blob.digest}: containerd did not take the stored file`);
  }
  await writer.commit(blob.size, blob.digest, blob.labels);
}
