import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { healthSchedule, resolveHealthcheck } from '../../../src/container/health/config';
import type { HealthConfig, HealthSchedule } from '../../../src/container/health/config';
import { startHealthLoop } from '../../../src/container/health/monitor';
import { healthSuffix } from '../../../src/container/health/query';
import { applyProbeResult, capOutput, goDuration, initialHealth, nextProbeDelay, timeoutOutput } from '../../../src/container/health/state';
import type { HealthResult, HealthState } from '../../../src/container/health/state';
import { matchesFilters, parseFilters } from '../../../src/container/ps-filters';
import type { FilterCandidate } from '../../../src/container/ps-filters';

const S = 1_000_000_000;

describe('healthcheck resolution', () => {
  const image: HealthConfig = { Test: ['CMD', 'true'], Interval: 10 * S, Retries: 5 };
  const cases: Array<{ name: string; flags?: Parameters<typeof resolveHealthcheck>[0]; image?: HealthConfig; want: HealthConfig | undefined }> = [
    { name: 'nothing', want: undefined },
    { name: 'image only', image, want: image },
    { name: '--health-cmd is CMD-SHELL', flags: { test: 'test -f /x', interval: 1000 }, want: { Test: ['CMD-SHELL', 'test -f /x'], Interval: S } },
    { name: 'flags over image field by field', flags: { test: 'x', timeout: 2000 }, image,
      want: { Test: ['CMD-SHELL', 'x'], Interval: 10 * S, Timeout: 2 * S, Retries: 5 } },
    { name: 'flags without a command keep the image test', flags: { retries: 1 }, image, want: { Test: ['CMD', 'true'], Interval: 10 * S, Retries: 1 } },
    { name: '--no-healthcheck', flags: { disable: true }, image, want: { Test: ['NONE'] } },
    { name: 'compose list', flags: { test: ['CMD', 'curl', '-f', 'x'] }, want: { Test: ['CMD', 'curl', '-f', 'x'] } },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(resolveHealthcheck(c.flags, c.image), c.want));
  }

  test('docker errors', () => {
    assert.throws(() => resolveHealthcheck({ disable: true, test: 'x' }, undefined), /--no-healthcheck conflicts with --health-\* options/);
    assert.throws(() => resolveHealthcheck({ test: 'x', interval: -1 }, undefined), /--health-interval cannot be negative/);
    assert.throws(() => resolveHealthcheck({ test: 'x', retries: -1 }, undefined), /--health-retries cannot be negative/);
  });

  test('schedule defaults and argv', () => {
    assert.deepEqual(healthSchedule({ Test: ['CMD-SHELL', 'a b'] }), {
      argv: ['/bin/sh', '-c', 'a b'], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3,
    });
    assert.deepEqual(healthSchedule({ Test: ['CMD', 'x', 'y'], Interval: S, Retries: 2 })?.argv, ['x', 'y']);
    assert.equal(healthSchedule({ Test: ['NONE'] }), undefined);
    assert.equal(healthSchedule(undefined), undefined);
  });
});

const schedule: HealthSchedule = { argv: ['true'], intervalMs: 1000, timeoutMs: 500, startPeriodMs: 0, startIntervalMs: 100, retries: 2 };
const at = (ms: number, code: number): HealthResult => ({ Start: new Date(ms).toISOString(), End: new Date(ms + 5).toISOString(), ExitCode: code, Output: '' });

