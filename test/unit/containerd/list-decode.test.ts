import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Container, ListContainersResponse } from '../../../src/containerd/generated/api/services/containers/v1/containers';
import { ListTasksResponse } from '../../../src/containerd/generated/api/services/tasks/v1/tasks';
import { Process, Status } from '../../../src/containerd/generated/api/types/task/task';
import { withDefaults } from '../../../src/containerd/rpc';
import { ListContainersResponseFast, ListTasksResponseFast } from '../../../src/containerd/services/list-decode';

const time = { seconds: 1_700_000_000, nanos: 123_456_789 };

function record(i: number, extra: Partial<Container> = {}): Container {
  return withDefaults(Container, {
    id: `c${i}`, image: 'docker.io/library/busybox:latest', snapshotter: 'overlayfs', snapshotKey: `c${i}`,
    labels: { 'nerdctl/name': `web${i}`, 'nerdctl/networks': '["bridge"]', 'ünïcode': 'välue ✓', empty: '' },
    runtime: { name: 'io.containerd.runc.v2', options: { typeUrl: 'containerd.runc.v1.Options', value: Buffer.from([8, 1]) } },
    spec: { typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from(JSON.stringify({ process: { args: ['sh'] }, n: 'x'.repeat(300) })) },
    createdAt: time, updatedAt: { seconds: 1_700_000_100, nanos: 0 }, ...extra,
  });
}

const bytes = (containers: Container[]): Buffer => Buffer.from(ListContainersResponse.encode({ containers }).finish());

describe('fast Containers.List decoding', () => {
  const cases: Array<[string, Container[]]> = [
    ['none', []],
    ['several records', [record(1), record(2), record(3)]],
    ['defaults only', [withDefaults(Container, { id: 'bare' })]],
    ['extensions', [record(4, { extensions: { 'nerdts/x': { typeUrl: 't', value: Buffer.from('v') } } })]],
    ['long values (multi-byte lengths)', [record(5, { labels: { big: 'y'.repeat(70_000) } })]],
    ['times before 1970', [record(9, { createdAt: { seconds: -62135596800, nanos: 0 }, updatedAt: { seconds: -1, nanos: 5 } })]],
  ];
  for (const [name, containers] of cases) {
    test(`same as the generated decoder: ${name}`, () => {
      const b = bytes(containers);
      assert.deepEqual(ListContainersResponseFast.decode(b), ListContainersResponse.decode(b));
    });
  }

  test('unknown fields are skipped', () => {
    const w = new BinaryWriter();
    w.uint32(10).fork();
    Container.encode(record(6), w);
    w.uint32((99 << 3) | 0).uint64(5).uint32((98 << 3) | 1).fixed64(7).uint32((97 << 3) | 2).string('x').uint32((96 << 3) | 5).fixed32(1);
    w.join();
    const b = Buffer.from(w.finish());
    assert.deepEqual(ListContainersResponseFast.decode(b), ListContainersResponse.decode(b));
  });

  test('a truncated message fails as the generated decoder does', () => {
    const b = bytes([record(7)]).subarray(0, 200);
    assert.throws(() => ListContainersResponse.decode(b));
    assert.throws(() => ListContainersResponseFast.decode(b));
  });

  test('a plain Uint8Array works too and the spec stays a view of it', () => {
    const b = new Uint8Array(bytes([record(8)]));
    const out = ListContainersResponseFast.decode(b);
    assert.equal(out.containers[0]!.spec!.value.buffer, b.buffer);
  });
});

describe('fast Tasks.List decoding', () => {
  const zeroTime = { seconds: -62135596800, nanos: 0 }; // Go's time.Time{}: a running task's exit time
  const tasks = [
    withDefaults(Process, { id: 'a', pid: 4242, status: Status.RUNNING, stdout: 'binary:///x?y=%2F', stderr: 'binary:///x', exitedAt: zeroTime }),
    withDefaults(Process, { id: 'b', containerId: 'b', status: Status.STOPPED, exitStatus: 4_294_967_295, terminal: true, exitedAt: { seconds: 1_700_000_000, nanos: 999_999_999 } }),
    withDefaults(Process, { id: 'c', status: Status.CREATED }),
  ];
  test('same as the generated decoder', () => {
    for (const list of [[], tasks]) {
      const b = Buffer.from(ListTasksResponse.encode({ tasks: list }).finish());
      assert.deepEqual(ListTasksResponseFast.decode(b), ListTasksResponse.decode(b));
    }
  });
});
