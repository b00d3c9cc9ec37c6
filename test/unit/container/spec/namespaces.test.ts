import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cgroupsPathFor, withCgroupns, withIpcMode, withNetworkMode, withPidMode, withUtsMode,
} from '../../../../src/container/spec/namespaces';
import type { Spec } from '../../../../src/container/spec/types';
import { assertInvalid, baseSpec, ID } from './helpers';

const ns = (spec: Spec): string[] => spec.linux.namespaces.map((n) => (n.path ? `${n.type}=${n.path}` : n.type));

describe('network', () => {
  const cases: Array<[string, string[]]> = [
    ['bridge', ['pid', 'ipc', 'uts', 'mount', 'network']],
    ['none', ['pid', 'ipc', 'uts', 'mount', 'network']],
    ['mynet', ['pid', 'ipc', 'uts', 'mount', 'network']],
    ['host', ['pid', 'ipc', 'uts', 'mount']],
    ['container:/proc/42/ns/net', ['pid', 'ipc', 'uts', 'mount', 'network=/proc/42/ns/net']],
    ['ns:/var/run/netns/blue', ['pid', 'ipc', 'uts', 'mount', 'network=/var/run/netns/blue']],
  ];
  for (const [mode, want] of cases) {
    test(mode, () => {
      const spec = baseSpec();
      withNetworkMode(spec, mode);
      assert.deepEqual(ns(spec), want);
    });
  }
  test('relative namespace path', () => assertInvalid(() => withNetworkMode(baseSpec(), 'ns:netns/x'), /must be absolute/));
});

describe('pid, uts, cgroupns', () => {
  test('pid modes', () => {
    const host = baseSpec();
    withPidMode(host, 'host');
    assert.ok(!ns(host).includes('pid'));
    const joined = baseSpec();
    withPidMode(joined, 'container:/proc/7/ns/pid');
    assert.equal(ns(joined)[0], 'pid=/proc/7/ns/pid');
    assertInvalid(() => withPidMode(baseSpec(), 'bogus'), 'invalid PID mode: bogus');
  });
  test('uts host drops the hostname; -h with it conflicts', () => {
    const spec = baseSpec();
    withUtsMode(spec, 'host');
    assert.ok(!ns(spec).includes('uts'));
    assert.equal(spec.hostname, undefined);
    assertInvalid(() => withUtsMode(baseSpec(), 'host', true), 'conflicting options: hostname and the UTS mode');
    assertInvalid(() => withUtsMode(baseSpec(), 'bogus'), 'invalid UTS mode: bogus');
  });
  test('cgroupns', () => {
    const spec = baseSpec();
    withCgroupns(spec, 'private');
    withCgroupns(spec, 'private');
    assert.deepEqual(ns(spec), ['pid', 'ipc', 'uts', 'mount', 'network', 'cgroup']);
    withCgroupns(spec, 'host');
    assert.ok(!ns(spec).includes('cgroup'));
    assertInvalid(() => withCgroupns(spec, 'x'), 'invalid cgroup namespace mode: x');
  });
});

describe('ipc', () => {
  test('host shares the namespace and binds /dev/shm and /dev/mqueue', () => {
    const spec = baseSpec();
    withIpcMode(spec, { mode: 'host' });
    assert.ok(!ns(spec).includes('ipc'));
    const shm = spec.mounts.find((m) => m.destination === '/dev/shm');
    assert.deepEqual(shm, { destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'nosuid', 'noexec', 'nodev'] });
    assert.equal(spec.mounts.find((m) => m.destination === '/dev/mqueue')?.type, 'bind');
  });
  test('none drops /dev/shm; container joins and binds the shared directory', () => {
    const none = baseSpec();
    withIpcMode(none, { mode: 'none' });
    assert.ok(!none.mounts.some((m) => m.destination === '/dev/shm'));
    const joined = baseSpec();
    withIpcMode(joined, { mode: 'container:/proc/9/ns/ipc', shmSource: '/var/lib/nerdctl/x/shm' });
    assert.ok(ns(joined).includes('ipc=/proc/9/ns/ipc'));
    assert.equal(joined.mounts.find((m) => m.destination === '/dev/shm')?.source, '/var/lib/nerdctl/x/shm');
    assertInvalid(() => withIpcMode(baseSpec(), { mode: 'weird' }), 'invalid IPC mode: weird');
  });
});

describe('cgroupsPathFor', () => {
  const cases: Array<[Parameters<typeof cgroupsPathFor>[0], string]> = [
    [{ id: ID, namespace: 'default', manager: 'cgroupfs' }, `/default/${ID}`],
    [{ id: ID, namespace: 'default', manager: 'cgroupfs', parent: '/mine' }, `/mine/${ID}`],
    [{ id: ID, namespace: 'default', manager: 'systemd' }, `system.slice:nerdctl:${ID}`],
    [{ id: ID, namespace: 'default', manager: 'systemd', rootless: true }, `user.slice:nerdctl:${ID}`],
    [{ id: ID, namespace: 'default', manager: 'systemd', parent: 'my.slice' }, `my.slice:nerdctl:${ID}`],
    [{ id: ID, namespace: 'default', manager: 'none' }, ''],
  ];
  for (const [input, want] of cases) test(`${input.manager} ${input.parent ?? ''}`, () => assert.equal(cgroupsPathFor(input), want));
  test('systemd parent must be a slice', () => {
    assertInvalid(() => cgroupsPathFor({ id: 'x', namespace: 'n', manager: 'systemd', parent: 'mine' }),
      'cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"');
  });
});
