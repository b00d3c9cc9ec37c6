import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnnotations, withAnnotations, withHooks } from '../../../../src/container/spec/hooks';
import type { Hook } from '../../../../src/container/spec/types';
import { assertInvalid, baseSpec } from './helpers';

test('withHooks appends per stage and copies the input', () => {
  const spec = baseSpec();
  const hook: Hook = { path: '/usr/local/bin/nerdts', args: ['nerdts', 'internal', 'oci-hook', 'createRuntime'], env: ['PATH=/usr/bin'] };
  withHooks(spec, { createRuntime: [hook] });
  withHooks(spec, { poststop: [{ ...hook, args: ['nerdts', 'internal', 'oci-hook', 'postStop'] }], createRuntime: [{ path: '/bin/true', timeout: 5 }] });
  assert.deepEqual(spec.hooks?.createRuntime, [hook, { path: '/bin/true', timeout: 5 }]);
  assert.deepEqual(spec.hooks?.poststop?.[0]?.args?.at(-1), 'postStop');
  hook.args!.push('mutated');
  assert.equal(spec.hooks?.createRuntime?.[0]?.args?.length, 4);
  assertInvalid(() => withHooks(baseSpec(), { prestart: [{ path: 'relative' }] }), 'hook path must be absolute: "relative"');
});

test('annotations', () => {
  assert.deepEqual(parseAnnotations(['a=1', 'b', 'c=x=y']), { a: '1', b: '', c: 'x=y' });
  assertInvalid(() => parseAnnotations(['=v']), 'invalid annotation: "=v"');
  const spec = baseSpec();
  withAnnotations(spec, {});
  assert.equal(spec.annotations, undefined);
  withAnnotations(spec, { 'nerdctl/name': 'web', a: '1' });
  withAnnotations(spec, { a: '2' });
  assert.deepEqual(spec.annotations, { 'nerdctl/name': 'web', a: '2' });
});
