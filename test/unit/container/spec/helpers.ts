// Shared fixtures for the spec tests.
import assert from 'node:assert/strict';
import { defaultSpec } from '../../../../src/container/spec/defaults';
import type { Spec } from '../../../../src/container/spec/types';
import { isNerdtsError } from '../../../../src/errors';

export const ID = 'a'.repeat(64);

/** A default spec for container ID "aaaa..." in namespace "default". */
export function baseSpec(): Spec {
  return defaultSpec({ id: ID, namespace: 'default' });
}

/** Asserts fn throws an invalid-argument NerdtsError whose message equals (string) or matches (RegExp). */
export function assertInvalid(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isNerdtsError(err), `not a NerdtsError: ${String(err)}`);
    assert.equal(err.code, 'invalid-argument');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

/** A lookup that fails the test when asked for a key it was not given. */
export function strictLookup(values: Record<string, string | undefined>): (key: string) => string | undefined {
  return (key) => {
    if (!(key in values)) assert.fail(`unexpected env lookup: ${key}`);
    return values[key];
  };
}
