import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import { upperChanges, visibleChanges } from '../../../src/container/diff';

type Node = 'dir' | 'file' | 'whiteout';
/** A fake file system of absolute paths. */
function fakeFs(tree: Record<string, Node>) {
  const stat = (kind: Node): Stats => ({
    isDirectory: () => kind === 'dir', isCharacterDevice: () => kind === 'whiteout', rdev: 0,
  }) as unknown as Stats;
  return {
    lstat: (p: string) => (tree[p] ? stat(tree[p]!) : undefined),
    readdir: (p: string) => Object.keys(tree).filter((k) => k.startsWith(`${p.replace(/\/$/, '')}/`) && !k.slice(p.replace(/\/$/, '').length + 1).includes('/'))
      .map((k) => k.slice(k.lastIndexOf('/') + 1)).sort(),
  };
}

describe('diff from an overlay upper directory', () => {
  const fs = fakeFs({
    '/up': 'dir', '/up/tmp': 'dir', '/up/tmp/new': 'file', '/up/bin': 'dir', '/up/bin/ls': 'whiteout', '/up/etc': 'dir',
    '/up/etc/hosts': 'file', '/up/newdir': 'dir', '/up/newdir/f': 'file', '/up/usr': 'dir', '/up/usr/gone': 'whiteout',
    '/l2/bin': 'dir', '/l2/bin/ls': 'file', '/l1/tmp': 'dir', '/l1/etc': 'dir', '/l1/usr': 'dir', '/l2/usr': 'dir',
  });
  test('added, changed and deleted entries; whiteouts in a higher lower layer hide lower files', () => {
    const changes = upperChanges('/up', ['/l1', '/l2'], fs);
    const visible = visibleChanges(changes, ['/etc/hosts', '/proc'], (p) => fs.lstat(`/up${p}`)?.isDirectory() ?? false);
    assert.deepEqual(visible.map((c) => `${c.kind} ${c.path}`), [
      'C /bin', 'D /bin/ls', 'A /newdir', 'A /newdir/f', 'C /tmp', 'A /tmp/new', 'C /usr', 'D /usr/gone',
    ]);
  });
  test('a directory copied up only for a runtime mount point is hidden', () => {
    const changes = [{ kind: 'C' as const, path: '/etc' }, { kind: 'A' as const, path: '/etc/resolv.conf' }];
    assert.deepEqual(visibleChanges(changes, ['/etc/resolv.conf'], (p) => p === '/etc'), []);
  });
});
