// Every adapter against the real containerd, in a private namespace that is removed afterwards.
// Skipped when containerd's socket is absent. NERDTS_TEST_HTTP2=1 uses the node:http2 test channel
// instead of our transport (to tell transport bugs from adapter bugs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTar } from '../../../src/archive/tar';
import { hasCode, isNerdtsError } from '../../../src/errors';
import { connectContainerd } from '../../../src/containerd/client';
import type { ContainerdClient } from '../../../src/containerd/client';
import { SnapshotKind } from '../../../src/containerd/services/snapshots';
import { Options as RuncOptions } from '../../../src/containerd/generated/runtime/v2/runc/options/oci';
import { TYPE_URL, imageEventTypeUrl, packJson, packMessage, unpackJson, unpackMessage } from '../../../src/containerd/typeurl';
import { ImageCreate } from '../../../src/containerd/generated/api/events/image';
import type { Mount } from '../../../src/containerd/types';
import { connectHttp2 } from './http2-channel';
import { runBusyboxTask } from './busybox-task';

const SOCKET = '/run/containerd/containerd.sock';
const NS = `nerdts-test-${process.pid}`;
const LEASE = `${NS}-lease`;
const sha256 = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  const members = Object.entries(files).map(([name, text]) =>
    ({ header: { name, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000 }, body: Buffer.from(text) }));
  for await (const part of writeTar(members)) parts.push(part);
  return Buffer.concat(parts);
}

