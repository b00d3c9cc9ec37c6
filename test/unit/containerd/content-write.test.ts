import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteAction } from '../../../src/containerd/generated/api/services/content/v1/content';
import { Rpc } from '../../../src/containerd/rpc';
import { ContentService } from '../../../src/containerd/services/content';
import { FakeContentServer, sha256 } from './fake-content';

const NS = 'testns';
const blob = Buffer.from('0123456789abcdefghij'); // 20 bytes
const digest = sha256(blob);

function setup() {
  const server = new FakeContentServer(NS);
  const content = new ContentService(new Rpc(server, '/fake.sock', NS));
  return { server, content };
}

/** A source that serves the blob from the offset asked for, in pieces of `piece` bytes, recording offsets. */
function source(data: Buffer, piece: number, asked: number[], failAfter = Infinity) {
  return async function* (offset: number) {
    asked.push(offset);
    let sent = 0;
    for (let i = offset; i < data.length; i += piece) {
      if (sent >= failAfter) throw new Error('network dropped');
      sent++;
      yield data.subarray(i, Math.min(i + piece, data.length));
    }
  };
}

test('fresh write: stat, writes at increasing offsets in chunks, commit with size, digest and labels', async () => {
  const { server, content } = setup();
  const asked: number[] = [];
  const progress: number[] = [];
  const res = await content.write({
    ref: 'r1', digest, size: blob.length, labels: { a: 'b' }, chunkSize: 8,
    source: source(blob, 10, asked), onProgress: (o) => progress.push(o),
  });
  assert.deepEqual(res, { existed: false, resumedFrom: 0 });
  assert.deepEqual(asked, [0]);
  assert.deepEqual(progress, [10, 20]);
  assert.deepEqual(server.blobs.get(digest), blob);
  assert.deepEqual(server.commitLabels, { a: 'b' });
  assert.deepEqual(server.log.map((r) => [r.action, r.offset, r.data.length]), [
    [WriteAction.STAT, 0, 0],
    [WriteAction.WRITE, 0, 8], [WriteAction.WRITE, 8, 2], [WriteAction.WRITE, 10, 8], [WriteAction.WRITE, 18, 2],
    [WriteAction.COMMIT, 20, 0],
  ]);
  const stat = server.log[0]!;
  assert.equal(stat.ref, 'r1');
  assert.equal(stat.total, blob.length);
  assert.equal(stat.expected, digest);
  assert.equal(server.log.at(-1)!.expected, digest);
  assert.equal(server.log.at(-1)!.total, blob.length);
  assert.equal(server.ingests.size, 0);
});

test('interrupted write keeps the ingest; the next write with the same ref resumes at containerd\'s offset', async () => {
  const { server, content } = setup();
  const asked: number[] = [];
  await assert.rejects(content.write({ ref: 'r2', digest, size: blob.length, source: source(blob, 5, asked, 2) }),
    /network dropped/);
  assert.equal(server.ingests.get('r2')?.length, 10);
  assert.equal(server.cancels, 0, 'a healthy stream is half-closed, not reset: containerd releases the ref first');
  const res = await content.write({ ref: 'r2', digest, size: blob.length, source: source(blob, 5, asked) });
  assert.deepEqual(res, { existed: false, resumedFrom: 10 });
  assert.deepEqual(asked, [0, 10]);
  assert.deepEqual(server.blobs.get(digest), blob);
});

test('an ingest longer than the blob is restarted from offset 0 (containerd truncates)', async () => {
  const { server, content } = setup();
  server.ingests.set('r3', Buffer.alloc(25, 1));
  const asked: number[] = [];
  const res = await content.write({ ref: 'r3', digest, size: blob.length, source: source(blob, 20, asked) });
  assert.deepEqual(res, { existed: false, resumedFrom: 0 });
  assert.deepEqual(asked, [0]);
  assert.deepEqual(server.blobs.get(digest), blob);
});

test('a blob that already exists is success without reading the source', async () => {
  const { server, content } = setup();
  server.blobs.set(digest, blob);
  const res = await content.write({
    ref: 'r4', digest, size: blob.length, source: () => { throw new Error('source must not be read'); },
  });
  assert.deepEqual(res, { existed: true, resumedFrom: 0 });
});

test('already exists at commit (another writer won the race) is success', async () => {
  const { server, content } = setup();
  const res = await content.write({
    ref: 'r5', digest, size: blob.length,
    source: async function* () {
      server.blobs.set(digest, blob); // committed by someone else meanwhile
      yield blob;
    },
  });
  assert.deepEqual(res, { existed: false, resumedFrom: 0 });
});

test('a locked ref is retried with backoff (injected sleep), then written', async () => {
  const { server, content } = setup();
  server.locked.set('r6', 2);
  const sleeps: number[] = [];
  const res = await content.write({
    ref: 'r6', digest, size: blob.length, source: source(blob, 20, []),
    sleep: async (ms) => { sleeps.push(ms); },
  });
  assert.deepEqual(res, { existed: false, resumedFrom: 0 });
  assert.deepEqual(sleeps, [50, 100]);
  assert.equal(server.streams, 3);
});

test('a ref locked for too long fails as unavailable', async () => {
  const { server, content } = setup();
  server.locked.set('r7', 5);
  await assert.rejects(
    content.write({ ref: 'r7', digest, size: blob.length, source: source(blob, 20, []), lockRetries: 2, sleep: async () => {} }),
    { code: 'unavailable', message: 'ref default/1/r7 locked for 1s: unavailable' },
  );
});

test('a digest mismatch fails with failed-precondition and keeps the ingest for the caller to abort', async () => {
  const { server, content } = setup();
  const wrong = Buffer.from('x'.repeat(20));
  await assert.rejects(content.write({ ref: 'r8', digest, size: 20, source: source(wrong, 20, []) }),
    { code: 'failed-precondition' });
  assert.equal(server.ingests.get('r8')?.length, 20);
});

test('openWriter exposes the offset containerd already holds', async () => {
  const { server, content } = setup();
  server.ingests.set('r9', blob.subarray(0, 7));
  const writer = await content.openWriter('r9', { total: blob.length });
  assert.equal(writer.offset, 7);
  await writer.write(blob.subarray(7));
  await writer.commit(blob.length, digest);
  assert.deepEqual(server.blobs.get(digest), blob);
});

test('abort ends the session, then discards the ingest', async () => {
  const { server, content } = setup();
  server.allowAbort = true;
  const writer = await content.openWriter('r10');
  await writer.write(blob.subarray(0, 5));
  await writer.abort();
  assert.equal(server.ingests.has('r10'), false);
  assert.deepEqual(server.aborted, ['r10']);
});
