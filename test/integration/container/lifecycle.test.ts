// The container library against the real containerd: create/start/list/stop/rm, docker's errors,
// restart-policy labels, volumes, and rollback of failed creates. Uses the fixture registry
// (bash test/fixtures/services.sh start) and a private namespace and data root; skipped when
// containerd's socket or the registry is absent. Containers run with log driver "none".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveGlobals } from '../../../src/config';
import type { GlobalOptions } from '../../../src/config';
import { connectContainerd } from '../../../src/containerd/client';
import type { ContainerdClient } from '../../../src/containerd/client';
import { createContainer } from '../../../src/container/create';
import type { CreateOptions } from '../../../src/container/create';
import { realHost } from '../../../src/container/host';
import { inspectContainer } from '../../../src/container/inspect';
import {
  killContainer, pauseContainer, removeContainer, renameContainer, startContainer, stopContainer, unpauseContainer, waitContainer,
} from '../../../src/container/lifecycle';
import { listContainers } from '../../../src/container/list';
import { dataStorePath } from '../../../src/store/data-store';
import { NerdtsError } from '../../../src/errors';

const SOCKET = '/run/containerd/containerd.sock';
// Containers with a restart policy or a healthcheck get the per-container logger, which the shim
// starts through the launcher: the built CLI, not this test file.
process.env['NERDTS_SELF'] ??= process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-test-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const MULTILAYER = '127.0.0.1:5000/multilayer:latest';

function registryUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request('http://127.0.0.1:5000/v2/', { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const skip = !existsSync(SOCKET) ? `${SOCKET} absent` : false;

describe('container lifecycle against containerd', { skip }, () => {
  let client: ContainerdClient;
  let globals: GlobalOptions;
  let dataRoot: string;
  let store: string;
  let registry = true;
  const snapshotter = 'overlayfs';

  const opts = (o: Partial<CreateOptions> = {}): CreateOptions =>
    ({ image: BUSYBOX, networks: ['none'], logDriver: 'none', command: ['sh', '-c', 'echo hi; sleep 1000'], ...o });
  const dirEntries = (sub: string): string[] => { try { return readdirSync(join(store, sub, NS)).sort(); } catch { return []; } };

  /** Everything a container can leave: records, snapshots and our directories. */
  async function traces(): Promise<Record<string, string[]>> {
    return {
      containers: (await client.containers.list()).map((c) => c.id).sort(),
      snapshots: (await client.snapshots.list(snapshotter)).filter((s) => s.kind !== 3).map((s) => s.name).sort(),
      names: dirEntries('names'), states: dirEntries('containers'), etchosts: dirEntries('etchosts'), volumes: dirEntries('volumes'),
    };
  }

  before(async () => {
    registry = await registryUp();
    dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-lifecycle-'));
    globals = resolveGlobals({ namespace: NS, dataRoot, address: SOCKET }, {}, () => undefined);
    store = dataStorePath(globals);
    client = await connectContainerd({ address: SOCKET, namespace: NS, autostart: false });
  });

  after(async () => {
    if (!client) return;
    const quiet = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch { /* best effort */ } };
    for (const c of await client.containers.list().catch(() => [])) await quiet(() => removeContainer(client, globals, c.id, { force: true, volumes: true }));
    for (const img of await client.images.list().catch(() => [])) await quiet(() => client.images.delete(img.name));
    for (let round = 0; round < 4; round++) {
      for (const s of await client.snapshots.list(snapshotter).catch(() => [])) await quiet(() => client.snapshots.remove(snapshotter, s.name));
    }
    for (const l of await client.leases.list().catch(() => [])) await quiet(() => client.leases.delete(l.id, { sync: true }));
    for (const info of await client.content.list().catch(() => [])) await quiet(() => client.content.delete(info.digest));
    await quiet(() => client.namespaces.delete(NS));
    client.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('create, start, ps Up, stop Exited, rm leaves nothing', async (t) => {
    if (!registry) return t.skip('registry 127.0.0.1:5000 is not running (bash test/fixtures/services.sh start)');
    const created = await createContainer(client, globals, opts({ name: 'web' }));
    assert.match(created.id, /^[0-9a-f]{64}$/);
    assert.equal(created.image, BUSYBOX);
    const stateDir = join(store, 'containers', NS, created.id);
    assert.equal(readFileSync(join(store, 'names', NS, 'web'), 'utf8'), created.id);
    assert.ok(existsSync(join(stateDir, 'resolv.conf')) && existsSync(join(stateDir, 'hostname')));
    assert.equal(readFileSync(join(stateDir, 'hostname'), 'utf8'), `${created.id.slice(0, 12)}\n`);

    let rows = await listContainers(client, globals, { all: true });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.row.Status, 'Created');
    assert.deepEqual(await listContainers(client, globals), []);

    await startContainer(client, globals, 'web');
    rows = await listContainers(client, globals);
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.row.Status, /^Up /);
    assert.equal(rows[0]!.row.Names, 'web');
    assert.equal(rows[0]!.row.Command, '"sh -c echo hi; slee…"');
    assert.equal(rows[0]!.row.Image, '127.0.0.1:5000/busybox');

    await stopContainer(client, 'web', { timeoutSeconds: 1 });
    assert.deepEqual(await listContainers(client, globals), []);
    rows = await listContainers(client, globals, { all: true });
    assert.match(rows[0]!.row.Status, /^Exited \((137|143)\) /);
    assert.equal(rows[0]!.row.State, 'exited');

    assert.equal(await removeContainer(client, globals, 'web'), created.id);
    await assert.rejects(client.containers.get(created.id), { code: 'not-found' });
    assert.ok(!(await client.snapshots.list(snapshotter)).some((s) => s.name === created.id));
    assert.ok(!existsSync(join(store, 'names', NS, 'web')));
    assert.ok(!existsSync(stateDir));
    assert.ok(!existsSync(join(store, 'etchosts', NS, created.id)));
  });

  test('a name in use fails with docker\'s error and leaves nothing behind', async (t) => {
    if (!registry) return t.skip('registry not running');
    const first = await createContainer(client, globals, opts({ name: 'taken' }));
    const before = await traces();
    await assert.rejects(createContainer(client, globals, opts({ name: 'taken' })), (err: NerdtsError) => {
      assert.equal(err.code, 'conflict');
      assert.equal(err.message, `Conflict. The container name "/taken" is already in use by container "${first.id}". You have to remove (or rename) that container to be able to reuse that name.`);
      return true;
    });
    assert.deepEqual(await traces(), before);
    await removeContainer(client, globals, 'taken');
  });

  test('failing creates roll everything back (unknown user, refused by containerd, network setup)', async (t) => {
    if (!registry) return t.skip('registry not running');
    const before = await traces();
    // Fails while building the spec: after the state dir, name, snapshot, volume and network files exist.
    await assert.rejects(createContainer(client, globals, opts({ name: 'baduser', user: 'nobody-here', volumes: ['/anon', 'named-x:/named'] })),
      { message: 'unable to find user nobody-here: no matching entries in passwd file' });
    assert.deepEqual(await traces(), before);
    // Fails at the very last step: containerd refuses a label over 4 KiB.
    await assert.rejects(createContainer(client, globals, opts({ name: 'biglabel', labels: [`big=${'x'.repeat(5000)}`], volumes: ['/anon'] })));
    assert.deepEqual(await traces(), before);
    // Fails inside the network setup, after it wrote files.
    const host = realHost();
    host.networks = () => ({
      prepare: async (req) => { await realHost().networks(['none']).prepare(req); throw new Error('CNI exploded'); },
      release: (target) => realHost().networks(['none']).release(target),
    });
    await assert.rejects(createContainer(client, globals, opts({ name: 'badnet' }), host), { message: 'CNI exploded' });
    assert.deepEqual(await traces(), before);
  });

  test('docker errors: rm running, kill stopped, pause/unpause, rename, lookup', async (t) => {
    if (!registry) return t.skip('registry not running');
    const c = await createContainer(client, globals, opts({ name: 'busy' }));
    await startContainer(client, globals, c.id.slice(0, 10));
    await startContainer(client, globals, 'busy'); // already running: no-op
    await assert.rejects(removeContainer(client, globals, 'busy'), {
      code: 'conflict', message: 'cannot remove container "/busy": container is running: stop the container before removing or force remove',
    });
    await pauseContainer(client, 'busy');
    assert.match((await listContainers(client, globals))[0]!.row.Status, /^Up .* \(Paused\)$/);
    await assert.rejects(pauseContainer(client, 'busy'), { message: `Container ${c.id} is already paused` });
    await unpauseContainer(client, 'busy');
    await assert.rejects(unpauseContainer(client, 'busy'), { message: `Container ${c.id} is not paused` });
    await renameContainer(client, globals, 'busy', 'busy2');
    await assert.rejects(renameContainer(client, globals, 'busy2', 'busy2'), { message: 'Renaming a container with the same name as its current name' });
    assert.equal(readFileSync(join(store, 'names', NS, 'busy2'), 'utf8'), c.id);
    assert.ok(!existsSync(join(store, 'names', NS, 'busy')));
    await assert.rejects(startContainer(client, globals, 'busy'), { code: 'not-found', message: 'No such container: busy' });
    const exit = waitContainer(client, 'busy2');
    await killContainer(client, 'busy2', 'SIGKILL');
    assert.equal(await exit, 137);
    await assert.rejects(killContainer(client, 'busy2'), { message: `cannot kill container: busy2: container ${c.id} is not running` });
    await removeContainer(client, globals, 'busy2');
  });

  test('rm -f kills a running container; restart policy: stop keeps it stopped', async (t) => {
    if (!registry) return t.skip('registry not running');
    const c = await createContainer(client, globals, opts({ name: 'always', restart: 'always' }));
    let labels = (await client.containers.get(c.id)).labels;
    assert.equal(labels['containerd.io/restart.policy'], 'always');
    assert.equal(labels['containerd.io/restart.status'], undefined, 'create must not make the monitor start it');
    await startContainer(client, globals, 'always');
    labels = (await client.containers.get(c.id)).labels;
    assert.equal(labels['containerd.io/restart.status'], 'running');
    assert.equal(labels['containerd.io/restart.explicitly-stopped'], 'false');
    await stopContainer(client, 'always', { timeoutSeconds: 0 });
    labels = (await client.containers.get(c.id)).labels;
    assert.equal(labels['containerd.io/restart.status'], undefined);
    assert.equal(labels['containerd.io/restart.explicitly-stopped'], 'true');
    await startContainer(client, globals, 'always');
    assert.equal((await client.containers.get(c.id)).labels['containerd.io/restart.status'], 'running');
    await removeContainer(client, globals, 'always', { force: true });
    await assert.rejects(client.containers.get(c.id), { code: 'not-found' });
  });

  test('image VOLUME, user and entrypoint of a multi-layer image; inspect; rm -v', async (t) => {
    if (!registry) return t.skip('registry not running');
    const c = await createContainer(client, globals, opts({ image: MULTILAYER, command: undefined, name: 'ml', volumes: ['keep-me:/keep'] }));
    const spec = JSON.parse(Buffer.from((await client.containers.get(c.id)).spec!.value).toString()) as { process: { user: { uid: number }; args: string[]; cwd: string } };
    assert.equal(spec.process.user.uid, 1000);
    assert.deepEqual(spec.process.args, ['/app/entrypoint.sh', 'cat', '/app/hello.txt']);
    assert.equal(spec.process.cwd, '/app');
    const j = await inspectContainer(client, globals, 'ml') as Record<string, any>;
    assert.equal(j.Name, '/ml');
    assert.match(j.Image, /^sha256:[0-9a-f]{64}$/);
    assert.equal(j.State.Status, 'created');
    assert.deepEqual(j.Config.Entrypoint, ['/app/entrypoint.sh']);
    assert.deepEqual(j.Config.Cmd, ['cat', '/app/hello.txt']);
    assert.equal(j.Config.User, 'app');
    assert.equal(j.Config.StopSignal, 'SIGQUIT');
    const anon = j.Mounts.find((m: { Destination: string }) => m.Destination === '/data');
    assert.match(anon.Name, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(anon.Source));
    await startContainer(client, globals, 'ml');
    assert.equal(await waitContainer(client, 'ml'), 0);
    assert.match((await inspectContainer(client, globals, 'ml') as any).State.FinishedAt, /^20/);
    await removeContainer(client, globals, 'ml', { volumes: true });
    assert.ok(!existsSync(join(store, 'volumes', NS, anon.Name)), 'anonymous volume removed with -v');
    assert.ok(existsSync(join(store, 'volumes', NS, 'keep-me')), 'named volume kept');
  });

  test('host network: the host\'s hostname and hosts entries', async (t) => {
    if (!registry) return t.skip('registry not running');
    const c = await createContainer(client, globals, opts({ networks: ['host'], addHosts: ['extra.example:10.1.2.3'] }));
    assert.match(c.name, /^busybox-[0-9a-f]{5}$/);
    const hosts = readFileSync(join(store, 'etchosts', NS, c.id, 'hosts'), 'utf8');
    assert.match(hosts, /# <nerdctl>\n127\.0\.0\.1\tlocalhost localhost\.localdomain\n/);
    assert.match(hosts, /10\.1\.2\.3 {8}extra\.example\n# <\/nerdctl>\n$/);
    const spec = JSON.parse(Buffer.from((await client.containers.get(c.id)).spec!.value).toString()) as { linux: { namespaces: Array<{ type: string }> } };
    assert.ok(!spec.linux.namespaces.some((n) => n.type === 'network'));
    await removeContainer(client, globals, c.id);
  });
});
