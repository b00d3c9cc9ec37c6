import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseEnvFile, replaceOrAppendEnv, resolveEnvFlag, userEnv, withDefaultEnv, withEnv,
} from '../../../../src/container/spec/env';
import { assertInvalid, baseSpec, strictLookup } from './helpers';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('-e values', () => {
  const lookup = strictLookup({ HOME_DIR: '/home/me', EMPTY: '', MISSING: undefined });
  const cases: Array<[string, string]> = [
    ['K=V', 'K=V'], ['K=', 'K='], ['K=a=b', 'K=a=b'], ['HOME_DIR', 'HOME_DIR=/home/me'],
    ['EMPTY', 'EMPTY='], ['MISSING', 'MISSING'], ['lower=case spaces ok', 'lower=case spaces ok'],
  ];
  for (const [input, want] of cases) test(`${input} -> ${want}`, () => assert.equal(resolveEnvFlag(input, lookup), want));
  test('empty name is refused', () => {
    assertInvalid(() => resolveEnvFlag('=x', lookup), 'invalid environment variable: =x');
    assertInvalid(() => resolveEnvFlag('', lookup), 'invalid environment variable: ');
  });
});

describe('--env-file', () => {
  test('docker rules: comments, blank lines, leading space trimmed, value verbatim, bare keys from host', () => {
    const text = '\uFEFF# comment\n\n  A=1\nB = kept\r\nC="quoted" \nFROM_HOST\nNOT_ON_HOST\nD=\n\t# indented comment\nE=x=y';
    const lookup = strictLookup({ FROM_HOST: 'h', NOT_ON_HOST: undefined });
    assert.throws(() => parseEnvFile(text, lookup, 'f.env'), { message: "invalid env file (f.env): variable 'B ' contains whitespaces" });
    const ok = text.replace('B = kept', 'B= kept');
    assert.deepEqual(parseEnvFile(ok, lookup, 'f.env'), ['A=1', 'B= kept', 'C="quoted" ', 'FROM_HOST=h', 'D=', 'E=x=y']);
  });
  test('a line without a name fails', () => {
    assertInvalid(() => parseEnvFile('=oops\n', strictLookup({}), 'x.env'), "invalid env file (x.env): no variable name on line '=oops'");
  });
  test('files first, then -e (which win when merged)', () => {
    const env = userEnv({
      envFiles: [{ name: 'a', text: 'A=file\nB=file\n' }], env: ['A=flag', 'C'], lookup: strictLookup({ C: 'host' }),
    });
    assert.deepEqual(env, ['A=file', 'B=file', 'A=flag', 'C=host']);
    assert.deepEqual(replaceOrAppendEnv([], env), ['A=flag', 'B=file', 'C=host']);
  });
});

describe('merging', () => {
  const cases: Array<{ name: string; base: string[]; over: string[]; want: string[] }> = [
    { name: 'replace in place', base: ['A=1', 'B=2'], over: ['A=3'], want: ['A=3', 'B=2'] },
    { name: 'append new', base: ['A=1'], over: ['C=3'], want: ['A=1', 'C=3'] },
    { name: 'bare key unsets', base: ['A=1', 'B=2'], over: ['A'], want: ['B=2'] },
    { name: 'bare unknown key is dropped', base: ['A=1'], over: ['Z'], want: ['A=1'] },
    { name: 'same key twice keeps the last', base: [], over: ['X=1', 'X=2'], want: ['X=2'] },
    { name: 'PATH from image replaces the default', base: [PATH], over: ['PATH=/bin'], want: ['PATH=/bin'] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(replaceOrAppendEnv(c.base, c.over), c.want));

  test('withEnv and defaults next to PATH', () => {
    const spec = baseSpec();
    withEnv(spec, ['FOO=bar']);
    withDefaultEnv(spec, 'HOSTNAME', 'h1');
    withDefaultEnv(spec, 'TERM', 'xterm');
    assert.deepEqual(spec.process.env, [PATH, 'HOSTNAME=h1', 'TERM=xterm', 'FOO=bar']);
    withDefaultEnv(spec, 'FOO', 'ignored');
    assert.ok(spec.process.env.includes('FOO=bar'));
    assert.ok(!spec.process.env.includes('FOO=ignored'));
  });
});
