// The volume library over a scratch data root, with a fake containerd that lists containers.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions } from '../../../src/config';
import type { ContainerdClient } from '../../../src/containerd/client';
import {
  createVolume, inspectVolume, listVolumes, pruneVolumes, removeVolume, volumeUsers,
} from '../../../src/volume';

describe('volume library', () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-vol-unit-'));
  after(() => rmSync(dataRoot, { recursive: true, force: true }));
  const globals = { dataRoot, address: '/nonexistent/containerd.sock', namespace: 'unit' } as GlobalOptions;
  const mount = (name: string) => JSON.stringify({ Type: 'volume', Name: name, Source: '', Destination: '/d', Driver: 'local', Mode: 'z', RW: true, Propagation: '' });
  let containers: Array<{ id: string; labels: Record<string, string> }> = [];
  const client = { containers: { list: async () => containers } } as unknown as ContainerdClient;

  test('create is idempotent, random names are 64 hex, labels kept', async () => {
    const a = await createVolume(globals, { name: 'data', labels: { 'com.docker.compose.project': 'p' } });
    assert.equal(a.Name, 'data');
    assert.deepEqual(a.Labels, { 'com.docker.compose.project': 'p' });
    assert.equal((await createVolume(globals, { name: 'data' })).Mountpoint, a.Mountpoint);
    assert.match((await createVolume(globals)).Name, /^[0-9a-f]{64}$/);
    await assert.rejects(createVolume(globals, { name: 'x', driver: 'nfs' }), /plugin "nfs" not found/);
    assert.equal(inspectVolume(globals, 'data').Scope, 'local');
    assert.throws(() => inspectVolume(globals, 'nosuch'), /get nosuch: no such volume/);
  });

  test('list filters by label; dangling needs the users', async () => {
    assert.deepEqual((await listVolumes(globals, { filters: ['label=com.docker.compose.project=p'] })).map((v) => v.Name), ['data']);
    containers = [{ id: 'c1', labels: { 'nerdctl/mounts.0': mount('data') } }];
    assert.deepEqual(await volumeUsers(client), new Map([['data', ['c1']]]));
    const dangling = await listVolumes(globals, { filters: ['dangling=true'], client });
    assert.ok(!dangling.some((v) => v.Name === 'data') && dangling.length === 1);
    await assert.rejects(listVolumes(globals, { filters: ['dangling=true'] }), /needs a containerd client/);
  });

  test('remove refuses a volume in use; force ignores a missing one', async () => {
    await assert.rejects(removeVolume(client, globals, 'data'), /remove data: volume is in use - \[c1\]/);
    await assert.rejects(removeVolume(client, globals, 'nosuch'), /no such volume/);
    assert.equal(await removeVolume(client, globals, 'nosuch', { force: true }), false);
    containers = [];
    assert.equal(await removeVolume(client, globals, 'data'), true);
  });

  test('prune takes anonymous unused volumes, all unused ones with all', async () => {
    const anon = await createVolume(globals, { name: 'anon1', labels: { 'com.docker.volume.anonymous': '' } });
    writeFileSync(join(anon.Mountpoint, 'f'), '12345');
    await createVolume(globals, { name: 'named' });
    containers = [{ id: 'c2', labels: { 'nerdctl/anonymous-volumes': '["busy"]' } }];
    await createVolume(globals, { name: 'busy', labels: { 'com.docker.volume.anonymous': '' } });
    assert.deepEqual(await pruneVolumes(client, globals), { deleted: ['anon1'], reclaimed: 5 });
    const all = await pruneVolumes(client, globals, { all: true });
    assert.ok(all.deleted.includes('named') && !all.deleted.includes('busy'));
  });
});
