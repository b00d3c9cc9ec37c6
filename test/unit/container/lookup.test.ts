import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupFilters, pickContainer } from '../../../src/container/lookup';

const A = 'abc1' + '0'.repeat(60);
const B = 'abc2' + '1'.repeat(60);
const C = 'def0' + '2'.repeat(60);
const all = [
  { id: A, labels: { 'nerdctl/name': 'web' } },
  { id: B, labels: { 'nerdctl/name': 'abc1' } },
  { id: C, labels: { 'nerdctl/name': 'db' } },
];

describe('lookup', () => {
  const cases: Array<{ ref: string; want?: string; error?: string }> = [
    { ref: A, want: A },
    { ref: 'web', want: A },
    { ref: '/web', want: A },
    { ref: 'def', want: C },
    { ref: 'abc1', want: B, },
    { ref: 'abc', error: 'multiple IDs found with provided prefix: abc' },
    { ref: 'nope', error: 'No such container: nope' },
    { ref: 'ffff', error: 'No such container: ffff' },
    { ref: '', error: 'No such container: ' },
  ];
  for (const c of cases) {
    test(`"${c.ref.slice(0, 12)}"`, () => {
      if (c.error) assert.throws(() => pickContainer(c.ref, all), { message: c.error });
      else assert.equal(pickContainer(c.ref, all).id, c.want);
    });
  }

  test('a name equal to another container\'s ID prefix means the name (docker: names before prefixes)', () => {
    assert.equal(pickContainer('abc1', all).id, B);
  });

  test('not-found errors carry the not-found code', () => {
    assert.throws(() => pickContainer('nope', all), { code: 'not-found' });
    assert.throws(() => pickContainer('abc', all), { code: 'invalid-argument' });
  });

  test('filters: name always, ID prefix only for hex', () => {
    assert.deepEqual(lookupFilters('/web'), ['labels."nerdctl/name"=="web"']);
    assert.deepEqual(lookupFilters('ab12'), ['labels."nerdctl/name"=="ab12"', 'id~="^ab12"']);
    assert.deepEqual(lookupFilters('a"b'), ['labels."nerdctl/name"=="a\\"b"']);
  });
});
