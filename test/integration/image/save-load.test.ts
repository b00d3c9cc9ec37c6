// save and load against the real containerd: every fixture archive loads, saved archives are
// docker-archives and OCI layouts at once (tar, skopeo and ctr read them), a round trip into
// another namespace keeps image IDs and digests, and broken archives leave nothing behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ContainerdClient } from '../../../src/containerd/client';
import { isNerdtsError } from '../../../src/errors';
import { tagImage } from '../../../src/image/tag';
import { findImageRecords, loadImage } from '../../../src/image/local';
import { chainIds } from '../../../src/image/content';
import { loadArchive } from '../../../src/image/load';
import type { LoadResult } from '../../../src/image/load';
import { saveImages } from '../../../src/image/save';
import { load } from '../../../src/image/ops/load';
import { save } from '../../../src/image/ops/save';
import type { DockerManifestItem } from '../../../src/image/layout';
import type { ImageIndex } from '../../../src/image/media-types';
import { FIXTURES_DIR, bytesSource, cleanNamespace, collect, connect, readFixtures, skipReason, testGlobals } from './image-env';

const NS = `nerdts-test-saveload-${process.pid}`;
const NS2 = `${NS}-b`;
const NS3 = `${NS}-ctr`;
const fixtures = readFixtures();
const archive = (name: string): string => join(FIXTURES_DIR, fixtures!.archives[name]!.path);

function loadFile(client: ContainerdClient, path: string): Promise<LoadResult> {
  return loadArchive(client, { source: createReadStream(path), sourceName: path, snapshotter: 'overlayfs' });
}

function recorder(isTTY = false): { io: { out(t: string): void; err(t: string): void; isTTY: boolean; stderrIsTTY: boolean; stdinIsTTY: boolean; columns: number }; out: string[] } {
  const out: string[] = [];
  return { io: { out: (t) => out.push(t), err: () => {}, isTTY, stderrIsTTY: false, stdinIsTTY: false, columns: 80 }, out };
}

function tarMember(file: string, member: string): Buffer {
  return execFileSync('tar', ['-xOf', file, member]);
}

