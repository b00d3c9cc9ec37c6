import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, levenshtein, suggest } from '../../../src/cli/suggest';

test('levenshtein', () => {
  const cases: Array<[string, string, number]> = [
    ['', '', 0], ['a', '', 1], ['', 'abc', 3], ['images', 'images', 0], ['imags', 'images', 1],
    ['kitten', 'sitting', 3], ['PS', 'ps', 0], ['pull', 'push', 2], ['pull', 'pul', 1], ['flaw', 'lawn', 2],
  ];
  for (const [a, b, d] of cases) {
    assert.equal(levenshtein(a, b), d, `${a} ${b}`);
    assert.equal(levenshtein(b, a), d, `${b} ${a}`);
  }
});

test('suggest: close words and prefixes, closest first, short words stay strict', () => {
  const words = ['images', 'image', 'inspect', 'info', 'ps', 'pull', 'push', 'top', 'rm', 'rmi', 'network'];
  const cases: Array<[string, string[]]> = [
    ['imags', ['image', 'images']],
    ['pul', ['pull']],
    ['psh', ['ps', 'push']],
    ['netwrk', ['network']],
    ['net', ['network']],
    ['foo', []],
    ['x', []],
    ['rn', ['rm']],
    ['', []],
  ];
  for (const [typed, want] of cases) assert.deepEqual(suggest(typed, words), want, typed);
  assert.equal(suggest('i', ['ia', 'ib', 'ic', 'id'], 3).length, 3);
});

test('didYouMean renders cobra\'s block', () => {
  assert.equal(didYouMean([]), '');
  assert.equal(didYouMean(['ls', 'rm']), '\n\nDid you mean this?\n\tls\n\trm');
});
