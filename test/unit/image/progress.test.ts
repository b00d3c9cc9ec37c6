import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainProgress, renderTable, ttyProgress } from '../../../src/image/progress';

test('the terminal table shows a bar, sizes while downloading, and totals', () => {
  const lines = renderTable([
    { name: 'docker.io/library/busybox:latest', status: 'resolved', offset: 0, total: 0 },
    { name: 'layer-sha256:abc', status: 'downloading', offset: 512 * 1024, total: 1024 * 1024 },
    { name: 'config-sha256:def', status: 'done', offset: 100, total: 100 },
  ], 2000, 120);
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^docker\.io\/library\/busybox:latest: +resolved +\|\+{40}\|$/);
  assert.match(lines[1]!, /downloading +\|\+{20}-{20}\| 512KiB\/1MiB$/);
  assert.match(lines[3]!, /^elapsed: 2\.0 s/);
});

test('plain output prints one line per finished item, once', () => {
  const out: string[] = [];
  let now = 0;
  const p = plainProgress((t) => out.push(t), () => now);
  p.update('layer-sha256:abc', 'downloading', 0, 2048);
  p.update('layer-sha256:abc', 'done', 2048, 2048);
  p.update('layer-sha256:abc', 'unpacking');
  p.update('layer-sha256:abc', 'done');
  now = 1500;
  p.finish(true);
  assert.deepEqual(out, ['layer-sha256:abc: done (2KiB)\n', 'elapsed: 1.5 s total: 2KiB\n']);
});

test('the terminal display redraws in place and stops on finish', () => {
  const out: string[] = [];
  const p = ttyProgress((t) => out.push(t), 100, () => 0);
  p.update('layer-sha256:abc', 'downloading', 10, 100);
  p.finish(true);
  p.update('layer-sha256:abc', 'done', 100, 100);
  assert.equal(out.length, 1);
  assert.match(out[0]!, /\x1b\[2Klayer-sha256:abc: +downloading/);
});
