// Layers build and commit make are stored uncompressed and labelled for compression; push gzips
// them on the way out, as docker does, and the manifests that name them are rewritten to the
// compressed blobs (so the pushed digest differs from the local one). Every other blob (pulled,
// loaded, imported) goes out exactly as stored. The compressed digest is remembered on the local
// blob, so a second push can ask the registry before compressing.
import { createHash } from 'node:crypto';
import { Transform, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { MediaTypes, isForeignLayer, isIndexType, layerCompression } from './media-types';
import type { Descriptor, ImageIndex, Manifest } from './media-types';

/** docker's uncompressed layer type (not in media-types.ts, which lists what pull accepts). */
const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar';
/** Label on a locally made uncompressed layer: push compresses it (value: the compression). */
export const COMPRESS_AT_PUSH = 'nerdts/compress-at-push';
/** Labels on the uncompressed blob naming what push made of it last time. */
export const PUSHED_GZIP_DIGEST = 'nerdts/push.gzip.digest';
export const PUSHED_GZIP_SIZE = 'nerdts/push.gzip.size';

/** True for a layer push compresses: an uncompressed tar that build or commit made. */
export function compressesAtPush(mediaType: string, labels: Record<string, string>): boolean {
  if (isForeignLayer(mediaType)) return false;
  if (mediaType !== DOCKER_LAYER && layerCompression(mediaType) !== 'none') return false;
  return labels[COMPRESS_AT_PUSH] === 'gzip';
}

/** The gzip twin of an uncompressed layer type, in the same (OCI or docker) family. */
export function gzipLayerType(mediaType: string): string {
  return mediaType === DOCKER_LAYER ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerGzip;
}

/** The compressed blob a previous push recorded on the local blob, if any. */
export function rememberedGzip(labels: Record<string, string>, mediaType: string): Descriptor | undefined {
  const digest = labels[PUSHED_GZIP_DIGEST];
  const size = Number(labels[PUSHED_GZIP_SIZE]);
  if (!digest || !Number.isSafeInteger(size) || size <= 0) return undefined;
  return { mediaType: gzipLayerType(mediaType), digest, size };
}

/** The labels that remember a compressed blob. */
export function gzipLabels(made: { digest: string; size: number }): Record<string, string> {
  return { [PUSHED_GZIP_DIGEST]: made.digest, [PUSHED_GZIP_SIZE]: String(made.size) };
}

/** `source` gzipped, with the digest and size of the gzip bytes once the stream has ended. */
export function gzipStream(source: Readable): { stream: Readable; produced: () => { digest: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      digest = `sha256:${hash.digest('hex')}`;
      done();
    },
  });
  // default level, as docker's push; Node's gzip header carries no mtime, so the bytes are reproducible
  pipeline(source, createGzip(), counter, () => {});
  return {
    stream: counter,
    produced: () => {
      if (!digest) throw new Error('compressed layer read before its end');
      return { digest, size };
    },
  };
}

/**
 * A manifest or index with the descriptors named in `pushed` (by local digest) replaced by what was
 * pushed instead; undefined when it names none of them (its bytes then go out unchanged).
 */
export function rewriteReferences(bytes: Buffer, mediaType: string, pushed: ReadonlyMap<string, Descriptor>): Buffer | undefined {
  if (!pushed.size) return undefined;
  const doc = JSON.parse(bytes.toString('utf8')) as Manifest & ImageIndex;
  const list: Descriptor[] = (isIndexType(mediaType) ? doc.manifests : doc.layers) ?? [];
  let changed = false;
  const swapped = list.map((d) => {
    const to = pushed.get(d.digest);
    if (!to) return d;
    changed = true;
    return { ...d, mediaType: to.mediaType, digest: to.digest, size: to.size };
  });
  if (!changed) return undefined;
  if (isIndexType(mediaType)) doc.manifests = swapped;
  else doc.layers = swapped;
  return Buffer.from(JSON.stringify(doc));
}