describe('health state machine', () => {
  test('starting -> unhealthy after `retries` failures -> healthy on success', () => {
    let s = initialHealth();
    s = applyProbeResult(s, at(1000, 1), schedule, 0);
    assert.deepEqual([s.Status, s.FailingStreak], ['starting', 1]);
    s = applyProbeResult(s, at(2000, 1), schedule, 0);
    assert.deepEqual([s.Status, s.FailingStreak], ['unhealthy', 2]);
    s = applyProbeResult(s, at(3000, 0), schedule, 0);
    assert.deepEqual([s.Status, s.FailingStreak], ['healthy', 0]);
    s = applyProbeResult(s, at(4000, 2), schedule, 0);
    assert.deepEqual([s.Status, s.FailingStreak], ['healthy', 1]);
  });

  test('failures inside the start period do not count while starting', () => {
    const sp = { ...schedule, startPeriodMs: 5000 };
    let s = initialHealth();
    for (let t = 1000; t < 5000; t += 1000) s = applyProbeResult(s, at(t, 1), sp, 0);
    assert.deepEqual([s.Status, s.FailingStreak, s.Log.length], ['starting', 0, 4]);
    s = applyProbeResult(s, at(5000, 1), sp, 0);
    assert.equal(s.FailingStreak, 1);
  });

  test('keeps the last five results', () => {
    let s: HealthState = initialHealth();
    for (let i = 0; i < 7; i++) s = applyProbeResult(s, at(i * 1000, i), schedule, 0);
    assert.deepEqual(s.Log.map((r) => r.ExitCode), [2, 3, 4, 5, 6]);
  });

  test('start interval applies only while starting inside the start period', () => {
    const sp = { ...schedule, startPeriodMs: 5000 };
    assert.equal(nextProbeDelay(initialHealth(), sp, 0, 1000), 100);
    assert.equal(nextProbeDelay(initialHealth(), sp, 0, 6000), 1000);
    assert.equal(nextProbeDelay({ Status: 'healthy', FailingStreak: 0, Log: [] }, sp, 0, 1000), 1000);
  });

  test('output cap, timeout text, Go durations', () => {
    assert.equal(capOutput(Buffer.alloc(5000, 'a')).length, 4096);
    assert.equal(timeoutOutput(30_000), 'Health check exceeded timeout (30s)');
    assert.deepEqual([goDuration(500), goDuration(1500), goDuration(90_000), goDuration(3_600_000)], ['500ms', '1.5s', '1m30s', '1h0m0s']);
  });

  test('ps suffixes', () => {
    assert.deepEqual(['healthy', 'unhealthy', 'starting', 'none', undefined].map((s) => healthSuffix(s as never)),
      [' (healthy)', ' (unhealthy)', ' (health: starting)', '', '']);
  });
});

describe('probe loop with a fake clock', () => {
  test('probes every interval, persists each state, stops', async () => {
    let now = 0;
    const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
    const setTimer = (fn: () => void, ms: number): { cancel(): void } => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => { t.live = false; } };
    };
    const codes = [1, 1, 0];
    const saved: HealthState[] = [];
    const loop = startHealthLoop({
      schedule, startedAtMs: 0, now: () => now, setTimer, save: (s) => saved.push(s),
      probe: async () => at(now, codes.shift() ?? 0),
    });
    const advance = async (): Promise<void> => {
      const t = timers.filter((x) => x.live).sort((a, b) => a.at - b.at)[0]!;
      t.live = false;
      now = t.at;
      t.fn();
      await new Promise((r) => setImmediate(r));
    };
    for (let i = 0; i < 3; i++) await advance();
    assert.deepEqual(saved.map((s) => s.Status), ['starting', 'unhealthy', 'healthy']);
    assert.deepEqual(saved.map((s) => Date.parse(s.Log.at(-1)!.Start)), [1000, 2000, 3000]);
    loop.stop();
    assert.equal(timers.filter((t) => t.live).length, 0);
  });
});

describe('ps --filter health', () => {
  const cand = (health?: string): FilterCandidate => ({
    id: 'a', name: 'n', labels: {}, state: 'running', exitCode: 0, createdMs: 0, image: 'i', volumes: [], networks: [],
    ...(health && { health }),
  });
  test('matches the status, none without a healthcheck', () => {
    assert.equal(matchesFilters(cand('healthy'), parseFilters(['health=healthy'])), true);
    assert.equal(matchesFilters(cand('starting'), parseFilters(['health=healthy'])), false);
    assert.equal(matchesFilters(cand(), parseFilters(['health=none'])), true);
    assert.equal(matchesFilters(cand('unhealthy'), parseFilters(['health=healthy', 'health=unhealthy'])), true);
  });
  test('bad value', () => {
    assert.throws(() => parseFilters(['health=sick']), /Unrecognised filter value for health: sick/);
  });
});
