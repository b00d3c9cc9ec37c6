// push against the fixture registry on 127.0.0.1:5000 (and the basic-auth one on :5001): re-tagged
// images go up and come back down with pullImage; skopeo reads what was pushed; index images go up
// whole, per platform, or as their one present platform; errors say what to do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdClient } from '../../../src/containerd/client';
import { writeTar } from '../../../src/archive/tar';
import { isNerdtsError } from '../../../src/errors';
import { importImage } from '../../../src/image/import';
import { loadArchive } from '../../../src/image/load';
import { findImageRecords, loadImage } from '../../../src/image/local';
import { push } from '../../../src/image/ops/push';
import type { ProgressSink, TransferStatus } from '../../../src/image/progress';
import { silentProgress } from '../../../src/image/progress';
import { pullImage } from '../../../src/image/pull';
import { pushImage } from '../../../src/image/push';
import { tagImage } from '../../../src/image/tag';
import { FIXTURES_DIR, REGISTRY, cleanNamespace, connect, readFixtures, skipReason, testGlobals } from './image-env';

const NS = `nerdts-test-push-${process.pid}`;
const NS_PULL = `${NS}-pull`;
const fixtures = readFixtures();
const globals = testGlobals(NS);
const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;

function recordingProgress(): ProgressSink & { final: Map<string, TransferStatus> } {
  const final = new Map<string, TransferStatus>();
  return { final, update(name, status) { final.set(name, status); }, finish() {} };
}

function skopeoInspect(ref: string, raw = false): Record<string, unknown> {
  const args = ['inspect', '--tls-verify=false', ...(raw ? ['--raw'] : []), `docker://${ref}`];
  return JSON.parse(execFileSync('skopeo', args, { encoding: 'utf8' })) as Record<string, unknown>;
}

async function loadFixture(c: ContainerdClient, name: string): Promise<void> {
  const path = join(FIXTURES_DIR, fixtures!.archives[name]!.path);
  await loadArchive(c, { source: createReadStream(path), sourceName: path, snapshotter: 'overlayfs' });
}

