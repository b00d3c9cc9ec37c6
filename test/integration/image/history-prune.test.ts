// history and image prune against the real containerd, with the fixture archives loaded into a
// private namespace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ContainerdClient } from '../../../src/containerd/client';
import { TYPE_URL, packJson } from '../../../src/containerd/typeurl';
import { chainIds } from '../../../src/image/content';
import { imageHistory } from '../../../src/image/history';
import { loadArchive } from '../../../src/image/load';
import { findImageRecords, loadImage } from '../../../src/image/local';
import { history } from '../../../src/image/ops/history';
import { imagePrune } from '../../../src/image/ops/prune';
import { pruneImages } from '../../../src/image/prune';
import { FIXTURES_DIR, cleanNamespace, connect, readFixtures, skipReason, testGlobals } from './image-env';

const NS = `nerdts-test-histprune-${process.pid}`;
const fixtures = readFixtures();
const MULTILAYER = 'nerdts-fixtures/multilayer:latest';
const BUSYBOX = 'nerdts-fixtures/busybox:latest';

async function loadFixture(c: ContainerdClient, name: string): Promise<string> {
  const path = join(FIXTURES_DIR, fixtures!.archives[name]!.path);
  return (await loadArchive(c, { source: createReadStream(path), sourceName: path, snapshotter: 'overlayfs' })).images[0]!.id;
}

function recorder(): { io: { out(t: string): void; err(t: string): void; isTTY: boolean; stderrIsTTY: boolean; columns: number }; text: () => string } {
  const out: string[] = [];
  return { io: { out: (t) => out.push(t), err: () => {}, isTTY: false, stderrIsTTY: false, columns: 80 }, text: () => out.join('') };
}

/** Makes the image dangling: its only record becomes nerdctl's `<snapshotter>@<digest>` name. */
async function makeDangling(c: ContainerdClient, name: string): Promise<string> {
  const record = await c.images.get(`docker.io/${name}`);
  const dangling = `overlayfs@${record.target!.digest}`;
  await c.images.create({ name: dangling, target: record.target! });
  await c.images.delete(record.name);
  return dangling;
}

