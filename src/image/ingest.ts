// Storing blobs whose digest is known only after reading them (imports, loads, builds): hashed
// while streamed into containerd, committed under the computed digest.
import { createHash, randomBytes } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';

export interface IngestedBlob {
  digest: string;
  size: number;
  /** sha256 of the decompressed bytes, when asked for (layers) */
  diffId?: string;
  gzip: boolean;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Streams chunks into the content store; with `layer`, also detects gzip and computes the diff ID. */
export async function ingestStream(client: ContainerdClient, chunks: AsyncIterable<Uint8Array>,
  opts: { layer?: boolean; labels?: Record<string, string> }, options: RequestOptions): Promise<IngestedBlob> {
  const writer = await client.content.openWriter(`nerdts-ingest-${randomBytes(8).toString('hex')}`, {}, options);
  const hash = createHash('sha256');
  let size = 0;
  let gzip = false;
  let unzip: { hash: ReturnType<typeof createHash>; stream: PassThrough; done: Promise<void> } | undefined;
  let diffHash: ReturnType<typeof createHash> | undefined;
  try {
    for await (const chunk of chunks) {
      if (size === 0 && opts.layer) {
        gzip = chunk[0] === GZIP_MAGIC[0] && chunk[1] === GZIP_MAGIC[1];
        if (gzip) unzip = gunzipHasher(); else diffHash = createHash('sha256');
      }
      hash.update(chunk);
      diffHash?.update(chunk);
      if (unzip && !unzip.stream.write(chunk)) await new Promise((r) => unzip!.stream.once('drain', r));
      size += chunk.length;
      await writer.write(chunk);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    await writer.commit(size, digest, opts.labels ?? {});
    let diffId: string | undefined;
    if (unzip) { unzip.stream.end(); await unzip.done; diffId = `sha256:${unzip.hash.digest('hex')}`; }
    else if (diffHash) diffId = `sha256:${diffHash.digest('hex')}`;
    return { digest, size, gzip, ...(diffId && { diffId }) };
  } catch (err) {
    await writer.abort().catch(() => undefined);
    throw err;
  }
}

function gunzipHasher(): { hash: ReturnType<typeof createHash>; stream: PassThrough; done: Promise<void> } {
  const hash = createHash('sha256');
  const stream = new PassThrough();
  const gunzip = createGunzip();
  stream.pipe(gunzip);
  const done = new Promise<void>((resolve, reject) => {
    gunzip.on('data', (c: Buffer) => hash.update(c));
    gunzip.on('end', resolve);
    gunzip.on('error', reject);
  });
  return { hash, stream, done };
}

/** Stores bytes we hold in memory (configs, manifests); returns the descriptor fields. */
export async function ingestBytes(client: ContainerdClient, bytes: Buffer, labels: Record<string, string>, options: RequestOptions): Promise<{ digest: string; size: number }> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await client.content.write({ ref: `nerdts-ingest-${digest}`, digest, size: bytes.length, labels, source: (o) => [bytes.subarray(o)] }, options);
  return { digest, size: bytes.length };
}
