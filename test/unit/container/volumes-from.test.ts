import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVolumesFrom, specsFromMountPoints } from '../../../src/container/volumes-from';
import type { MountPoint } from '../../../src/container/labels';

describe('--volumes-from', () => {
  const points: MountPoint[] = [
    { Type: 'volume', Name: 'data', Source: '/vols/data/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
    { Type: 'bind', Source: '/host/conf', Destination: '/conf', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    { Type: 'bind', Source: '/state/hosts', Destination: '/etc/hosts', Mode: '', RW: true, Propagation: 'rprivate' },
    { Type: 'tmpfs', Source: '', Destination: '/run', Mode: '', RW: true, Propagation: '' },
  ];
  test('parses NAME[:ro|:rw]', () => {
    assert.deepEqual(parseVolumesFrom('web'), { container: 'web' });
    assert.deepEqual(parseVolumesFrom('web:ro'), { container: 'web', mode: 'ro' });
    assert.throws(() => parseVolumesFrom('web:rx'), /invalid mode: rx/);
  });
  test('keeps volume and bind mounts, not tmpfs nor runtime /etc files; the source RW by default', () => {
    const specs = specsFromMountPoints(points, undefined, new Set());
    assert.deepEqual(specs.map((s) => [s.type, s.source, s.destination, s.readonly]), [
      ['volume', 'data', '/data', false], ['bind', '/host/conf', '/conf', true],
    ]);
    assert.ok(specs.every((s) => s.nocopy && !s.createHostPath));
  });
  test(':rw and :ro override; explicit destinations win', () => {
    assert.deepEqual(specsFromMountPoints(points, 'rw', new Set(['/data'])).map((s) => [s.destination, s.readonly]), [['/conf', false]]);
    assert.deepEqual(specsFromMountPoints(points, 'ro', new Set()).map((s) => s.readonly), [true, true]);
  });
});
