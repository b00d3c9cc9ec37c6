import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseDockerignore } from '../../../src/build/dockerignore';

describe('.dockerignore', () => {
  const cases: Array<[string, string, boolean]> = [
    ['node_modules', 'node_modules', true], ['node_modules', 'node_modules/x/y', true], ['node_modules', 'a/node_modules', false],
    ['*.log', 'x.log', true], ['*.log', 'd/x.log', false], ['**/*.log', 'd/e/x.log', true], ['**/*.log', 'x.log', true],
    ['/abs', 'abs', true], ['d/**', 'd/a/b', true], ['d/**/x', 'd/x', true], ['d/**/x', 'd/a/b/x', true],
    ['?.txt', 'a.txt', true], ['?.txt', 'ab.txt', false], ['[a-c].txt', 'b.txt', true], ['[!a-c].txt', 'b.txt', false],
    ['*\n!keep.log', 'keep.log', false], ['*\n!keep.log', 'other', true], ['*.md\n!README*.md\nREADME-secret.md', 'README-secret.md', true],
    ['# comment\n\n  spaced  ', 'spaced', true], ['./a/../b', 'b', true], ['.', 'anything', true],
  ];
  for (const [text, path, want] of cases) {
    test(`${JSON.stringify(text)} ${path}`, () => assert.equal(isIgnored(parseDockerignore(text), path), want));
  }
});
