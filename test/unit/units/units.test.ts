import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, humanDuration, parseBytes, parseDuration } from '../../../src/units';

test('humanSize matches docker columns', () => {
  const cases: Array<[number, string]> = [[0, '0B'], [999, '999B'], [1000, '1kB'], [4261550, '4.26MB'], [130400, '130kB'], [1.2e9, '1.2GB']];
  for (const [n, want] of cases) assert.equal(humanSize(n), want, String(n));
});

test('humanDuration follows go-units', () => {
  const cases: Array<[number, string]> = [[500, 'Less than a second'], [1000, '1 second'], [45000, '45 seconds'],
    [90_000, 'About a minute'], [5 * 60_000, '5 minutes'], [3_600_000, 'About an hour'], [5 * 3_600_000, '5 hours'],
    [3 * 86_400_000, '3 days'], [20 * 86_400_000, '2 weeks'], [90 * 86_400_000, '3 months'], [800 * 86_400_000, '2 years']];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
});

test('parseBytes and parseDuration', () => {
  assert.equal(parseBytes('512m'), 512 * 1024 * 1024);
  assert.equal(parseBytes('1g'), 1024 ** 3);
  assert.equal(parseBytes('100'), 100);
  assert.equal(parseBytes('12x'), undefined);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('10'), undefined);
  assert.equal(parseDuration('0'), 0);
});
