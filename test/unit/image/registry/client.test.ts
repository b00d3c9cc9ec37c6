// Protocol tests of the registry client against loopback fake registries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RegistryClient } from '../../../../src/image/registry/client';
import { DigestVerifier, digestOf } from '../../../../src/image/registry/verify';
import { MediaTypes } from '../../../../src/image/media-types';
import { parseImageReference } from '../../../../src/image/reference';
import { FakeRegistry } from './fake-registry';
import { anonymous, expectError, makeImage } from './helpers';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('anonymous registry over plain HTTP', () => {
  const fake = new FakeRegistry({ redirectBlobs: true });
  let client: RegistryClient;
  let img: ReturnType<typeof makeImage>;
  before(async () => {
    await fake.start();
    img = makeImage(fake, 'library/busybox', 'latest');
    client = new RegistryClient(fake.host, anonymous);
  });
  after(async () => {
    client.close();
    await fake.stop();
  });

  test('resolve by tag: HEAD for the digest, then GET by digest', async () => {
    fake.log.length = 0;
    const r = await client.resolve(parseImageReference(`${fake.host}/library/busybox`));
    assert.deepEqual(r.descriptor, { mediaType: MediaTypes.ociManifest, digest: img.digest, size: img.manifest.length });
    assert.deepEqual(r.bytes, img.manifest);
    assert.deepEqual(fake.log.map((l) => `${l.method} ${l.url}`), [
      'HEAD /v2/library/busybox/manifests/latest', `GET /v2/library/busybox/manifests/${img.digest}`,
    ]);
    assert.match(fake.log[0]!.accept ?? '', /manifest\.list\.v2\+json.*image\.index\.v1\+json/);
  });

  test('head gives the descriptor from one HEAD', async () => {
    fake.log.length = 0;
    const desc = await client.head(parseImageReference(`${fake.host}/library/busybox:latest`));
    assert.deepEqual(desc, { mediaType: MediaTypes.ociManifest, digest: img.digest, size: img.manifest.length });
    assert.deepEqual(fake.log.map((l) => l.method), ['HEAD']);
  });

  test('resolve by digest verifies the bytes', async () => {
    const r = await client.resolve(parseImageReference(`${fake.host}/library/busybox@${img.digest}`));
    assert.equal(r.descriptor.digest, img.digest);
    const wrong = `sha256:${'0'.repeat(64)}`;
    fake.manifests.set(`library/busybox@${wrong}`, { mediaType: MediaTypes.ociManifest, bytes: img.manifest });
    await expectError(client.resolve(parseImageReference(`${fake.host}/library/busybox@${wrong}`)), 'failed-precondition', /manifest digest mismatch/);
  });

  test('unknown tag is not-found naming the reference', async () => {
    await expectError(client.resolve(parseImageReference(`${fake.host}/library/nope:1`)), 'not-found',
      new RegExp(`^${fake.host}/library/nope:1: not found$`));
  });

  test('fetchManifest checks the descriptor', async () => {
    const desc = { mediaType: MediaTypes.ociManifest, digest: img.digest, size: img.manifest.length };
    assert.deepEqual(await client.fetchManifest('library/busybox', desc), img.manifest);
    await expectError(client.fetchManifest('library/busybox', { ...desc, size: 10 }), 'resource-exhausted', /larger than 10 bytes/);
  });

  test('blobs follow the redirect to storage without Authorization, and stream', async () => {
    const desc = { mediaType: MediaTypes.ociLayerGzip, digest: img.layerDigest, size: img.layer.length };
    const blob = await client.fetchBlob('library/busybox', desc);
    assert.equal(blob.offset, 0);
    assert.equal(blob.length, img.layer.length);
    const verifier = new DigestVerifier(desc);
    const out: Buffer[] = [];
    verifier.on('data', (c: Buffer) => out.push(c));
    await pipeline(blob.stream, verifier);
    assert.deepEqual(Buffer.concat(out), img.layer);
    assert.equal(fake.storageLog.at(-1)!.authorization, undefined);
  });

  test('resume with Range, and a registry that ignores Range', async () => {
    const desc = { mediaType: MediaTypes.ociLayerGzip, digest: img.layerDigest, size: img.layer.length };
    const part = await client.fetchBlob('library/busybox', desc, { offset: 1000 });
    assert.equal(part.offset, 1000);
    assert.deepEqual(await collect(part.stream), img.layer.subarray(1000));
    assert.equal(fake.storageLog.at(-1)!.range, 'bytes=1000-');
    const hash = createHash('sha256').update(img.layer.subarray(0, 1000));
    await pipeline((await client.fetchBlob('library/busybox', desc, { offset: 1000 })).stream, new DigestVerifier(desc, { offset: 1000, hash }), async function* (s) {
      for await (const _ of s) { /* drain */ }
    });
    fake.opts.ignoreRange = true;
    try {
      const whole = await client.fetchBlob('library/busybox', desc, { offset: 1000 });
      assert.equal(whole.offset, 0);
      assert.equal((await collect(whole.stream)).length, img.layer.length);
    } finally {
      fake.opts.ignoreRange = false;
    }
    const done = await client.fetchBlob('library/busybox', desc, { offset: desc.size });
    assert.equal(done.offset, desc.size);
  });

  test('verifier rejects wrong size and digest', async () => {
    const bytes = Buffer.from('hello');
    const good = { digest: digestOf(bytes), size: 5 };
    await assert.rejects(pipeline(Readable.from([bytes]), new DigestVerifier({ ...good, size: 4 })), /got more than the expected 4 bytes/);
    await assert.rejects(pipeline(Readable.from([bytes]), new DigestVerifier({ ...good, size: 6 })), /got 5 of 6 bytes/);
    await assert.rejects(pipeline(Readable.from([bytes]), new DigestVerifier({ digest: digestOf(Buffer.from('x')), size: 5 })), /digest mismatch/);
  });

  test('blobExists', async () => {
    assert.equal(await client.blobExists('library/busybox', { mediaType: '', digest: img.layerDigest, size: 1 }), true);
    assert.equal(await client.blobExists('library/busybox', { mediaType: '', digest: `sha256:${'1'.repeat(64)}`, size: 1 }), false);
  });

  test('push: monolithic, streamed, existing, mounted; then the manifest', async () => {
    const a = Buffer.from('layer a'.repeat(1000));
    const b = Buffer.from('layer b');
    const descA = { mediaType: MediaTypes.ociLayer, digest: digestOf(a), size: a.length };
    const descB = { mediaType: MediaTypes.ociLayer, digest: digestOf(b), size: b.length };
    assert.equal(await client.pushBlob('me/app', descA, () => Readable.from([a.subarray(0, 10), a.subarray(10)])), 'pushed');
    assert.deepEqual(fake.blobs.get(descA.digest), a);
    assert.equal(await client.pushBlob('me/app', descA, () => assert.fail('must not read')), 'exists');
    assert.equal(await client.pushBlob('me/other', descB, () => Readable.from([b]), { mode: 'stream' }), 'pushed');
    fake.log.length = 0;
    assert.equal(await client.pushBlob('me/third', { ...descA }, () => assert.fail('must not read'), { mountFrom: 'me/app' }), 'exists');
    fake.blobs.delete(descB.digest);
    await expectError(client.pushBlob('me/x', descB, () => Readable.from([Buffer.from('layer c')])), 'failed-precondition',
      /^blob sha256:[0-9a-f]{64}: registry 127\.0\.0\.1:\d+ answered digest invalid: provided digest did not match uploaded content$/);
    await expectError(client.pushBlob('me/x', descB, () => Readable.from([Buffer.from('too many bytes')])), 'invalid-argument', /body length does not match/);
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [descA] }));
    const pushed = await client.pushManifest(parseImageReference(`${fake.host}/me/app:v1`), MediaTypes.ociManifest, manifest);
    assert.equal(pushed.digest, digestOf(manifest));
    const back = await client.resolve(parseImageReference(`${fake.host}/me/app:v1`));
    assert.deepEqual(back.bytes, manifest);
  });

  test('cross-repository mount', async () => {
    const bytes = Buffer.from('mountable');
    const desc = { mediaType: MediaTypes.ociLayer, ...fake.addBlob(bytes) };
    const hooks = fake.hooks.length;
    fake.hooks.push((req, res) => {
      if (req.method === 'HEAD' && req.url?.startsWith('/v2/me/mounted/blobs/')) return Boolean(res.writeHead(404).end());
      return false;
    });
    try {
      assert.equal(await client.pushBlob('me/mounted', desc, () => assert.fail('must not read'), { mountFrom: 'me/app' }), 'mounted');
      assert.match(fake.log.at(-1)!.url, /\/v2\/me\/mounted\/blobs\/uploads\/\?mount=sha256%3A[0-9a-f]{64}&from=me%2Fapp/);
    } finally {
      fake.hooks.length = hooks;
    }
  });

  test('listTags follows pages', async () => {
    for (const t of ['a', 'b', 'c', 'd', 'e']) fake.addManifest('paged/repo', t, MediaTypes.ociManifest, Buffer.from(`{"t":"${t}"}`));
    assert.deepEqual(await client.listTags('paged/repo'), ['a', 'b', 'c', 'd', 'e']);
    await expectError(client.listTags('missing/repo'), 'not-found', /repository missing\/repo: not found/, /repository name not known/);
  });

  test('registry JSON errors are parsed', async () => {
    fake.hooks.push((req, res) => {
      if (!req.url?.includes('/broken/')) return false;
      res.writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'storage backend down' }, { code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
      return true;
    });
    const desc = { mediaType: MediaTypes.ociManifest, digest: img.digest, size: img.manifest.length };
    await expectError(client.fetchManifest('broken/x', desc), 'unavailable',
      /^manifest sha256:[0-9a-f]{64}: registry 127\.0\.0\.1:\d+ answered unknown: storage backend down; toomanyrequests: slow down$/);
    await expectError(client.resolve(parseImageReference(`${fake.host}/broken/x`)), 'unavailable', /answered 500 Internal Server Error$/);
    fake.hooks.pop();
  });

  test('a TLS server reached over plain HTTP is recognized', async () => {
    fake.hooks.push((req, res) => {
      if (!req.url?.includes('/tlsonly/')) return false;
      // what Go's TLS servers write to a plain HTTP client
      res.socket!.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
      return true;
    });
    await expectError(client.resolve(parseImageReference(`${fake.host}/tlsonly/x`)), 'unavailable',
      /server speaks HTTPS, but plain HTTP was used$/, /hosts\.toml.*server = "https:\/\/127\.0\.0\.1:\d+"/);
    fake.hooks.pop();
  });

  test('abort', async () => {
    const ac = new AbortController();
    fake.hooks.push((req) => Boolean(req.url?.includes('/hang/')));
    const p = client.resolve(parseImageReference(`${fake.host}/hang/x`), { signal: ac.signal });
    setImmediate(() => ac.abort());
    await expectError(p, 'canceled', /canceled/);
    fake.hooks.pop();
  });
});

describe('network failures', () => {
  test('connection refused names the registry and gives a hint', async () => {
    const port = await freePort();
    const client = new RegistryClient(`127.0.0.1:${port}`, anonymous);
    await expectError(client.resolve(parseImageReference(`127.0.0.1:${port}/x`)), 'unavailable',
      new RegExp(`^registry 127\\.0\\.0\\.1:${port} unreachable: connection refused$`), /check that a registry is listening/);
  });

  test('a server that never answers times out', async () => {
    const fake = await new FakeRegistry().start();
    fake.hooks.push(() => true);
    const client = new RegistryClient(fake.host, { ...anonymous, responseTimeoutMs: 50 });
    try {
      await expectError(client.resolve(parseImageReference(`${fake.host}/x`)), 'deadline-exceeded', /timed out waiting for the response/);
    } finally {
      client.close();
      await fake.stop();
    }
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}
