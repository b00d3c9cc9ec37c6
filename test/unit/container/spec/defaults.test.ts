import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CAPABILITIES, defaultSpec } from '../../../../src/container/spec/defaults';
import { baseSpec, ID } from './helpers';

describe('defaultSpec', () => {
  test('process defaults', () => {
    const { process } = baseSpec();
    assert.equal(process.terminal, false);
    assert.deepEqual(process.user, { uid: 0, gid: 0 });
    assert.equal(process.cwd, '/');
    assert.deepEqual(process.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    assert.equal(process.noNewPrivileges, false);
    assert.equal(process.rlimits, undefined, 'nerdctl clears the default RLIMIT_NOFILE');
    for (const set of ['bounding', 'effective', 'permitted'] as const) {
      assert.deepEqual(process.capabilities?.[set], [...DEFAULT_CAPABILITIES]);
    }
    assert.equal(process.capabilities?.inheritable, undefined);
    assert.equal(DEFAULT_CAPABILITIES.length, 14);
  });

  test('root, hostname, version, cgroups path', () => {
    const spec = baseSpec();
    assert.equal(spec.ociVersion, '1.0.2-dev');
    assert.deepEqual(spec.root, { path: 'rootfs' });
    assert.equal(spec.hostname, ID.slice(0, 12));
    assert.equal(spec.linux.cgroupsPath, `/default/${ID}`);
    const custom = defaultSpec({ id: 'x', namespace: 'ns', cgroupsPath: 'system.slice:nerdctl:x', hostname: 'h' });
    assert.equal(custom.linux.cgroupsPath, 'system.slice:nerdctl:x');
    assert.equal(custom.hostname, 'h');
  });

  test('mounts: no /run, cgroup read-only, 64m /dev/shm', () => {
    const spec = baseSpec();
    assert.deepEqual(spec.mounts.map((m) => m.destination),
      ['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys', '/sys/fs/cgroup']);
    const byDest = new Map(spec.mounts.map((m) => [m.destination, m]));
    assert.deepEqual(byDest.get('/sys/fs/cgroup'), {
      destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'],
    });
    assert.ok(byDest.get('/dev/shm')?.options?.includes('size=65536k'));
    assert.ok(byDest.get('/sys')?.options?.includes('ro'));
  });

  test('namespaces, masked and read-only paths', () => {
    const { linux } = baseSpec();
    assert.deepEqual(linux.namespaces.map((n) => n.type), ['pid', 'ipc', 'uts', 'mount', 'network']);
    for (const p of ['/proc/kcore', '/proc/keys', '/proc/interrupts', '/sys/firmware', '/proc/scsi']) {
      assert.ok(linux.maskedPaths?.includes(p), p);
    }
    assert.deepEqual(linux.readonlyPaths, ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
  });

  test('device rules: deny all, then the standard character devices', () => {
    const rules = baseSpec().linux.resources?.devices ?? [];
    assert.deepEqual(rules[0], { allow: false, access: 'rwm' });
    const allowed = rules.slice(1).map((r) => `${r.type} ${r.major}:${r.minor ?? '*'} ${r.access}`);
    for (const want of ['c 1:3 rwm', 'c 1:5 rwm', 'c 1:7 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 5:0 rwm', 'c 5:2 rwm', 'c 136:* rwm']) {
      assert.ok(allowed.includes(want), want);
    }
    assert.ok(rules.slice(1).every((r) => r.allow));
  });

  test('each call returns an independent spec', () => {
    const a = baseSpec();
    const b = baseSpec();
    a.mounts[0]!.options!.push('x');
    a.process.capabilities!.bounding!.pop();
    assert.notDeepEqual(a, b);
    assert.equal(b.process.capabilities!.bounding!.length, 14);
    assert.equal(DEFAULT_CAPABILITIES.length, 14);
  });
});
