import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogClock } from '../../../src/logging/clock';

function fakeClock(wall: number[], hr: Array<[number, number]>): LogClock {
  let w = 0;
  let h = 0;
  return new LogClock(() => wall[Math.min(w++, wall.length - 1)]!, () => hr[Math.min(h++, hr.length - 1)]!);
}

function read(c: LogClock): string {
  c.tick();
  return `${c.sec}.${String(c.nsec).padStart(9, '0')}`;
}

test('extends milliseconds with hrtime nanoseconds', () => {
  // anchor: wall 1000.250 s at hr 50 s + 0 ns
  const c = fakeClock([1_000_250], [[50, 0], [50, 1234], [50, 749_999_999], [51, 1]]);
  assert.equal(read(c), '1000.250001234');
  assert.equal(read(c), '1000.999999999');
  assert.equal(read(c), '1001.250000001');
});

test('never repeats or goes back, even when the wall clock is stepped back at a resync', () => {
  const c = fakeClock([1_000_000, 990_000], [[0, 0], [0, 500], [0, 500], [20, 0], [20, 10]]);
  assert.equal(read(c), '1000.000000500');
  assert.equal(read(c), '1000.000000501'); // same hrtime reading: still strictly later
  assert.equal(read(c), '1000.000000502'); // resync to wall 990 s: clamped
  assert.equal(read(c), '1000.000000503');
});

test('resyncs to the wall clock after a while', () => {
  const c = fakeClock([1_000_000, 1_020_500], [[0, 0], [20, 0], [20, 7]]);
  assert.equal(read(c), '1020.500000000');
  assert.equal(read(c), '1020.500000007');
});
