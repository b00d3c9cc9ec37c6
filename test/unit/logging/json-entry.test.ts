import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEntry, escapeInto, formatTimestamp, MAX_ENTRY_BYTES, MAX_ENTRY_CONTENT, TimeWriter } from '../../../src/logging/json-entry';

function escape(src: Buffer): string {
  const out = Buffer.alloc(src.length * 6 + 8);
  return out.toString('latin1', 0, escapeInto(out, 0, src, 0, src.length));
}

test('escapes as docker jsonlog does', () => {
  const cases: Array<[Buffer, string]> = [
    [Buffer.from('plain text 123'), 'plain text 123'],
    [Buffer.from('say "hi" \\ there'), 'say \\"hi\\" \\\\ there'],
    [Buffer.from('a\nb\rc'), 'a\\nb\\rc'],
    [Buffer.from('tab\there'), 'tab\\u0009here'],
    [Buffer.from([0x01, 0x1f, 0x08, 0x0c]), '\\u0001\\u001f\\u0008\\u000c'],
    [Buffer.from('<a href="x">&amp;</a>'), '\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e'],
    [Buffer.from([0x7f]), '\x7f'],
    [Buffer.from('\u2028 \u2029'), '\\u2028 \\u2029'],
  ];
  for (const [src, want] of cases) assert.equal(escape(src), want, JSON.stringify(src.toString('latin1')));
});

test('keeps valid UTF-8 and replaces each invalid byte with \\ufffd', () => {
  const valid = Buffer.from('é € 😀 \ufffd', 'utf8');
  assert.deepEqual(Buffer.from(escape(valid), 'latin1'), valid);
  const cases: Array<[number[], string]> = [
    [[0xff], '\\ufffd'],
    [[0x80, 0x41], '\\ufffdA'],
    [[0xe2, 0x82], '\\ufffd\\ufffd'], // truncated 3-byte sequence
    [[0xe2, 0x41], '\\ufffdA'],
    [[0xc0, 0xaf], '\\ufffd\\ufffd'], // overlong
    [[0xed, 0xa0, 0x80], '\\ufffd\\ufffd\\ufffd'], // UTF-16 surrogate
    [[0xf4, 0x90, 0x80, 0x80], '\\ufffd\\ufffd\\ufffd\\ufffd'], // above U+10FFFF
    [[0x61, 0xf0, 0x9f, 0x98], 'a\\ufffd\\ufffd\\ufffd'],
  ];
  for (const [bytes, want] of cases) assert.equal(escape(Buffer.from(bytes)), want, bytes.join(','));
});

test('escaped text parses back to the same string for valid input', () => {
  const text = 'mixed <tag> & "quotes" \\ \t\u0000 é 😀 \u2028 end';
  const escaped = Buffer.from(escape(Buffer.from(text)), 'latin1').toString('utf8');
  assert.equal(JSON.parse(`"${escaped}"`), text);
});

test('timestamps follow Go RFC3339Nano (trailing zeros dropped) or fixed 9 digits', () => {
  const sec = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
  const cases: Array<[number, string, string]> = [
    [123456789, '2024-01-02T03:04:05.123456789Z', '2024-01-02T03:04:05.123456789Z'],
    [120000000, '2024-01-02T03:04:05.12Z', '2024-01-02T03:04:05.120000000Z'],
    [1, '2024-01-02T03:04:05.000000001Z', '2024-01-02T03:04:05.000000001Z'],
    [0, '2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000000000Z'],
  ];
  const writer = new TimeWriter();
  for (const [nsec, nano, fixed] of cases) {
    assert.equal(formatTimestamp(sec, nsec), nano);
    assert.equal(formatTimestamp(sec, nsec, true), fixed);
    const out = Buffer.alloc(64);
    assert.equal(out.toString('latin1', 0, writer.write(out, 0, sec, nsec)), nano);
  }
});

test('encodes a whole entry, with and without the newline', () => {
  const sec = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
  const out = Buffer.alloc(256);
  const src = Buffer.from('xx<hello>xx');
  let end = encodeEntry(out, 0, src, 2, 9, true, 0, new TimeWriter(), sec, 123000000);
  assert.equal(out.toString('latin1', 0, end), '{"log":"\\u003chello\\u003e\\n","stream":"stdout","time":"2024-01-02T03:04:05.123Z"}\n');
  end = encodeEntry(out, 0, src, 0, 2, false, 1, new TimeWriter(), sec, 5);
  assert.equal(out.toString('latin1', 0, end), '{"log":"xx","stream":"stderr","time":"2024-01-02T03:04:05.000000005Z"}\n');
});

test('the worst-case entry fits MAX_ENTRY_BYTES', () => {
  const src = Buffer.alloc(MAX_ENTRY_CONTENT, 0x01);
  const out = Buffer.alloc(MAX_ENTRY_BYTES);
  const end = encodeEntry(out, 0, src, 0, src.length, true, 1, new TimeWriter(), 4102444799, 999999999);
  assert.ok(end <= MAX_ENTRY_BYTES, `${end} > ${MAX_ENTRY_BYTES}`);
  assert.equal(JSON.parse(out.toString('utf8', 0, end)).log, '\u0001'.repeat(MAX_ENTRY_CONTENT) + '\n');
});
