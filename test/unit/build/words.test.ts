import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandVariables, processWord, processWords, splitRawWords } from '../../../src/build/dockerfile/words';

const vars: Record<string, string> = { A: 'a', EMPTY: '', SP: 'x y', PATH: '/bin' };
const lookup = (n: string): string | undefined => vars[n];

describe('variable substitution', () => {
  const cases: Array<[string, string]> = [
    ['$A', 'a'], ['${A}', 'a'], ['${A}b', 'ab'], ['$Ab', ''], ['pre-$A-post', 'pre-a-post'],
    ['${NOPE:-d}', 'd'], ['${EMPTY:-d}', 'd'], ['${EMPTY-d}', ''], ['${NOPE-d}', 'd'],
    ['${A:+alt}', 'alt'], ['${EMPTY:+alt}', ''], ['${EMPTY+alt}', 'alt'], ['${NOPE+alt}', ''],
    ['${NOPE:-${A}x}', 'ax'], ['\\$A', '$A'], ["'$A'", '$A'], ['"$A b"', 'a b'], ['"\\$A"', '$A'],
    ['"a\\b"', 'a\\b'], ['a\\ b', 'a b'], ['$', '$'], ['$1', '$1'], ['${PATH}:/x', '/bin:/x'],
  ];
  for (const [input, want] of cases) test(input, () => assert.equal(processWord(input, lookup), want));
  test('errors', () => {
    assert.throws(() => processWord('${A', lookup), /missing '}'/);
    assert.throws(() => processWord('${A:=x}', lookup), /unsupported modifier/);
    assert.throws(() => processWord('${NOPE:?must be set}', lookup), /NOPE: must be set/);
    assert.throws(() => processWord("'abc", lookup), /single-quote/);
  });
  test('escape token backtick', () => assert.equal(processWord('`$A', lookup, '`'), '$A'));
});

describe('word splitting', () => {
  const cases: Array<[string, string[]]> = [
    ['a b  c', ['a', 'b', 'c']], ['"a b" c', ['a b', 'c']], ['$SP z', ['x', 'y', 'z']], ['"$SP"', ['x y']], ['', []],
  ];
  for (const [input, want] of cases) test(input, () => assert.deepEqual(processWords(input, lookup), want));
  test('raw words keep quotes', () => assert.deepEqual(splitRawWords('a="b c" d=\'e\' f\\ g'), ['a="b c"', "d='e'", 'f\\ g']));
  test('heredoc expansion keeps quotes', () => assert.equal(expandVariables('echo "$A" \'${A}\'\n', lookup), 'echo "a" \'a\'\n'));
});
