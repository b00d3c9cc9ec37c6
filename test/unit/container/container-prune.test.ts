import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContainerPruneFilters } from '../../../src/container/prune';

describe('container prune filters', () => {
  const now = Date.UTC(2024, 0, 2);
  test('until as a duration, unix seconds or a date; the earliest wins', () => {
    assert.equal(parseContainerPruneFilters(['until=24h'], now).until, Date.UTC(2024, 0, 1));
    assert.equal(parseContainerPruneFilters(['until=1700000000'], now).until, 1_700_000_000_000);
    assert.equal(parseContainerPruneFilters(['until=2023-12-31', 'until=1h'], now).until, Date.UTC(2023, 11, 31));
  });
  test('labels, negated labels', () => {
    assert.deepEqual(parseContainerPruneFilters(['label=a', 'label!=b=c'], now).labels, [
      { key: 'a', negate: false }, { key: 'b', value: 'c', negate: true },
    ]);
  });
  test('errors', () => {
    assert.throws(() => parseContainerPruneFilters(['status=exited'], now), /invalid filter 'status'/);
    assert.throws(() => parseContainerPruneFilters(['until=soon'], now), /failed to parse value as time or duration/);
  });
});