describe('save and load', { skip: skipReason() }, () => {
  let c: ContainerdClient;
  let c2: ContainerdClient;
  let dir: string;

  before(async () => {
    c = await connect(NS);
    c2 = c.withNamespace(NS2);
    dir = mkdtempSync(join(tmpdir(), 'nerdts-saveload-'));
  });

  after(async () => {
    if (!c) return;
    await cleanNamespace(c2, NS2);
    await cleanNamespace(c.withNamespace(NS3), NS3);
    await cleanNamespace(c, NS);
    const left = (await c.namespaces.list()).filter((n) => n.name.startsWith(NS));
    c.close();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(left, []);
  });

  for (const [file, meta] of Object.entries(fixtures?.archives ?? {})) {
    test(`loads the fixture archive ${file}`, async () => {
      const result = await loadFile(c, archive(file));
      const short = meta.name.replace(/^docker\.io\//, '');
      assert.deepEqual(result.images.map((i) => i.names), [[short]]);
      const record = await c.images.get(meta.name);
      if (meta.digest) assert.equal(record.target!.digest, meta.digest);
      const img = await loadImage(c, record);
      assert.equal(result.images[0]!.id, img.id);
      if (meta.config) assert.equal(img.id, meta.config);
      const top = chainIds(img.config.rootfs!.diff_ids!).at(-1)!;
      await c.snapshots.stat('overlayfs', top); // unpacked
      assert.deepEqual((await c.leases.list()).filter((l) => l.id.startsWith('nerdts-')), []);
    });
  }

  test('save writes docker-archive and OCI layout files; load in another namespace keeps IDs', async () => {
    await loadFile(c, archive('busybox.oci.tar'));
    await loadFile(c, archive('multilayer.docker.tar'));
    await tagImage(c, 'nerdts-fixtures/busybox', 'example.com/team/busybox:v1');
    const names = ['nerdts-fixtures/busybox:latest', 'example.com/team/busybox:v1', 'nerdts-fixtures/multilayer'];
    const file = join(dir, 'two.tar');
    writeFileSync(file, await collect(await saveImages(c, names)));

    const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const m of ['manifest.json', 'index.json', 'oci-layout', 'repositories', 'blobs/sha256/']) assert.ok(listing.includes(m), `${m} in ${listing.join(' ')}`);
    const manifest = JSON.parse(tarMember(file, 'manifest.json').toString()) as DockerManifestItem[];
    assert.equal(manifest.length, 2);
    assert.deepEqual(manifest[0]!.RepoTags, ['nerdts-fixtures/busybox:latest', 'example.com/team/busybox:v1']);
    assert.match(manifest[0]!.Config, /^blobs\/sha256\/[a-f0-9]{64}$/);
    for (const p of [manifest[0]!.Config, ...manifest[0]!.Layers, ...manifest[1]!.Layers]) assert.ok(listing.includes(p), p);
    const index = JSON.parse(tarMember(file, 'index.json').toString()) as ImageIndex;
    assert.deepEqual(index.manifests.map((m) => m.annotations), [
      { 'io.containerd.image.name': 'docker.io/nerdts-fixtures/busybox:latest', 'org.opencontainers.image.ref.name': 'latest' },
      { 'io.containerd.image.name': 'example.com/team/busybox:v1', 'org.opencontainers.image.ref.name': 'v1' },
      { 'io.containerd.image.name': 'docker.io/nerdts-fixtures/multilayer:latest', 'org.opencontainers.image.ref.name': 'latest' },
    ]);
    assert.deepEqual(JSON.parse(tarMember(file, 'repositories').toString())['example.com/team/busybox'], { v1: manifest[0]!.Layers[0]!.slice('blobs/sha256/'.length) });

    const loaded = await loadFile(c2, file);
    assert.deepEqual(loaded.images.map((i) => i.names), [['nerdts-fixtures/busybox:latest', 'example.com/team/busybox:v1'], ['nerdts-fixtures/multilayer:latest']]);
    for (const name of names) {
      const [a] = await findImageRecords(c, name);
      const [b] = await findImageRecords(c2, name);
      assert.equal(b!.target!.digest, a!.target!.digest, name);
      assert.equal((await loadImage(c2, b!)).id, (await loadImage(c, a!)).id, name);
    }
  });

  test('skopeo and ctr read a saved archive', { skip: spawnSync('skopeo', ['--version']).status !== 0 && 'skopeo missing' }, async () => {
    await loadFile(c, archive('multilayer.docker.tar'));
    const file = join(dir, 'multilayer.tar');
    writeFileSync(file, await collect(await saveImages(c, ['nerdts-fixtures/multilayer:latest'])));
    const want = fixtures!.archives['multilayer.docker.tar']!.config;
    for (const transport of ['docker-archive', 'oci-archive']) {
      const out = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `${transport}:${file}`], { encoding: 'utf8' })) as { rootfs: { diff_ids: string[] } };
      assert.equal(out.rootfs.diff_ids.length, 3, transport);
    }
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${file}`], { encoding: 'utf8' });
    assert.equal(JSON.parse(raw).config.digest, want);
    execFileSync('ctr', ['-n', NS3, 'images', 'import', file], { stdio: 'pipe' });
    const ls = execFileSync('ctr', ['-n', NS3, 'images', 'ls', '-q'], { encoding: 'utf8' });
    assert.match(ls, /docker\.io\/nerdts-fixtures\/multilayer:latest/);
  });

  test('multi-platform images keep their index and every present platform', async () => {
    const meta = fixtures!.archives['multiplatform.oci.tar']!;
    await loadFile(c, archive('multiplatform.oci.tar'));
    const file = join(dir, 'multi.tar');
    writeFileSync(file, await collect(await saveImages(c, [meta.name])));
    const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' });
    const platforms = fixtures!.images['multiplatform:latest']!.platforms!;
    for (const p of platforms) assert.ok(listing.includes(p.digest.slice(7)) && listing.includes(p.config.slice(7)));
    const arm = join(dir, 'arm.tar');
    writeFileSync(arm, await collect(await saveImages(c, [meta.name], { platform: 'linux/arm64' })));
    const armIndex = JSON.parse(tarMember(arm, 'index.json').toString()) as ImageIndex;
    assert.equal(armIndex.manifests[0]!.digest, meta.digest);
    const armListing = execFileSync('tar', ['-tf', arm], { encoding: 'utf8' });
    assert.ok(armListing.includes(platforms[1]!.digest.slice(7)) && !armListing.includes(platforms[0]!.digest.slice(7)));
    const loaded = await loadFile(c2, file);
    assert.equal((await c2.images.get(meta.name)).target!.digest, meta.digest);
    assert.equal(loaded.images[0]!.id, platforms[0]!.config);
  });

  test('an image saved by ID loads untagged, named by its digest', async () => {
    const a = c.withNamespace(`${NS}-untagged`);
    const b = c.withNamespace(`${NS}-untagged2`);
    try {
      const [busybox] = (await loadFile(a, archive('busybox.docker.tar'))).images;
      const file = join(dir, 'by-id.tar');
      writeFileSync(file, await collect(await saveImages(a, [busybox!.id.slice(7, 19)])));
      assert.deepEqual((JSON.parse(tarMember(file, 'manifest.json').toString()) as DockerManifestItem[])[0]!.RepoTags, []);
      const loaded = await loadFile(b, file);
      assert.deepEqual(loaded.images, [{ id: busybox!.id, names: [] }]);
      const records = await b.images.list();
      assert.equal(records.length, 1);
      assert.match(records[0]!.name, /^overlayfs@sha256:[a-f0-9]{64}$/);
    } finally {
      await cleanNamespace(a, `${NS}-untagged`);
      await cleanNamespace(b, `${NS}-untagged2`);
    }
  });

  test('gzip-compressed archives load', async () => {
    const gz = gzipSync(readFileSync(archive('busybox.docker.tar')));
    const result = await loadArchive(c2, { source: bytesSource(gz), sourceName: 'busybox.tar.gz', snapshotter: 'overlayfs' });
    assert.deepEqual(result.images[0]!.names, ['nerdts-fixtures/busybox:latest']);
  });

  test('a truncated or unreadable archive fails with one line naming it and creates no record', async () => {
    const ns = c.withNamespace(`${NS}-broken`);
    try {
      const full = readFileSync(archive('multilayer.docker.tar'));
      const stripped = join(dir, 'no-manifest.tar');
      writeFileSync(stripped, full);
      execFileSync('tar', ['--delete', '-f', stripped, 'manifest.json', 'repositories']);
      const cases: Array<[string, Buffer, RegExp]> = [
        ['cut-in-a-layer.tar', full.subarray(0, 1_000_000), /cut-in-a-layer\.tar: not a valid image archive: unexpected end of tar archive/],
        ['no-manifest.tar', readFileSync(stripped), /no-manifest\.tar: not an image archive/],
        ['garbage.tar', Buffer.alloc(4096, 7), /garbage\.tar: not a valid image archive/],
      ];
      for (const [name, bytes, message] of cases) {
        await assert.rejects(loadArchive(ns, { source: bytesSource(bytes), sourceName: name, snapshotter: 'overlayfs' }), (err: unknown) => {
          assert.ok(isNerdtsError(err) && err.code === 'invalid-argument', String(err));
          assert.match(err.message, message);
          assert.doesNotMatch(err.message, /\n/);
          return true;
        });
      }
      assert.deepEqual(await ns.images.list(), []);
      assert.deepEqual(await ns.leases.list(), []);
    } finally {
      await cleanNamespace(ns, `${NS}-broken`);
    }
  });

  test('save fails before writing when an image is unknown', async () => {
    await assert.rejects(saveImages(c, ['nerdts-fixtures/busybox:latest', 'no-such-image:1']), { code: 'not-found' });
  });

  test('the save and load ops: -o file, refusing a terminal, docker output lines', async () => {
    const globals = testGlobals(NS);
    await loadFile(c, archive('busybox.docker.tar'));
    await assert.rejects(save(globals, { images: ['nerdts-fixtures/busybox'] }, recorder(true).io),
      { message: 'cowardly refusing to save to a terminal. Use the -o flag or redirect' });
    await assert.rejects(save(globals, { images: ['nerdts-fixtures/busybox'], output: '/nonexistent/dir/x.tar' }, recorder().io),
      /directory "\/nonexistent\/dir" does not exist/);
    const file = join(dir, 'op.tar');
    await save(globals, { images: ['nerdts-fixtures/busybox'], output: file }, recorder().io);
    const r = recorder();
    await load(testGlobals(NS2), { input: file, quiet: false }, r.io);
    assert.deepEqual(r.out, ['Loaded image: nerdts-fixtures/busybox:latest\n']);
  });
});