describe('push', { skip: skipReason() }, () => {
  let c: ContainerdClient;
  let dockerConfig: string;
  const savedDockerConfig = process.env['DOCKER_CONFIG'];

  before(async () => {
    c = await connect(NS);
    // no stored credentials: the auth registry must answer 401
    dockerConfig = mkdtempSync(join(tmpdir(), 'nerdts-push-docker-'));
    process.env['DOCKER_CONFIG'] = dockerConfig;
  });

  after(async () => {
    if (savedDockerConfig === undefined) delete process.env['DOCKER_CONFIG']; else process.env['DOCKER_CONFIG'] = savedDockerConfig;
    rmSync(dockerConfig, { recursive: true, force: true });
    if (!c) return;
    await cleanNamespace(c.withNamespace(NS_PULL), NS_PULL);
    await cleanNamespace(c, NS);
    c.close();
  });

  test('a pulled image re-tagged for another repository goes up and comes back', async () => {
    await pullImage({ client: c, globals }, { reference: `${REGISTRY}/busybox:latest`, progress: silentProgress });
    const target = `${REGISTRY}/nerdts-test/push:latest`;
    await tagImage(c, `${REGISTRY}/busybox:latest`, target);
    const progress = recordingProgress();
    const pushed = await pushImage({ client: c, globals }, { reference: target, progress });
    const local = (await c.images.get(target)).target!;
    assert.equal(pushed.digest, local.digest);
    assert.equal(pushed.size, local.size);
    assert.equal(pushed.tag, 'latest');
    for (const [name, status] of progress.final) assert.ok(['done', 'exists'].includes(status), `${name}: ${status}`);
    assert.equal(progress.final.get(`manifest-${local.digest}`), 'done');

    const back = c.withNamespace(NS_PULL);
    const pulled = await pullImage({ client: back, globals: testGlobals(NS_PULL) }, { reference: target, progress: silentProgress });
    assert.equal(pulled.target.digest, local.digest);
    assert.equal(pulled.id, (await loadImage(c, (await findImageRecords(c, target))[0]!)).id);
  });

  test('a loaded image (blobs the registry never saw) is valid for skopeo after push', { skip: !hasSkopeo && 'skopeo missing' }, async () => {
    await loadFixture(c, 'multilayer.docker.tar');
    const target = `${REGISTRY}/nerdts-test/push-loaded:latest`;
    await tagImage(c, 'nerdts-fixtures/multilayer', target);
    const pushed = await pushImage({ client: c, globals }, { reference: target, progress: silentProgress });
    const info = skopeoInspect(target);
    assert.equal(info['Digest'], pushed.digest);
    assert.equal((info['Layers'] as string[]).length, 3);
  });

  test('a layer the registry has nowhere is uploaded from the content store', { skip: !hasSkopeo && 'skopeo missing' }, async () => {
    const target = `${REGISTRY}/nerdts-test/push-fresh:latest`;
    const tar = writeTar([{ header: { name: 'random.bin', type: 'file', mode: 0o644 }, body: randomBytes(300_000) }]);
    const id = await importImage(c, { source: tar, sourceName: 'random.tar', reference: target, changes: [], snapshotter: 'overlayfs' });
    const layer = (await loadImage(c, (await findImageRecords(c, target))[0]!)).manifest.layers[0]!;
    const progress = recordingProgress();
    await pushImage({ client: c, globals }, { reference: target, progress });
    assert.equal(progress.final.get(`layer-${layer.digest}`), 'done');
    assert.equal((skopeoInspect(target) as { Layers: string[] }).Layers[0], layer.digest);
    const config = JSON.parse(execFileSync('skopeo', ['inspect', '--tls-verify=false', '--config', `docker://${target}`], { encoding: 'utf8' })) as { rootfs: unknown };
    assert.ok(config.rootfs);
    assert.match(id, /^sha256:/);
  });

  test('an index goes up whole, or one platform with --platform', { skip: !hasSkopeo && 'skopeo missing' }, async () => {
    await loadFixture(c, 'multiplatform.oci.tar');
    const target = `${REGISTRY}/nerdts-test/push-multi:latest`;
    await tagImage(c, 'nerdts-fixtures/multiplatform', target);
    const whole = await pushImage({ client: c, globals }, { reference: target, progress: silentProgress });
    assert.equal(whole.digest, fixtures!.archives['multiplatform.oci.tar']!.digest);
    const raw = skopeoInspect(target, true) as { manifests: unknown[] };
    assert.equal(raw.manifests.length, 2);
    const arm = `${REGISTRY}/nerdts-test/push-multi:arm64`;
    await tagImage(c, target, arm);
    const one = await pushImage({ client: c, globals }, { reference: arm, platform: 'linux/arm64', progress: silentProgress });
    assert.equal(one.digest, fixtures!.images['multiplatform:latest']!.platforms![1]!.digest);
    assert.equal((skopeoInspect(arm) as { Architecture: string }).Architecture, 'arm64');
  });

  test('an index with one platform present pushes that platform, as docker does', async () => {
    const ns = `${NS}-partial`;
    const p = c.withNamespace(ns);
    const g = testGlobals(ns);
    try {
      await pullImage({ client: p, globals: g }, { reference: `${REGISTRY}/multiplatform:latest`, progress: silentProgress });
      const target = `${REGISTRY}/nerdts-test/push-partial:latest`;
      await tagImage(p, `${REGISTRY}/multiplatform:latest`, target);
      const pushed = await pushImage({ client: p, globals: g }, { reference: target, progress: silentProgress });
      const amd64 = fixtures!.images['multiplatform:latest']!.platforms![0]!.digest;
      assert.deepEqual(pushed.substituted, { index: fixtures!.images['multiplatform:latest']!.digest, manifest: amd64 });
      assert.equal(pushed.digest, amd64);
    } finally {
      await cleanNamespace(p, ns);
    }
  });

  test('errors: unknown local image, registry refusing anonymous pushes', async () => {
    await assert.rejects(pushImage({ client: c, globals }, { reference: `${REGISTRY}/nerdts-test/nothing:here`, progress: silentProgress }),
      { code: 'not-found', message: `An image does not exist locally with the tag: ${REGISTRY}/nerdts-test/nothing` });
    const target = '127.0.0.1:5001/nerdts-test/push:latest';
    await tagImage(c, `${REGISTRY}/busybox:latest`, target);
    await assert.rejects(pushImage({ client: c, globals }, { reference: target, progress: silentProgress }), (err: unknown) => {
      assert.ok(isNerdtsError(err) && err.code === 'unauthorized', String(err));
      assert.match(err.hint ?? '', /nerdts login 127\.0\.0\.1:5001/);
      return true;
    });
  });

  test('the push op prints docker\'s digest line', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {}, isTTY: false, stderrIsTTY: false, columns: 80 };
    await push(globals, { reference: `${REGISTRY}/nerdts-test/push:latest`, quiet: false }, io);
    const digest = (await c.images.get(`${REGISTRY}/nerdts-test/push:latest`)).target!.digest;
    assert.match(out.at(-1)!, new RegExp(`^latest: digest: ${digest} size: \\d+\\n$`));
    out.length = 0;
    await push(globals, { reference: `${REGISTRY}/nerdts-test/push:latest`, quiet: true }, io);
    assert.deepEqual(out, [`${REGISTRY}/nerdts-test/push:latest\n`]);
  });
});