describe('history and image prune', { skip: skipReason() }, () => {
  let c: ContainerdClient;
  const globals = testGlobals(NS);

  before(async () => { c = await connect(NS); });

  after(async () => {
    if (!c) return;
    for (const ctr of await c.containers.list().catch(() => [])) await c.containers.delete(ctr.id).catch(() => undefined);
    await cleanNamespace(c, NS);
    c.close();
  });

  test('history rows of the multilayer fixture', async () => {
    const id = await loadFixture(c, 'multilayer.docker.tar');
    const rows = await imageHistory(c, 'overlayfs', MULTILAYER);
    assert.equal(rows.length, 14);
    assert.equal(rows[0]!.id, id);
    assert.ok(rows.slice(1).every((r) => r.id === '<missing>'));
    assert.equal(rows[0]!.createdBy, 'CMD ["cat" "/app/hello.txt"]');
    assert.equal(rows.at(-1)!.createdBy, 'ADD busybox-rootfs.tar / # nerdts fixture');
    const img = await loadImage(c, (await findImageRecords(c, MULTILAYER))[0]!);
    const usage = await Promise.all(chainIds(img.config.rootfs!.diff_ids!).map(async (ch) => (await c.snapshots.usage('overlayfs', ch)).size));
    const layerRows = rows.filter((r) => !/^(CMD|ENV|WORKDIR|USER|EXPOSE|VOLUME|HEALTHCHECK|STOPSIGNAL|LABEL|ENTRYPOINT)/.test(r.createdBy));
    assert.deepEqual(layerRows.map((r) => r.size), usage.reverse());
    assert.ok(rows.filter((r) => !layerRows.includes(r)).every((r) => r.size === 0));
    assert.equal(rows[0]!.created, Date.parse('2024-01-02T00:00:00Z'));
  });

  test('the history op: docker\'s table, truncation, -q, -H=false, --format', async () => {
    const table = recorder();
    await history(globals, { image: MULTILAYER, noTrunc: false, quiet: false, human: true }, table.io);
    const lines = table.text().split('\n');
    assert.match(lines[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    assert.match(lines[1]!, /^[a-f0-9]{12}\s+\d+ (months|years) ago\s+CMD \["cat" "\/app\/hello.txt"\]\s+0B\s+buildkit.dockerfile.v0$/);
    assert.match(table.text(), /RUN \/bin\/sh -c rm \/app\/remove-me.txt && rm -…/);
    const full = recorder();
    await history(globals, { image: MULTILAYER, noTrunc: true, quiet: false, human: false }, full.io);
    assert.match(full.text(), /^IMAGE\s+CREATED AT\s+CREATED BY/);
    assert.match(full.text(), /sha256:[a-f0-9]{64}\s+2024-01-02T00:00:00Z/);
    assert.match(full.text(), /echo 3 > \/app\/version # buildkit\s+\d+\s+buildkit/);
    const quiet = recorder();
    await history(globals, { image: MULTILAYER, noTrunc: false, quiet: true, human: true }, quiet.io);
    assert.equal(quiet.text().split('\n').filter(Boolean).length, 14);
    const custom = recorder();
    await history(globals, { image: MULTILAYER, noTrunc: false, quiet: false, human: true, format: '{{.ID}}|{{.Size}}' }, custom.io);
    assert.equal(custom.text().split('\n')[1], '<missing>|0B');
    await assert.rejects(history(globals, { image: MULTILAYER, noTrunc: false, quiet: false, human: true, format: '{{.Nope}}' }, recorder().io),
      /can't evaluate field Nope/);
  });

  test('prune removes a dangling image and reports it as docker does', async () => {
    await loadFixture(c, 'busybox.docker.tar');
    const id = await loadFixture(c, 'multilayer.docker.tar');
    await makeDangling(c, MULTILAYER);
    const img = fixtures!.images['multilayer:latest']!;
    const unique = img.diffIds!.slice(1);
    const result = await pruneImages(c, 'overlayfs', { all: false, filters: [] });
    assert.deepEqual(result.items, [{ deleted: id }]);
    assert.ok(result.reclaimed > 0);
    assert.ok((await c.images.list()).some((r) => r.name === `docker.io/${BUSYBOX}`));
    for (const d of unique) await assert.rejects(c.content.info(d), { code: 'not-found' });
    await c.content.info(img.diffIds![0]!); // shared with busybox: kept
    assert.deepEqual(await pruneImages(c, 'overlayfs', { all: false, filters: [] }), { items: [], reclaimed: 0 });
  });

  test('prune -a keeps images that containers use; filters narrow it; the op prints the report', async () => {
    await loadFixture(c, 'busybox.docker.tar');
    const id = await loadFixture(c, 'multilayer.docker.tar');
    await c.containers.create({ id: `${NS}-ctr`, image: `docker.io/${BUSYBOX}`, runtime: { name: 'io.containerd.runc.v2', options: undefined }, spec: packJson(TYPE_URL.spec, {}) });
    const none = await pruneImages(c, 'overlayfs', { all: true, filters: ['label=nerdts.fixture=nothing'] });
    assert.deepEqual(none.items, []);
    const later = await pruneImages(c, 'overlayfs', { all: true, filters: ['until=2020-01-01T00:00:00Z'] });
    assert.deepEqual(later.items, []);
    await assert.rejects(pruneImages(c, 'overlayfs', { all: true, filters: ['colour=red'] }), { code: 'invalid-argument', message: "invalid filter 'colour'" });

    await assert.rejects(imagePrune(globals, { all: true, force: false, filters: [], confirm: async () => false }, recorder().io), { code: 'canceled' });
    const r = recorder();
    let asked = '';
    await imagePrune(globals, { all: true, force: false, filters: ['label=nerdts.fixture'], confirm: async (w) => { asked = w; return true; } }, r.io);
    assert.match(asked, /^WARNING! This will remove all images without at least one container associated to them\./);
    assert.match(r.text(), new RegExp(`^Deleted Images:\\nuntagged: ${MULTILAYER}\\ndeleted: ${id}\\n\\nTotal reclaimed space: \\d+(\\.\\d+)?kB\\n$`));
    assert.deepEqual((await c.images.list()).map((i) => i.name), [`docker.io/${BUSYBOX}`]);
    const empty = recorder();
    await imagePrune(globals, { all: false, force: true, filters: [] }, empty.io);
    assert.equal(empty.text(), 'Total reclaimed space: 0B\n');
  });
});