describe('containerd client against containerd', { skip: !existsSync(SOCKET) && `${SOCKET} absent` }, () => {
  let c: ContainerdClient;
  let snapshotter = 'overlayfs';
  const blob = Buffer.alloc(3 * 1024 * 1024 + 123);
  for (let i = 0; i < blob.length; i++) blob[i] = (i * 7 + (i >> 10)) & 0xff;
  const blobDigest = sha256(blob);

  before(async () => {
    c = await connectContainerd({
      address: SOCKET, namespace: NS, autostart: false,
      ...(process.env.NERDTS_TEST_HTTP2 ? { connect: connectHttp2 } : {}),
    });
  });

  after(async () => {
    if (!c) return;
    const quiet = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch { /* best effort */ } };
    for (const ctr of await c.containers.list().catch(() => [])) await quiet(() => c.containers.delete(ctr.id));
    for (const img of await c.images.list().catch(() => [])) await quiet(() => c.images.delete(img.name));
    for (const sn of ['native', 'overlayfs']) {
      // children before parents: retry the leftovers a few times
      for (let round = 0; round < 3; round++) {
        for (const info of await c.snapshots.list(sn).catch(() => [])) await quiet(() => c.snapshots.remove(sn, info.name));
      }
    }
    for (const st of await c.content.listStatuses().catch(() => [])) await quiet(() => c.content.abort(st.ref));
    for (const lease of await c.leases.list().catch(() => [])) await quiet(() => c.leases.delete(lease.id, { sync: true }));
    for (const info of await c.content.list().catch(() => [])) await quiet(() => c.content.delete(info.digest));
    await quiet(() => c.namespaces.delete(NS));
    const left = (await c.namespaces.list()).some((n) => n.name === NS);
    c.close();
    assert.equal(left, false, `namespace ${NS} was not removed`);
  });

  test('version', async () => {
    const v = await c.version.get();
    assert.match(v.version, /^1\.\d+/);
    assert.ok(v.revision.length > 0);
  });

  test('namespaces: create, get, update, list, delete', async () => {
    await c.namespaces.create(NS, { 'nerdts.test': 'yes' });
    assert.deepEqual((await c.namespaces.get(NS)).labels, { 'nerdts.test': 'yes' });
    await c.namespaces.update(NS, { 'nerdts.test': 'updated' }, ['labels.nerdts.test']);
    assert.equal((await c.namespaces.get(NS)).labels['nerdts.test'], 'updated');
    const tmp = `${NS}-tmp`;
    await c.namespaces.create(tmp);
    assert.ok((await c.namespaces.list()).some((n) => n.name === tmp));
    await c.namespaces.delete(tmp);
    // containerd 1.6 answers Get for any name (empty labels); List is the truth
    assert.ok(!(await c.namespaces.list()).some((n) => n.name === tmp));
    await assert.rejects(c.namespaces.create(NS), { code: 'already-exists' });
  });

  test('introspection: plugins and server', async () => {
    const plugins = await c.introspection.plugins(['type==io.containerd.snapshotter.v1']);
    assert.ok(plugins.length > 0 && plugins.every((p) => p.type === 'io.containerd.snapshotter.v1'));
    const usable = (id: string): boolean => plugins.some((p) => p.id === id && !p.initErr);
    snapshotter = usable('overlayfs') ? 'overlayfs' : 'native';
    assert.ok(usable(snapshotter));
    assert.match((await c.introspection.server()).uuid, /^[0-9a-f-]{36}$/);
  });

  test('leases: create with expiry, list, resources', async () => {
    const expires = new Date(Date.now() + 3_600_000);
    const lease = await c.leases.create({ id: LEASE, labels: { 'nerdts.test': '1' }, expiresAt: expires });
    assert.equal(lease.id, LEASE);
    assert.equal(lease.labels['containerd.io/gc.expire'], expires.toISOString().replace(/\.\d+Z$/, 'Z'));
    assert.ok((await c.leases.list([`id=="${LEASE}"`])).length === 1);
    const extra = `${NS}-lease2`;
    await c.leases.create({ id: extra });
    const resource = { id: 'sha256:' + '0'.repeat(64), type: 'content' };
    await c.leases.addResource(extra, resource);
    assert.deepEqual(await c.leases.listResources(extra), [resource]);
    await c.leases.deleteResource(extra, resource);
    assert.deepEqual(await c.leases.listResources(extra), []);
    await c.leases.delete(extra);
    await assert.rejects(c.leases.listResources(extra), { code: 'not-found' });
  });

  test('content: write with resume, status, info, read, list, second write is a no-op', async () => {
    const ref = `${NS}-blob`;
    const half = 1536 * 1024 + 7;
    const first = await c.content.openWriter(ref, { total: blob.length }, { lease: LEASE });
    assert.equal(first.offset, 0);
    await first.write(blob.subarray(0, half));
    await first.close(); // half-close: containerd acknowledges every byte and releases the ref

    const second = await c.content.openWriter(ref, { total: blob.length, expected: blobDigest }, { lease: LEASE });
    assert.equal(second.offset, half);
    assert.equal((await c.content.status(ref)).offset, half);
    assert.ok((await c.content.listStatuses([`ref=="${ref}"`])).length === 1);
    await second.write(blob.subarray(half));
    await second.commit(blob.length, blobDigest, { 'nerdts.test': 'blob' });

    const info = await c.content.info(blobDigest);
    assert.equal(info.size, blob.length);
    assert.equal(info.labels['nerdts.test'], 'blob');
    assert.ok((await c.content.list([`labels."nerdts.test"==blob`])).some((i) => i.digest === blobDigest));
    const back = await c.content.readAll(blobDigest);
    assert.equal(sha256(back), blobDigest);
    const parts: Uint8Array[] = [];
    for await (const chunk of c.content.read(blobDigest, { offset: 10, size: 100 })) parts.push(chunk);
    assert.deepEqual(Buffer.concat(parts), blob.subarray(10, 110));
    const updated = await c.content.update(blobDigest, { 'nerdts.test': 'blob2' }, ['labels.nerdts.test']);
    assert.equal(updated.labels['nerdts.test'], 'blob2');

    const again = await c.content.write({ ref, digest: blobDigest, size: blob.length, source: () => [blob] }, { lease: LEASE });
    assert.deepEqual(again, { existed: true, resumedFrom: 0 });
  });

  test('content: abort and delete', async () => {
    const ref = `${NS}-aborted`;
    const w = await c.content.openWriter(ref, {}, { lease: LEASE });
    await w.write(Buffer.from('partial'));
    await w.close();
    assert.equal((await c.content.status(ref)).offset, 7);
    const again = await c.content.openWriter(ref, {}, { lease: LEASE });
    assert.equal(again.offset, 7);
    await again.abort();
    await assert.rejects(c.content.status(ref), { code: 'not-found' });
    const small = Buffer.from('delete me');
    await c.content.write({ ref: `${NS}-small`, digest: sha256(small), size: small.length, source: () => [small] }, { lease: LEASE });
    await c.content.delete(sha256(small));
    await assert.rejects(c.content.info(sha256(small)), (err) => {
      assert.ok(isNerdtsError(err) && err.code === 'not-found');
      assert.match(err.message, /not found/);
      return true;
    });
  });

  test('images: create, get, list, update, delete; errors carry containerd\'s message', async () => {
    const name = `example.com/${NS}/img:1`;
    const target = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: blobDigest, size: blob.length };
    const created = await c.images.create({ name, target, labels: { a: '1' } });
    assert.equal(created.target?.digest, blobDigest);
    assert.ok(created.createdAt && created.createdAt.seconds > 0);
    assert.equal((await c.images.get(name)).labels.a, '1');
    assert.equal((await c.images.list([`name=="${name}"`])).length, 1);
    const updated = await c.images.update({ name, target, labels: { b: '2' } }, ['labels.b']);
    assert.deepEqual(updated.labels, { a: '1', b: '2' });
    await assert.rejects(c.images.create({ name, target }), { code: 'already-exists' });
    await c.images.delete(name, { sync: true });
    await assert.rejects(c.images.get(name), { code: 'not-found', message: `image "${name}": not found` });
  });

  test('snapshots and diff: apply a tar layer, commit, view, mounts, usage, diff back', async () => {
    const layer = await tarOf({ 'hello.txt': 'hello from nerdts\n' });
    const layerDesc = { mediaType: LAYER_TAR, digest: sha256(layer), size: layer.length };
    await c.content.write({ ref: `${NS}-layer`, digest: layerDesc.digest, size: layer.length, source: () => [layer] }, { lease: LEASE });

    const key = `${NS}-extract`;
    const committed = `${NS}-layer1`;
    const mounts = await c.snapshots.prepare(snapshotter, key, {}, { lease: LEASE });
    assert.ok(mounts.length > 0);
    assert.deepEqual(await c.snapshots.mounts(snapshotter, key), mounts);
    const applied = await c.diff.apply(layerDesc, mounts, {}, { lease: LEASE });
    assert.equal(applied.digest, layerDesc.digest);
    await c.snapshots.commit(snapshotter, committed, key, { 'containerd.io/snapshot.ref': 'x' }, { lease: LEASE });
    const info = await c.snapshots.stat(snapshotter, committed);
    assert.equal(info.kind, SnapshotKind.COMMITTED);
    assert.ok((await c.snapshots.list(snapshotter, [`name=="${committed}"`])).length === 1);
    const usage = await c.snapshots.usage(snapshotter, committed);
    assert.ok(usage.size > 0);

    const view = await c.snapshots.view(snapshotter, `${NS}-view`, { parent: committed }, { lease: LEASE });
    assert.equal(readFileSync(`${bindSource(view)}/hello.txt`, 'utf8'), 'hello from nerdts\n');

    const activeKey = `${NS}-active`;
    const active = await c.snapshots.prepare(snapshotter, activeKey, { parent: committed }, { lease: LEASE });
    const upper = writableDir(active);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${upper}/new.txt`, 'new\n');
    const diff = await c.diff.diff({ left: view, right: active, mediaType: LAYER_TAR, ref: `${NS}-diff` }, { lease: LEASE });
    assert.equal(diff.mediaType, LAYER_TAR);
    const diffTar = await c.content.readAll(diff.digest);
    assert.ok(diffTar.includes('new.txt') && !diffTar.includes('hello.txt'));

    await c.snapshots.remove(snapshotter, activeKey);
    await c.snapshots.remove(snapshotter, `${NS}-view`);
    await assert.rejects(c.snapshots.remove(snapshotter, `${NS}-missing`), { code: 'not-found' });
    await c.snapshots.cleanup(snapshotter).catch((err) => { if (!hasCode(err, 'unimplemented')) throw err; });
  });

  test('containers: create with spec and runtime options, get, list, update, delete', async () => {
    const spec = { ociVersion: '1.0.2', process: { args: ['/bin/true'], cwd: '/' }, root: { path: 'rootfs' } };
    const runtime = { name: 'io.containerd.runc.v2', options: packMessage(TYPE_URL.runcOptions, RuncOptions, {
      noPivotRoot: false, noNewKeyring: false, shimCgroup: '', ioUid: 0, ioGid: 0, binaryName: 'runc', root: '',
      criuPath: '', systemdCgroup: false, criuImagePath: '', criuWorkPath: '' }) };
    const id = `${NS}-ctr`;
    await c.containers.create({ id, labels: { 'nerdts/name': 'web' }, image: 'example.com/x:1', runtime,
      spec: packJson(TYPE_URL.spec, spec), snapshotter, snapshotKey: '' });
    const got = await c.containers.get(id);
    assert.deepEqual(unpackJson(got.spec, TYPE_URL.spec), spec);
    assert.equal(unpackMessage(got.runtime?.options, TYPE_URL.runcOptions, RuncOptions).binaryName, 'runc');
    assert.equal((await c.containers.list(['labels."nerdts/name"==web'])).length, 1);
    const updated = await c.containers.update({ id, labels: { extra: 'yes' } }, ['labels.extra']);
    assert.deepEqual(updated.labels, { 'nerdts/name': 'web', extra: 'yes' });
    await assert.rejects(c.containers.create({ id, runtime, spec: packJson(TYPE_URL.spec, spec) }), { code: 'already-exists' });
    await assert.rejects(c.containers.create({ id: `${id}-bad` }), {
      code: 'invalid-argument', message: 'create container failed validation: container.Runtime.Name must be set: invalid argument',
    });
    assert.deepEqual(await c.tasks.list(), []);
    await assert.rejects(c.tasks.get(id), { code: 'not-found' });
    await c.containers.delete(id);
    await assert.rejects(c.containers.get(id), { code: 'not-found' });
  });

  test('tasks: create, start, exec, pids, pause/resume, metrics, kill, wait, delete (busybox)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nerdts-task-'));
    try {
      await runBusyboxTask(c, snapshotter, out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('events: a subscription sees /images/create in our namespace', async () => {
    const ac = new AbortController();
    const events = c.events.subscribe([`topic=="/images/create",namespace=="${NS}"`], { signal: ac.signal });
    const first = events.next();
    // The subscription registers asynchronously on containerd's side: create until one is seen.
    const target = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: blobDigest, size: blob.length };
    let n = 0;
    let seen: Awaited<typeof first> | undefined;
    void first.then((r) => { seen = r; }, () => {});
    while (!seen && n < 50) {
      await c.images.create({ name: `example.com/${NS}/ev:${n++}`, target });
      await c.version.get();
    }
    const got = await first;
    ac.abort();
    assert.deepEqual(await events.next(), { done: true, value: undefined }, 'aborting ends the subscription quietly');
    assert.ok(!got.done);
    assert.equal(got.value.topic, '/images/create');
    assert.equal(got.value.namespace, NS);
    const payload = unpackMessage(got.value.event, imageEventTypeUrl('ImageCreate'), ImageCreate);
    assert.match(payload.name, new RegExp(`^example.com/${NS}/ev:`));
  });

  test('namespace with objects cannot be deleted (failed-precondition)', async () => {
    await assert.rejects(c.namespaces.delete(NS), { code: 'failed-precondition' });
  });
});

/** The directory behind a bind mount (what native and single-layer overlay views return). */
function bindSource(mounts: Mount[]): string {
  const m = mounts[0]!;
  if (m.type === 'bind') return m.source;
  const lower = m.options.find((o) => o.startsWith('lowerdir='));
  if (!lower) throw new Error(`unexpected mount ${JSON.stringify(m)}`);
  return lower.slice('lowerdir='.length).split(':')[0]!;
}

/** Where writes to an active snapshot land. */
function writableDir(mounts: Mount[]): string {
  const m = mounts[0]!;
  if (m.type === 'bind') return m.source;
  const upper = m.options.find((o) => o.startsWith('upperdir='));
  if (!upper) throw new Error(`unexpected mount ${JSON.stringify(m)}`);
  return upper.slice('upperdir='.length);
}
