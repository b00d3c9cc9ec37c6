import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpBatcher, batchFailures } from '../../../src/network/ip-batch';

test('batchFailures: each failed line number with the message(s) before it', () => {
  const stderr = [
    'Cannot create namespace file "/run/netns/a": File exists', 'Command failed -:2',
    'Cannot open network namespace "b": No such file or directory', 'Command failed -:5', 'Command failed -:5', '',
  ].join('\n');
  assert.deepEqual([...batchFailures(stderr)], [
    [2, 'Cannot create namespace file "/run/netns/a": File exists'],
    [5, 'Cannot open network namespace "b": No such file or directory'],
  ]);
  assert.deepEqual([...batchFailures('')], []);
});

test('IpBatcher: a burst shares one child, later requests the next; each request gets its own lines\' failure', async () => {
  const batches: string[][] = [];
  let release: () => void = () => undefined;
  const batcher = new IpBatcher(async (lines) => {
    batches.push([...lines]);
    if (batches.length === 1) await new Promise<void>((r) => { release = r; });
    return new Map(lines.flatMap((l, i) => (l.includes('bad') ? [[i + 1, `failed: ${l}`] as [number, string]] : [])));
  });
  const a = batcher.exec([['netns', 'add', 'a'], ['netns', 'exec', 'a', 'ip', 'link', 'set', 'lo', 'up']]);
  const b = batcher.exec([['netns', 'delete', 'bad-b']]);
  await new Promise((r) => setImmediate(r));
  const c = batcher.exec([['netns', 'delete', 'c']]);
  const d = batcher.exec([['netns', 'delete', 'bad-d']]);
  release();
  await a;
  await assert.rejects(b, /failed: netns delete bad-b/);
  await c;
  await assert.rejects(d, /failed: netns delete bad-d/);
  assert.deepEqual(batches, [
    ['netns add a', 'netns exec a ip link set lo up', 'netns delete bad-b'],
    ['netns delete c', 'netns delete bad-d'],
  ]);
});

test('IpBatcher: words ip -batch would split or unquote are refused', async () => {
  const batcher = new IpBatcher(async () => new Map());
  await assert.rejects(batcher.exec([['netns', 'add', 'a b']]), /unexpected ip argument "a b"/);
});
