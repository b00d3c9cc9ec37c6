import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mergeTmpfsOptions, parseTmpfsFlag, withMounts, withReadonlyRootfs, withShmSize,
} from '../../../../src/container/spec/mounts';
import { assertInvalid, baseSpec } from './helpers';

const bind = (source: string, destination: string, options = ['rbind', 'rprivate']) => ({ type: 'bind', source, destination, options });

describe('--tmpfs', () => {
  const cases: Array<[string, string[]]> = [
    ['/run', ['noexec', 'nosuid', 'nodev', 'rprivate']],
    ['/run:size=64m', ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=64m']],
    ['/run:exec,size=1g,mode=1777', ['nosuid', 'nodev', 'rprivate', 'exec', 'size=1g', 'mode=1777']],
    ['/run:size=1m,size=2m', ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=2m']],
    ['/run:rw,ro,shared', ['noexec', 'nosuid', 'nodev', 'ro', 'shared']],
    ['/run:defaults,uid=1000', ['noexec', 'nosuid', 'nodev', 'rprivate', 'uid=1000']],
  ];
  for (const [flag, options] of cases) {
    test(flag, () => assert.deepEqual(parseTmpfsFlag(flag), { destination: '/run', type: 'tmpfs', source: 'tmpfs', options }));
  }
  test('errors', () => {
    assertInvalid(() => parseTmpfsFlag('/run:bogus=1'), 'invalid tmpfs option "bogus"');
    assertInvalid(() => parseTmpfsFlag('/run:weird'), 'invalid tmpfs option "weird"');
    assertInvalid(() => parseTmpfsFlag('run'), "invalid mount path: 'run' mount path must be absolute");
    assertInvalid(() => parseTmpfsFlag('/'), "invalid specification: destination can't be '/'");
    assert.deepEqual(mergeTmpfsOptions(['noexec', 'exec', 'noexec']), ['noexec']);
  });
});

describe('withMounts', () => {
  test('user mounts are appended shallow-first, after the defaults', () => {
    const spec = baseSpec();
    withMounts(spec, {
      mounts: [bind('/h/conf', '/etc/app/conf'), bind('/h/data', '/data'), bind('/h/etc', '/etc/app')],
      tmpfs: ['/tmp'],
    });
    assert.deepEqual(spec.mounts.slice(-4).map((m) => m.destination), ['/data', '/tmp', '/etc/app', '/etc/app/conf']);
    assert.equal(spec.mounts.length, 7 + 4);
  });
  test('a requested mount replaces the default at the same destination', () => {
    const spec = baseSpec();
    withMounts(spec, { tmpfs: ['/dev/shm:size=1g'] });
    const shm = spec.mounts.filter((m) => m.destination === '/dev/shm');
    assert.equal(shm.length, 1);
    assert.equal(shm[0]!.source, 'tmpfs');
    assert.ok(shm[0]!.options?.includes('size=1g'));
  });
  test('mounting /dev drops every default under /dev', () => {
    const spec = baseSpec();
    withMounts(spec, { mounts: [bind('/dev', '/dev')] });
    assert.deepEqual(spec.mounts.map((m) => m.destination), ['/proc', '/sys', '/sys/fs/cgroup', '/dev']);
  });
  test('optional system mounts give way to user mounts', () => {
    const spec = baseSpec();
    withMounts(spec, {
      mounts: [
        { ...bind('/state/hosts', '/etc/hosts'), optional: true },
        { ...bind('/state/resolv.conf', '/etc/resolv.conf'), optional: true },
        bind('/mine/hosts', '/etc/hosts/'),
      ],
    });
    const extra = spec.mounts.slice(7);
    assert.deepEqual(extra.map((m) => [m.destination, m.source]), [['/etc/resolv.conf', '/state/resolv.conf'], ['/etc/hosts', '/mine/hosts']]);
    assert.ok(extra.every((m) => !('optional' in m)));
  });
  test('duplicates and bad destinations are refused', () => {
    assertInvalid(() => withMounts(baseSpec(), { mounts: [bind('/a', '/x'), bind('/b', '/x/')] }), 'Duplicate mount point: /x');
    assertInvalid(() => withMounts(baseSpec(), { mounts: [bind('/a', 'x')] }), /must be absolute/);
  });
});

describe('--shm-size and --read-only', () => {
  test('shm size in bytes replaces the default', () => {
    const spec = baseSpec();
    withShmSize(spec, '128m');
    const shm = spec.mounts.find((m) => m.destination === '/dev/shm');
    assert.deepEqual(shm?.options, ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${128 * 1024 * 1024}`]);
    assertInvalid(() => withShmSize(baseSpec(), 'big'), `invalid argument "big" for "--shm-size" flag: invalid size: 'big'`);
  });
  test('read-only root keeps /proc, /dev/* writable and leaves user mounts alone', () => {
    const spec = baseSpec();
    withMounts(spec, { mounts: [bind('/h', '/data')] });
    spec.mounts.find((m) => m.destination === '/sys')!.options = ['nosuid', 'rw'];
    withReadonlyRootfs(spec);
    assert.equal(spec.root.readonly, true);
    const opts = new Map(spec.mounts.map((m) => [m.destination, m.options ?? []]));
    assert.deepEqual(opts.get('/sys'), ['nosuid', 'ro']);
    for (const d of ['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/data']) assert.ok(!opts.get(d)!.includes('ro'), d);
  });
});
