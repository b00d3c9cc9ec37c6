import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeviceFlag, withDevices, type HostDevice } from '../../../../src/container/spec/devices';
import { assertInvalid, baseSpec } from './helpers';

const FUSE: HostDevice = { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 };
const SND: HostDevice[] = [
  { path: '/dev/snd/controlC0', type: 'c', major: 116, minor: 2 },
  { path: '/dev/snd/pcmC0D0p', type: 'c', major: 116, minor: 3 },
];
const lookup = (path: string): HostDevice[] => {
  if (path === '/dev/fuse') return [FUSE];
  if (path === '/dev/snd') return SND;
  if (path === '/dev/null') return [{ path, type: 'c', major: 1, minor: 3 }];
  return [];
};

describe('--device parsing', () => {
  const cases: Array<[string, [string, string, string]]> = [
    ['/dev/fuse', ['/dev/fuse', '/dev/fuse', 'rwm']],
    ['/dev/fuse:r', ['/dev/fuse', '/dev/fuse', 'r']],
    ['/dev/fuse:/dev/f', ['/dev/fuse', '/dev/f', 'rwm']],
    ['/dev/fuse:/dev/f:rw', ['/dev/fuse', '/dev/f', 'rw']],
    ['/dev/fuse:/dev/x//y/', ['/dev/fuse', '/dev/x/y/', 'rwm']],
  ];
  for (const [flag, want] of cases) {
    test(flag, () => {
      const m = parseDeviceFlag(flag);
      assert.deepEqual([m.pathOnHost, m.pathInContainer, m.cgroupPermissions], want);
    });
  }
  test('errors', () => {
    assertInvalid(() => parseDeviceFlag('/a:/b:rw:x'), 'bad format for path: /a:/b:rw:x');
    assertInvalid(() => parseDeviceFlag(':/b'), 'bad format for path: :/b');
    assertInvalid(() => parseDeviceFlag('/a:/b:rwx'), 'bad mode specified: rwx');
    assertInvalid(() => parseDeviceFlag('/a:/b:rr'), 'bad mode specified: rr');
    assertInvalid(() => parseDeviceFlag('/a:rel'), 'rel is not an absolute path');
  });
});

describe('withDevices', () => {
  test('adds the node and a cgroup rule with the requested access', () => {
    const spec = baseSpec();
    withDevices(spec, { devices: ['/dev/fuse:/dev/myfuse:rw'], lookup });
    assert.deepEqual(spec.linux.devices, [{ ...FUSE, path: '/dev/myfuse' }]);
    assert.deepEqual(spec.linux.resources?.devices?.at(-1), { allow: true, type: 'c', major: 10, minor: 229, access: 'rw' });
  });
  test('a directory adds every node below it', () => {
    const spec = baseSpec();
    withDevices(spec, { devices: ['/dev/snd:/dev/sound'], lookup });
    assert.deepEqual(spec.linux.devices?.map((d) => d.path), ['/dev/sound/controlC0', '/dev/sound/pcmC0D0p']);
    assert.equal(spec.linux.resources?.devices?.filter((r) => r.major === 116).length, 2);
  });
  test('not a device', () => {
    assertInvalid(() => withDevices(baseSpec(), { devices: ['/etc/passwd'], lookup }),
      'error gathering device information while adding custom device "/etc/passwd": not a device node');
  });
  test('privileged: same-path devices are skipped and no cgroup rule is added', () => {
    const spec = baseSpec();
    const rulesBefore = spec.linux.resources?.devices?.length;
    withDevices(spec, { devices: ['/dev/fuse', '/dev/null:/dev/mynull:r'], lookup, privileged: true });
    assert.deepEqual(spec.linux.devices?.map((d) => d.path), ['/dev/mynull']);
    assert.equal(spec.linux.resources?.devices?.length, rulesBefore);
  });
});
