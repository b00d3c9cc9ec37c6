import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substitute } from '../../../compose/env/template';
import { isComposeError } from '../../../compose/index';

const ENV: Record<string, string> = { FOO: 'foo', EMPTY: '', BAR: 'bar' };
const lookup = (k: string): string | undefined => (Object.hasOwn(ENV, k) ? ENV[k] : undefined);

// [template, expected value, or an error message]
const CASES: [string, string | { error: string }][] = [
  ['$FOO', 'foo'],
  ['${FOO}', 'foo'],
  ['pre-${FOO}-post', 'pre-foo-post'],
  ['${FOO}${BAR}', 'foobar'],
  ['$FOO$BAR', 'foobar'],
  ['$UNSET', ''],
  ['${UNSET}', ''],
  ['$foo', ''],
  ['${UNSET:-def}', 'def'],
  ['${EMPTY:-def}', 'def'],
  ['${FOO:-def}', 'foo'],
  ['${UNSET:-}', ''],
  ['${UNSET-def}', 'def'],
  ['${EMPTY-def}', ''],
  ['${FOO-def}', 'foo'],
  ['${FOO:+rep}', 'rep'],
  ['${EMPTY:+rep}', ''],
  ['${UNSET:+rep}', ''],
  ['${FOO+rep}', 'rep'],
  ['${EMPTY+rep}', 'rep'],
  ['${UNSET+rep}', ''],
  ['${FOO:?err}', 'foo'],
  ['${EMPTY?err}', ''],
  ['${EMPTY:?must be set}', { error: 'required variable EMPTY is missing a value: must be set' }],
  ['${UNSET?msg}', { error: 'required variable UNSET is missing a value: msg' }],
  ['${UNSET:?}', { error: 'required variable UNSET is missing a value' }],
  ['${UNSET:?$BAR is needed}', { error: 'required variable UNSET is missing a value: bar is needed' }],
  ['${UNSET:-${BAR}}', 'bar'],
  ['${UNSET:-${UNSET2:-x}}', 'x'],
  ['${UNSET:-a${BAR}b}', 'abarb'],
  ['${UNSET:-a:b}', 'a:b'],
  ['${UNSET:-{x}}', '{x}'],
  ['${UNSET:-x}${BAR}', 'xbar'],
  ['${FOO:-x}-${UNSET:-y}', 'foo-y'],
  ['${FOO:+${BAR}}', 'bar'],
  ['$$FOO', '$FOO'],
  ['$${FOO}', '${FOO}'],
  ['a$$$FOO', 'a$foo'],
  ['$$$$', '$$'],
  ['5$', '5$'],
  ['$1', '$1'],
  ['$ x', '$ x'],
  ['$}', '$}'],
  ['no variables', 'no variables'],
  ['${}', { error: 'invalid interpolation format "${}" (escape a literal $ as $$)' }],
  ['${FOO', { error: 'invalid interpolation format "${FOO" (escape a literal $ as $$)' }],
  ['${FOO BAR}', { error: 'invalid interpolation format "${FOO BAR}" (escape a literal $ as $$)' }],
  ['${1A}', { error: 'invalid interpolation format "${1A}" (escape a literal $ as $$)' }],
  ['${FOO:=x}', { error: 'invalid interpolation format "${FOO:=x}" (escape a literal $ as $$)' }],
];

for (const [template, expected] of CASES) {
  test(`substitute ${JSON.stringify(template)}`, () => {
    if (typeof expected === 'string') {
      assert.equal(substitute(template, lookup), expected);
      return;
    }
    assert.throws(() => substitute(template, lookup), (err) => isComposeError(err) && err.reason === expected.error);
  });
}

test('only bare unset variables are reported, once per occurrence', () => {
  const unset: string[] = [];
  substitute('$A ${B} ${C:-x} ${D-y} ${E:+z} $FOO', lookup, (n) => unset.push(n));
  assert.deepEqual(unset, ['A', 'B']);
});

test('variable names are case sensitive', () => {
  assert.equal(substitute('${Foo}${FOO}', lookup), 'foo');
});
