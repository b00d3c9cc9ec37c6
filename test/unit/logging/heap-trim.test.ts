import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trimHeapPeriodically } from '../../../src/logging/heap-trim';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('collects soon after start and then every interval, until stopped; nothing without gc', async () => {
  let calls = 0;
  const stop = trimHeapPeriodically(() => { calls++; }, 1, 5);
  for (let i = 0; i < 400 && calls < 3; i++) await tick(5);
  stop();
  assert.ok(calls >= 3, `called ${calls} times`);
  const seen = calls;
  await tick(30);
  assert.equal(calls, seen, 'no collection after stop');
  trimHeapPeriodically(undefined)();
});
