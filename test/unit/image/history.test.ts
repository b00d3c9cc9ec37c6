import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { historyRows } from '../../../src/image/history';
import { ellipsis, historyFormat, historyView, rfc3339Local } from '../../../src/image/ops/history';

describe('historyRows', () => {
  const config = {
    created: '2024-01-02T00:00:00Z',
    history: [
      { created: '2024-01-01T00:00:00Z', created_by: 'ADD rootfs /' },
      { created: '2024-01-01T00:00:01Z', created_by: 'CMD ["sh"]', empty_layer: true, comment: 'buildkit' },
      { created: '2024-01-02T00:00:00Z', created_by: 'RUN make' },
    ],
  };

  test('newest first, sizes paired with non-empty rows, ID on the top row only', () => {
    const rows = historyRows({ id: 'sha256:abc', config }, [100, 200]);
    assert.deepEqual(rows.map((r) => [r.id, r.createdBy, r.size]), [
      ['sha256:abc', 'RUN make', 200], ['<missing>', 'CMD ["sh"]', 0], ['<missing>', 'ADD rootfs /', 100],
    ]);
    assert.equal(rows[1]!.comment, 'buildkit');
    assert.equal(rows[2]!.created, Date.parse('2024-01-01T00:00:00Z'));
  });

  test('layers the history does not mention get bare rows; no history at all still lists layers', () => {
    assert.deepEqual(historyRows({ id: 'sha256:x', config: { history: [] } }, [5, 6]).map((r) => [r.id, r.size, r.createdBy]),
      [['sha256:x', 6, ''], ['<missing>', 5, '']]);
    assert.deepEqual(historyRows({ id: 'sha256:x', config: {} }, []), []);
  });
});

describe('history view', () => {
  test('ellipsis cuts to the width with …, as docker formatter.Ellipsis', () => {
    const cases: Array<[string, number, string]> = [
      ['short', 45, 'short'],
      ['x'.repeat(45), 45, 'x'.repeat(45)],
      ['x'.repeat(46), 45, `${'x'.repeat(44)}…`],
      ['日本語日本語', 5, '日本…'],
    ];
    for (const [s, max, want] of cases) assert.equal(ellipsis(s, max), want, s);
  });

  test('rfc3339Local formats in the local zone like Go', () => {
    const got = rfc3339Local(Date.parse('2024-01-02T03:04:05.678Z'));
    assert.match(got, /^2024-01-0\dT\d\d:\d\d:05(Z|[+-]\d\d:\d\d)$/);
    if (new Date().getTimezoneOffset() === 0) assert.equal(got, '2024-01-02T03:04:05Z');
  });

  test('fields: truncation, human sizes and dates, tabs in CREATED BY', () => {
    const now = Date.parse('2024-01-02T03:00:00Z');
    const e = { id: 'sha256:0123456789abcdef0123', created: Date.parse('2024-01-02T00:00:00Z'), createdBy: 'RUN\ta', size: 1234567, comment: 'c' };
    assert.deepEqual(historyView(e, { trunc: true, human: true, now }), {
      Comment: 'c', CreatedAt: rfc3339Local(e.created), CreatedBy: 'RUN a', CreatedSince: '3 hours ago', ID: '0123456789ab', Size: '1.23MB',
    });
    const plain = historyView(e, { trunc: false, human: false, now });
    assert.equal(plain.Size, '1234567');
    assert.equal(plain.ID, e.id);
    assert.equal(plain.CreatedSince, plain.CreatedAt);
    assert.equal(historyView({ ...e, created: undefined }, { trunc: true, human: true, now }).CreatedSince, '');
  });

  test('formats: table by default, CREATED AT without -H, -q, custom wins over -q', () => {
    assert.match(historyFormat({ quiet: false, human: true }), /^table {{.ID}}\t{{.CreatedSince}}/);
    assert.match(historyFormat({ quiet: false, human: false }), /^table {{.ID}}\t{{.CreatedAt}}/);
    assert.equal(historyFormat({ quiet: true, human: true }), '{{.ID}}');
    assert.equal(historyFormat({ quiet: true, human: true, format: '{{.Size}}' }), '{{.Size}}');
    assert.match(historyFormat({ quiet: false, human: true, format: 'table' }), /^table {{.ID}}/);
  });
});
