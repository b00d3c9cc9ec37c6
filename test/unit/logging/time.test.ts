import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNanos, parseEntryTime, parseGoDuration, parseLogTime, timestampPrefix } from '../../../src/logging/time';

const S = 1_000_000_000n;
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5, 678); // 2024-01-02T03:04:05.678Z
const NOW_SEC = BigInt(Math.floor(NOW / 1000));

test('Go durations', () => {
  const cases: Array<[string, number | undefined]> = [
    ['10m', 600_000], ['1h30m', 5_400_000], ['1.5h', 5_400_000], ['.5s', 500], ['-5m', -300_000], ['+2s', 2000],
    ['300ms', 300], ['10us', 0.01], ['10µs', 0.01], ['1h1m1s1ms', 3_661_001], ['0', 0],
    ['10', undefined], ['', undefined], ['m', undefined], ['1d', undefined], ['1h 2m', undefined], ['.s', undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseGoDuration(text), want, text);
});

test('since/until: durations count back from now, in whole seconds', () => {
  assert.equal(parseLogTime('10m', NOW), (NOW_SEC - 600n) * S);
  assert.equal(parseLogTime('1h30m', NOW), (NOW_SEC - 5400n) * S);
  assert.equal(parseLogTime('-1h', NOW), (NOW_SEC + 3600n) * S);
});

test('since/until: RFC3339 forms with a zone', () => {
  const at = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;
  const cases: Array<[string, bigint]> = [
    ['2024-01-02T03:04:05Z', at('2024-01-02T03:04:05Z')],
    ['2024-01-02T03:04:05.123456789Z', at('2024-01-02T03:04:05Z') + 123456789n],
    ['2024-01-02T03:04:05.5+02:00', at('2024-01-02T01:04:05Z') + 500_000_000n],
    ['2024-01-02T03:04Z', at('2024-01-02T03:04:00Z')],
    ['2024-01-02T03Z', at('2024-01-02T03:00:00Z')],
    ['2024-01-02T03:04+01:00', at('2024-01-02T02:04:00Z')],
    ['2024-01-02Z', at('2024-01-02T00:00:00Z')],
    ['2024-01-02T03:04:05-05:30', at('2024-01-02T08:34:05Z')],
  ];
  for (const [text, want] of cases) assert.equal(parseLogTime(text, NOW), want, text);
});

test('since/until: no zone means local time (the offset in effect now)', () => {
  const offsetMs = -new Date(NOW).getTimezoneOffset() * 60_000;
  const local = (utcMs: number): bigint => BigInt(utcMs - offsetMs) * 1_000_000n;
  assert.equal(parseLogTime('2024-01-02', NOW), local(Date.UTC(2024, 0, 2)));
  assert.equal(parseLogTime('2024-01-02T03:04', NOW), local(Date.UTC(2024, 0, 2, 3, 4)));
  assert.equal(parseLogTime('2024-01-02T03:04:05.25', NOW), local(Date.UTC(2024, 0, 2, 3, 4, 5, 250)));
});

test('since/until: Unix timestamps', () => {
  assert.equal(parseLogTime('1704164645', NOW), 1704164645n * S);
  assert.equal(parseLogTime('1136073600.000000001', NOW), 1136073600n * S + 1n);
  assert.equal(parseLogTime('1.5', NOW), S + 500_000_000n);
  assert.equal(parseLogTime('0', NOW), 0n);
});

test('since/until: docker error texts', () => {
  const cases: Array<[string, string]> = [
    ['x', 'invalid value for "since": failed to parse value as time or duration: "x"'],
    ['2013-13-01', 'invalid value for "since": parsing time "2013-13-01": month out of range'],
    ['2013-02-30', 'invalid value for "since": parsing time "2013-02-30": day out of range'],
    ['2013-01-01T25:00Z', 'invalid value for "since": parsing time "2013-01-01T25:00Z": hour out of range'],
    ['1.+5', 'invalid value for "since": failed to parse value as time or duration: "1.+5"'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseLogTime(text, NOW, 'since'), { message, code: 'invalid-argument' }, text);
  assert.throws(() => parseLogTime('2013-1-01', NOW, 'until'), /invalid value for "until": parsing time "2013-1-01" as "2006-01-02"/);
});

test('entry times and the -t prefix', () => {
  assert.equal(parseEntryTime('2024-01-02T03:04:05.123456789Z'), BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n + 123456789n);
  assert.equal(parseEntryTime('2024-01-02T03:04:05Z'), BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n);
  assert.equal(parseEntryTime('2024-01-02T05:04:05.1+02:00'), BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 100)) * 1_000_000n);
  assert.equal(parseEntryTime('yesterday'), undefined);
  assert.equal(timestampPrefix('2024-01-02T03:04:05.12Z'), '2024-01-02T03:04:05.120000000Z');
  assert.equal(timestampPrefix('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05.000000000Z');
  assert.equal(timestampPrefix('2024-01-02T05:04:05.1+02:00'), '2024-01-02T03:04:05.100000000Z');
  assert.equal(formatNanos(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n + 7n), '2024-01-02T03:04:05.000000007Z');
});
