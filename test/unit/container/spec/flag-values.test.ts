import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpusFlag, parseSizeFlag, ramInBytes } from '../../../../src/container/spec/flag-values';
import { assertInvalid } from './helpers';

test('ramInBytes follows go-units RAMInBytes', () => {
  const cases: Array<[string, number]> = [
    ['32', 32], ['32b', 32], ['32B', 32], ['32k', 32 * 1024], ['32K', 32 * 1024], ['32kb', 32 * 1024],
    ['32Kib', 32 * 1024], ['32Mb', 32 * 1024 ** 2], ['32Gb', 32 * 1024 ** 3], ['32Tb', 32 * 1024 ** 4],
    ['32PB', 32 * 1024 ** 5], ['0.5m', 512 * 1024], ['32.3', 32], ['1.5 GiB', 1.5 * 1024 ** 3], ['512m', 512 * 1024 ** 2],
  ];
  for (const [text, want] of cases) assert.equal(ramInBytes(text), want, text);
});

test('ramInBytes errors', () => {
  const cases: Array<[string, string]> = [
    ['', "invalid size: ''"], ['abc', "invalid size: 'abc'"], ['-1', "invalid size: '-1'"],
    ['32mb2', 'strconv.ParseFloat: parsing "32mb2": invalid syntax'], ['12x', "invalid suffix: 'x'"],
    ['12kbb', "invalid suffix: 'kbb'"], ['12bb', "invalid suffix: 'bb'"], ['1 mib ', 'strconv.ParseFloat: parsing "1 mib": invalid syntax'],
    ['12kB2', 'strconv.ParseFloat: parsing "12kB2": invalid syntax'], ['12ki', "invalid suffix: 'ki'"],
  ];
  for (const [text, want] of cases) assert.throws(() => ramInBytes(text), { message: want }, text);
});

test('parseSizeFlag wraps the reason in docker wording', () => {
  assertInvalid(() => parseSizeFlag('abc', '-m, --memory'), `invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'`);
  assert.equal(parseSizeFlag('64m', '--shm-size'), 64 * 1024 ** 2);
});

test('parseCpusFlag: exact nano-CPUs', () => {
  const cases: Array<[string, number]> = [['1', 1e9], ['1.5', 1.5e9], ['0.1', 1e8], ['0.001', 1e6], ['3/2', 1.5e9], ['2e-1', 2e8], ['.5', 5e8]];
  for (const [text, want] of cases) assert.equal(parseCpusFlag(text), want, text);
  assertInvalid(() => parseCpusFlag('abc'), 'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number');
  assertInvalid(() => parseCpusFlag('0.0000000001'), 'invalid argument "0.0000000001" for "--cpus" flag: value is too precise');
  assertInvalid(() => parseCpusFlag('1/0'), /rational number/);
});
