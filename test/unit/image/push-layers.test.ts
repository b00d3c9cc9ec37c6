import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import {
  COMPRESS_AT_PUSH, PUSHED_GZIP_DIGEST, PUSHED_GZIP_SIZE, compressesAtPush, gzipLabels, gzipLayerType, gzipStream, rememberedGzip, rewriteReferences,
} from '../../../src/image/push-layers';
import type { Descriptor } from '../../../src/image/media-types';

const D = (c: string): string => `sha256:${c.repeat(64)}`;
const OCI = 'application/vnd.oci.image.layer.v1.tar';
const DOCKER = 'application/vnd.docker.image.rootfs.diff.tar';

describe('push-layers', () => {
  test('only uncompressed layers labelled by build or commit are compressed', () => {
    const made = { [COMPRESS_AT_PUSH]: 'gzip' };
    const cases: Array<[string, Record<string, string>, boolean]> = [
      [OCI, made, true],
      [DOCKER, made, true],
      [OCI, {}, false],
      [OCI, { 'containerd.io/distribution.source.127.0.0.1:5000': 'busybox' }, false],
      [`${OCI}+gzip`, made, false],
      ['application/vnd.docker.image.rootfs.diff.tar.gzip', made, false],
      [`${OCI}+zstd`, made, false],
      ['application/vnd.oci.image.layer.nondistributable.v1.tar', made, false],
    ];
    for (const [type, labels, want] of cases) assert.equal(compressesAtPush(type, labels), want, type);
    assert.equal(gzipLayerType(OCI), `${OCI}+gzip`);
    assert.equal(gzipLayerType(DOCKER), 'application/vnd.docker.image.rootfs.diff.tar.gzip');
  });

  test('gzipStream: the bytes gunzip to the input, digest and size describe them, and are reproducible', async () => {
    const input = randomBytes(200_000);
    const run = async (): Promise<{ out: Buffer; made: { digest: string; size: number } }> => {
      const g = gzipStream(Readable.from([input.subarray(0, 70_000), input.subarray(70_000)]));
      assert.throws(() => g.produced());
      const parts: Buffer[] = [];
      for await (const c of g.stream) parts.push(c as Buffer);
      return { out: Buffer.concat(parts), made: g.produced() };
    };
    const a = await run();
    assert.deepEqual(gunzipSync(a.out), input);
    assert.equal(a.made.size, a.out.length);
    assert.equal(a.made.digest, `sha256:${createHash('sha256').update(a.out).digest('hex')}`);
    assert.deepEqual((await run()).made, a.made);
  });

  test('a remembered compressed blob round-trips through labels; bad labels are ignored', () => {
    const labels = gzipLabels({ digest: D('e'), size: 42 });
    assert.deepEqual(labels, { [PUSHED_GZIP_DIGEST]: D('e'), [PUSHED_GZIP_SIZE]: '42' });
    assert.deepEqual(rememberedGzip(labels, OCI), { mediaType: `${OCI}+gzip`, digest: D('e'), size: 42 });
    assert.equal(rememberedGzip({}, OCI), undefined);
    assert.equal(rememberedGzip({ [PUSHED_GZIP_DIGEST]: D('e'), [PUSHED_GZIP_SIZE]: 'x' }, OCI), undefined);
  });

  test('rewriteReferences swaps pushed layers in manifests and children in indexes, keeping other fields', () => {
    const manifest = {
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: D('c'), size: 5 },
      layers: [{ mediaType: `${OCI}+gzip`, digest: D('a'), size: 1 }, { mediaType: OCI, digest: D('b'), size: 100, annotations: { k: 'v' } }],
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const pushed = new Map<string, Descriptor>([[D('b'), { mediaType: `${OCI}+gzip`, digest: D('f'), size: 50 }]]);
    const out = JSON.parse(rewriteReferences(bytes, manifest.mediaType, pushed)!.toString()) as typeof manifest;
    assert.deepEqual(out.layers, [manifest.layers[0], { mediaType: `${OCI}+gzip`, digest: D('f'), size: 50, annotations: { k: 'v' } }]);
    assert.deepEqual(out.config, manifest.config);
    assert.equal(rewriteReferences(bytes, manifest.mediaType, new Map()), undefined);
    assert.equal(rewriteReferences(bytes, manifest.mediaType, new Map([[D('9'), pushed.get(D('b'))!]])), undefined);

    const indexType = 'application/vnd.oci.image.index.v1+json';
    const index = { schemaVersion: 2, mediaType: indexType, manifests: [{ mediaType: manifest.mediaType, digest: D('1'), size: 300, platform: { os: 'linux', architecture: 'amd64' } }] };
    const swapped = new Map<string, Descriptor>([[D('1'), { mediaType: manifest.mediaType, digest: D('2'), size: 310 }]]);
    const outIndex = JSON.parse(rewriteReferences(Buffer.from(JSON.stringify(index)), indexType, swapped)!.toString()) as typeof index;
    assert.deepEqual(outIndex.manifests, [{ ...index.manifests[0], digest: D('2'), size: 310 }]);
  });
});
