import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskStatus } from '../../../src/containerd/types';
import { containerRow, displayImage, ellipsis } from '../../../src/container/list';
import { encodeMounts } from '../../../src/container/labels';

const NOW = Date.UTC(2024, 0, 2, 3, 10, 0);
const ID = '0123456789ab' + 'c'.repeat(52);

function container(args: string[], labels: Record<string, string> = {}): never {
  return {
    id: ID, image: 'docker.io/library/busybox:latest', labels: { 'nerdctl/name': 'web', 'nerdctl/networks': '["none"]', ...labels },
    spec: { typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from(JSON.stringify({ process: { args } })) },
    snapshotter: 'overlayfs', snapshotKey: ID, extensions: {},
  } as never;
}

describe('ps row', () => {
  test('docker\'s texts', () => {
    const mounts = encodeMounts([
      { Type: 'volume', Name: 'a'.repeat(64), Source: '/v', Destination: '/d', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
      { Type: 'bind', Source: '/srv', Destination: '/s', Mode: '', RW: true, Propagation: 'rprivate' },
    ]);
    const row = containerRow({
      container: container(['sh', '-c', 'echo hi; sleep 1000'], { b: '2', a: '1', ...mounts }), name: 'web',
      createdMs: NOW - 3 * 60_000 + 500, startedMs: NOW - 2 * 60_000,
      task: { containerId: '', id: ID, pid: 4, status: TaskStatus.RUNNING, stdin: '', stdout: '', stderr: '', terminal: false, exitStatus: 0 },
    }, NOW, true);
    assert.equal(row.ID, '0123456789ab');
    assert.equal(row.Image, 'busybox');
    assert.equal(row.Command, '"sh -c echo hi; slee…"');
    assert.equal(row.CreatedAt, '2024-01-02 03:07:00 +0000 UTC');
    assert.equal(row.RunningFor, '2 minutes ago');
    assert.equal(row.Status, 'Up 2 minutes');
    assert.equal(row.State, 'running');
    assert.equal(row.Names, 'web');
    assert.equal(row.Networks, 'none');
    assert.equal(row.Mounts, 'aaaaaaaaaaaaaa…,/srv');
    assert.equal(row.LocalVolumes, '1');
    assert.match(row.Labels, /^a=1,b=2,/);
    assert.equal(row.Size, '0B');
  });

  test('--no-trunc and exited', () => {
    const row = containerRow({
      container: container(['echo', 'a"b']), name: 'web', createdMs: NOW - 10_000,
      task: { containerId: '', id: ID, pid: 0, status: TaskStatus.STOPPED, stdin: '', stdout: '', stderr: '', terminal: false, exitStatus: 3, exitedAt: { seconds: NOW / 1000 - 2, nanos: 0 } },
    }, NOW, false);
    assert.equal(row.ID, ID);
    assert.equal(row.Command, '"echo a\\"b"');
    assert.equal(row.Status, 'Exited (3) 2 seconds ago');
  });

  test('helpers', () => {
    assert.equal(ellipsis('abcdef', 4), 'abc…');
    assert.equal(ellipsis('abcd', 4), 'abcd');
    assert.equal(displayImage('docker.io/library/alpine:3.19'), 'alpine:3.19');
    assert.equal(displayImage('127.0.0.1:5000/busybox:latest'), '127.0.0.1:5000/busybox');
    assert.equal(displayImage('not a ref'), 'not a ref');
  });
});
