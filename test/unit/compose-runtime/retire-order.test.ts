import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retireInOrder } from '../../../src/compose/runtime/retire-order';

const c = (service: string, dependsOn = ''): { service: string; labels: Record<string, string> } =>
  ({ service, labels: dependsOn ? { 'com.docker.compose.depends_on': dependsOn } : {} });

test('a service stops after every service depending on it has stopped; each removal follows its own stop', async () => {
  const events: string[] = [];
  const tick = () => new Promise((r) => setImmediate(r));
  const all = [c('db'), c('api', 'db:service_healthy:false'), c('web', 'api:service_started:false,db:service_started:false'), c('cache'), c('worker', 'cache:service_started:false')];
  await retireInOrder(all, async (x) => { events.push(`stop ${x.service}`); await tick(); }, async (x) => { await tick(); events.push(`rm ${x.service}`); });
  const at = (e: string) => events.indexOf(e);
  assert.equal(events.length, 10);
  assert.ok(at('stop web') < at('stop api') && at('stop api') < at('stop db'), events.join(', '));
  assert.ok(at('stop worker') < at('stop cache'));
  for (const s of ['db', 'api', 'web', 'cache', 'worker']) assert.ok(at(`stop ${s}`) < at(`rm ${s}`));
  assert.ok(at('rm web') < at('stop db'), 'a removal does not wait for the other stops');
});

test('a failed stop still removes the container and the others, then reports the failure; cycles do not hang', async () => {
  const removed: string[] = [];
  await assert.rejects(retireInOrder([c('a', 'b:service_started:false'), c('b', 'a:service_started:false'), c('x')],
    async (x) => { if (x.service === 'x') throw new Error('kill failed'); },
    async (x) => { removed.push(x.service); }), /kill failed/);
  assert.deepEqual(removed.sort(), ['a', 'b', 'x']);
});
