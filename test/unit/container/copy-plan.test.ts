import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planCopy, sourceBase, splitContainerPath } from '../../../src/container/copy/plan';
import type { CopyPlanInput } from '../../../src/container/copy/plan';

describe('docker cp path rules', () => {
  const cases: Array<[string, CopyPlanInput, { target: string; contentsOnly: boolean; needsParent: boolean } | RegExp]> = [
    ['file into existing dir', { source: 'a.txt', sourceKind: 'file', destination: '/tmp', destinationKind: 'dir' }, { target: '/tmp/a.txt', contentsOnly: false, needsParent: false }],
    ['file over existing file', { source: '/x/a.txt', sourceKind: 'file', destination: '/b.txt', destinationKind: 'file' }, { target: '/b.txt', contentsOnly: false, needsParent: false }],
    ['file to new name', { source: 'a.txt', sourceKind: 'file', destination: '/tmp/new' }, { target: '/tmp/new', contentsOnly: false, needsParent: true }],
    ['file to missing dir/', { source: 'a.txt', sourceKind: 'file', destination: '/nope/' }, /destination directory \/nope\/ does not exist/],
    ['dir into existing dir', { source: 'src', sourceKind: 'dir', destination: '/dst', destinationKind: 'dir' }, { target: '/dst/src', contentsOnly: false, needsParent: false }],
    ['dir/ into existing dir', { source: 'a/src/', sourceKind: 'dir', destination: '/dst', destinationKind: 'dir' }, { target: '/dst/src', contentsOnly: false, needsParent: false }],
    ['dir/. into existing dir', { source: 'src/.', sourceKind: 'dir', destination: '/dst', destinationKind: 'dir' }, { target: '/dst', contentsOnly: true, needsParent: false }],
    ['dir to new path', { source: 'src', sourceKind: 'dir', destination: '/new/' }, { target: '/new', contentsOnly: false, needsParent: true }],
    ['dir/. to new path', { source: 'src/.', sourceKind: 'dir', destination: 'out' }, { target: 'out', contentsOnly: true, needsParent: true }],
    ['dir onto a file', { source: 'src', sourceKind: 'dir', destination: '/f', destinationKind: 'file' }, /cannot copy a directory to a file/],
    ['file with trailing slash', { source: 'a.txt/', sourceKind: 'file', destination: '/tmp', destinationKind: 'dir' }, /not a directory/],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => {
      if (want instanceof RegExp) assert.throws(() => planCopy(input), want);
      else assert.deepEqual(planCopy(input), want);
    });
  }
  test('base names and container:path arguments', () => {
    assert.equal(sourceBase('/a/b/'), 'b');
    assert.equal(sourceBase('/'), '/');
    assert.deepEqual(splitContainerPath('web:/etc/hosts'), { container: 'web', path: '/etc/hosts' });
    assert.equal(splitContainerPath('./web:x'), undefined);
    assert.equal(splitContainerPath('/abs:path'), undefined);
    assert.equal(splitContainerPath('file.txt'), undefined);
    assert.equal(splitContainerPath('-'), undefined);
  });
});
