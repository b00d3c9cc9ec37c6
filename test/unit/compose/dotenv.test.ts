import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotEnv, parseRawEnv } from '../../../compose/env/dotenv';
import { isComposeError } from '../../../compose/index';

const SHELL: Record<string, string> = { FROM_SHELL: 'shell', OTHER: 'shell-other' };
const lookup = (k: string): string | undefined => (Object.hasOwn(SHELL, k) ? SHELL[k] : undefined);

// [.env text, expected variables]
const CASES: [string, Record<string, string>][] = [
  ['KEY=value', { KEY: 'value' }],
  ['KEY=value\n', { KEY: 'value' }],
  ['export KEY=value', { KEY: 'value' }],
  ['export   KEY=value', { KEY: 'value' }],
  ['KEY: value', { KEY: 'value' }],
  ['KEY = spaced', { KEY: 'spaced' }],
  ['KEY=value   ', { KEY: 'value' }],
  ['KEY=', { KEY: '' }],
  ['KEY=""', { KEY: '' }],
  ["KEY=''", { KEY: '' }],
  ['# comment\nKEY=1\n\n  # indented comment\nOTHER_KEY=2', { KEY: '1', OTHER_KEY: '2' }],
  ['KEY=unquoted # comment', { KEY: 'unquoted' }],
  ['KEY=a#b', { KEY: 'a#b' }],
  ['KEY="quoted # not a comment"', { KEY: 'quoted # not a comment' }],
  ['KEY="double\\nquoted"', { KEY: 'double\nquoted' }],
  ["KEY='single\\nquoted'", { KEY: 'single\\nquoted' }],
  ['KEY="multi\nline"', { KEY: 'multi\nline' }],
  ["KEY='multi\nline'", { KEY: 'multi\nline' }],
  ['KEY="say \\"hi\\""', { KEY: 'say "hi"' }],
  ["KEY='it\\'s'", { KEY: "it's" }],
  ['KEY="tab\\tend"', { KEY: 'tab\tend' }],
  ['A=1\nB=${A}2', { A: '1', B: '12' }],
  ['A=1\nB="${A}2"', { A: '1', B: '12' }],
  ["A=1\nB='${A}2'", { A: '1', B: '${A}2' }],
  ['B=$FROM_SHELL', { B: 'shell' }],
  ['OTHER=file\nB=$OTHER', { OTHER: 'file', B: 'shell-other' }],
  ['B=${MISSING:-default}', { B: 'default' }],
  ['B="\\$literal"', { B: '$literal' }],
  ['B=$$literal', { B: '$literal' }],
  ['FROM_SHELL\nNOT_SET\n', { FROM_SHELL: 'shell' }],
  ['dotted.key=1\ndash-key=2', { 'dotted.key': '1', 'dash-key': '2' }],
  ['\ufeffBOM=1', { BOM: '1' }],
  ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ['A=1\nA=2', { A: '2' }],
  ['URL=http://example.com/?a=b&c=d', { URL: 'http://example.com/?a=b&c=d' }],
];

for (const [text, expected] of CASES) {
  test(`.env ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parseDotEnv(text, lookup), expected);
  });
}

const ERRORS: [string, string][] = [
  ['KEY WITH SPACE=1', 'line 1: key cannot contain a space'],
  ['A=1\nKE$Y=1', 'line 2: unexpected character "$" in variable name "KE$Y=1"'],
  ['KEY="unterminated', 'line 1: unterminated quoted value "unterminated'],
  ['KEY=${REQ:?needed}', 'line 1: required variable REQ is missing a value: needed'],
];

for (const [text, message] of ERRORS) {
  test(`.env error ${JSON.stringify(text)}`, () => {
    assert.throws(() => parseDotEnv(text, lookup), (err) => isComposeError(err) && err.reason === message);
  });
}

test('raw env files take lines verbatim', () => {
  assert.deepEqual(parseRawEnv('# c\nA="quoted"\n  B=x y \nFROM_SHELL\nC=$NOPE\n', lookup), { A: '"quoted"', B: 'x y ', FROM_SHELL: 'shell', C: '$NOPE' });
});
