import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensurePinnedNetns, isPinnedNetnsPath, pinnedNetnsPath, removePinnedNetns } from '../../../src/network/pinned-netns';

const ID = '0123456789abcdef'.repeat(4);

test('pinned namespaces live in /run/netns under a nerdts- name; other paths are never ours', () => {
  const path = pinnedNetnsPath('default', ID);
  assert.equal(path, '/run/netns/nerdts-default-0123456789abcdef01234567');
  assert.equal(isPinnedNetnsPath(path), true);
  for (const other of ['/run/netns/other', '/var/run/netns/nerdts-x', '/proc/1/ns/net', '/run/netns/sub/nerdts-x', undefined]) {
    assert.equal(isPinnedNetnsPath(other), false, String(other));
  }
});

test('ensure adds a namespace that is not mounted; remove ignores a missing one and leaves foreign paths', async () => {
  const calls: string[] = [];
  const run = async (args: string[]) => { calls.push(args.join(' ')); };
  assert.equal(await ensurePinnedNetns('/run/netns/nerdts-unit-absent', run), true);
  assert.deepEqual(calls, ['netns add nerdts-unit-absent']);
  await assert.rejects(ensurePinnedNetns('/run/netns/nerdts-unit-absent', async () => { throw new Error('Permission denied'); }),
    /cannot create the network namespace \/run\/netns\/nerdts-unit-absent: Permission denied/);
  calls.length = 0;
  await removePinnedNetns('/run/netns/nerdts-unit-absent', async (args) => { calls.push(args.join(' ')); throw new Error('Cannot remove namespace file "/run/netns/nerdts-unit-absent": No such file or directory'); });
  await removePinnedNetns('/proc/1/ns/net', run);
  assert.deepEqual(calls, ['netns delete nerdts-unit-absent']);
  await assert.rejects(removePinnedNetns('/run/netns/nerdts-unit-busy', async () => { throw new Error('Device or resource busy'); }), /busy/);
});
