import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabels, parsePruneFilters, parseUntil } from '../../../src/image/prune-filters';
import { pruneReport } from '../../../src/image/ops/prune';

const NOW = Date.parse('2024-06-01T12:00:00Z');

describe('prune filters', () => {
  test('until: durations, unix seconds, dates', () => {
    const cases: Array<[string, number | undefined]> = [
      ['24h', NOW - 86_400_000], ['1h30m', NOW - 5_400_000], ['1717243200', 1_717_243_200_000],
      ['2024-01-01', Date.parse('2024-01-01T00:00:00Z')], ['2024-01-01T10:00:00Z', Date.parse('2024-01-01T10:00:00Z')],
      ['soon', undefined],
    ];
    for (const [text, want] of cases) assert.equal(parseUntil(text, NOW), want, text);
  });

  test('parses label, label!, until and dangling; rejects the rest', () => {
    assert.deepEqual(parsePruneFilters(['label=a', 'label=b=c', 'label!=d=e', 'until=1h', 'dangling=false'], NOW), {
      labels: [{ key: 'a', negate: false }, { key: 'b', value: 'c', negate: false }, { key: 'd', value: 'e', negate: true }],
      until: NOW - 3_600_000, dangling: false,
    });
    assert.throws(() => parsePruneFilters(['reference=x']), { message: "invalid filter 'reference'" });
    assert.throws(() => parsePruneFilters(['until=later']), { message: 'failed to parse value as time or duration: "later"' });
    assert.throws(() => parsePruneFilters(['label']), { code: 'invalid-argument' });
  });

  test('label matching', () => {
    const labels = { a: '1', b: '2' };
    const f = (...specs: string[]) => parsePruneFilters(specs.map((s) => s), NOW).labels;
    assert.equal(matchesLabels(labels, f('label=a')), true);
    assert.equal(matchesLabels(labels, f('label=a=1', 'label=b')), true);
    assert.equal(matchesLabels(labels, f('label=a=2')), false);
    assert.equal(matchesLabels(labels, f('label!=c')), true);
    assert.equal(matchesLabels(labels, f('label!=a=1')), false);
    assert.equal(matchesLabels(labels, f('label!=a=9')), true);
  });

  test('report text as docker prints it', () => {
    assert.equal(pruneReport({ items: [], reclaimed: 0 }), 'Total reclaimed space: 0B\n');
    assert.equal(pruneReport({ items: [{ untagged: 'busybox:latest' }, { deleted: 'sha256:abc' }], reclaimed: 2_030_000 }),
      'Deleted Images:\nuntagged: busybox:latest\ndeleted: sha256:abc\n\nTotal reclaimed space: 2.03MB\n');
  });
});
