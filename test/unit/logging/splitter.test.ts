import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/logging/splitter';

type Out = Array<[string, boolean]>;

// Feeds chunks through a reused 64 KiB buffer (as the logger does) and returns [content, newline] pairs.
function split(chunks: string[], limit?: number): Out {
  const out: Out = [];
  const s = new LineSplitter((src, start, end, nl) => out.push([src.toString('latin1', start, end), nl]), limit);
  const buf = Buffer.alloc(64 * 1024, 0x7e);
  for (const c of chunks) {
    const n = buf.write(c, 0, 'latin1');
    s.push(buf, n);
  }
  s.flush();
  return out;
}

test('splits lines and joins lines cut across reads', () => {
  const cases: Array<[string[], Out]> = [
    [['a\nb\n'], [['a', true], ['b', true]]],
    [['\n\n'], [['', true], ['', true]]],
    [['hel', 'lo\nwor', 'ld\n'], [['hello', true], ['world', true]]],
    [['no newline at eof'], [['no newline at eof', false]]],
    [['x\ny'], [['x', true], ['y', false]]],
    [['a', '', 'b\n'], [['ab', true]]],
    [['crlf\r\n'], [['crlf\r', true]]],
  ];
  for (const [chunks, want] of cases) assert.deepEqual(split(chunks), want, JSON.stringify(chunks));
});

test('lines of 16 KiB and more become 16 KiB partial entries (docker copier rule)', () => {
  const K = 16 * 1024;
  const a = (n: number): string => 'a'.repeat(n);
  const cases: Array<[string, string[], Out]> = [
    ['just under', [a(K - 1) + '\n'], [[a(K - 1), true]]],
    ['exactly 16K then newline', [a(K) + '\n'], [[a(K), false], ['', true]]],
    ['16K + 1', [a(K + 1) + '\n'], [[a(K), false], ['a', true]]],
    ['40000 in one read', [a(40000) + '\nz\n'], [[a(K), false], [a(K), false], [a(40000 - 2 * K), true], ['z', true]]],
    ['long line across reads', [a(10000), a(10000), a(10000) + '\n'], [[a(K), false], [a(30000 - K), true]]],
    ['partial tail at EOF', [a(K + 5)], [[a(K), false], [a(5), false]]],
  ];
  for (const [name, chunks, want] of cases) {
    const got = split(chunks);
    assert.deepEqual(got.map(([s, nl]) => [s.length, nl]), want.map(([s, nl]) => [s.length, nl]), name);
    assert.deepEqual(got, want, name);
  }
});

test('a small limit shows the rule on short input', () => {
  assert.deepEqual(split(['abcdefg\nhi', 'jklm\n'], 4), [
    ['abcd', false], ['efg', true], ['hijk', false], ['lm', true],
  ]);
  assert.deepEqual(split(['ab', 'cd', '\n'], 4), [['abcd', false], ['', true]]);
});
