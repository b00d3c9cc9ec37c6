import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyLevels, dependents, findCycle, startOrder, stopLevels } from '../../../compose/index';
import type { Service } from '../../../compose/index';

function services(deps: Record<string, string[]>): { services: Record<string, Service> } {
  const out: Record<string, Service> = {};
  for (const [name, d] of Object.entries(deps)) {
    out[name] = { name, depends_on: Object.fromEntries(d.map((x) => [x, { condition: 'service_started' as const, restart: false, required: true }])) };
  }
  return { services: out };
}

test('levels: independent services start together, dependents after their dependencies', () => {
  const p = services({ web: ['api', 'cache'], api: ['db'], db: [], cache: [], worker: ['db'], lone: [] });
  assert.deepEqual(dependencyLevels(p), [['cache', 'db', 'lone'], ['api', 'worker'], ['web']]);
  assert.deepEqual(stopLevels(p), [['web'], ['api', 'worker'], ['cache', 'db', 'lone']]);
  assert.deepEqual(startOrder(p), ['cache', 'db', 'lone', 'api', 'worker', 'web']);
});

test('levels for a subset include its dependencies only', () => {
  const p = services({ web: ['api'], api: ['db'], db: [], other: [] });
  assert.deepEqual(dependencyLevels(p, ['api']), [['db'], ['api']]);
});

test('dependencies on services outside the project are ignored', () => {
  assert.deepEqual(dependencyLevels(services({ a: ['gone'] })), [['a']]);
});

test('cycles are found deterministically and rejected', () => {
  assert.equal(findCycle(services({ b: ['c'], c: ['a'], a: ['b'] }).services), 'a -> b -> c -> a');
  assert.equal(findCycle(services({ a: [] }).services), undefined);
  assert.throws(() => dependencyLevels(services({ a: ['a'] })), /dependency cycle detected: a -> a/);
});

test('dependents of a service', () => {
  assert.deepEqual(dependents(services({ web: ['db'], api: ['db'], db: [] }), 'db'), ['api', 'web']);
});
