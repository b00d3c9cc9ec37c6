// A layer gzipped on the way up: its digest is known only after the PATCH, then PUT ?digest= names it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { gzipStream } from '../../../../src/image/push-layers';
import { RegistryClient } from '../../../../src/image/registry/client';
import { digestOf } from '../../../../src/image/registry/verify';
import { FakeRegistry } from './fake-registry';
import { anonymous } from './helpers';

describe('pushStreamedBlob', () => {
  const fake = new FakeRegistry({});
  let client: RegistryClient;
  before(async () => {
    await fake.start();
    client = new RegistryClient(fake.host, anonymous);
  });
  after(async () => {
    client.close();
    await fake.stop();
  });

  test('uploads what the stream produced under the digest it reports', async () => {
    const raw = Buffer.from('uncompressed layer '.repeat(5000));
    let current: ReturnType<typeof gzipStream> | undefined;
    const made = await client.pushStreamedBlob('me/app', {
      open: () => (current = gzipStream(Readable.from([raw]))).stream,
      produced: () => current!.produced(),
    });
    const stored = fake.blobs.get(made.digest);
    assert.ok(stored, 'the registry has the blob under the reported digest');
    assert.equal(made.digest, digestOf(stored));
    assert.equal(made.size, stored.length);
    assert.deepEqual(gunzipSync(stored), raw);
  });
});
