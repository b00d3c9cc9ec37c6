import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Project, Service } from '../../../compose';
import { parseBuildArgs, serviceBuildOptions, serviceImageName } from '../../../src/compose/runtime/build-images';

const project = { name: 'demo', services: {} } as unknown as Project;
const svc = (s: Partial<Service>): Service => ({ name: 'web', ...s }) as Service;

describe('compose build options', () => {
  test('image name: image: wins, else <project>-<service>', () => {
    assert.equal(serviceImageName(project, svc({})), 'demo-web');
    assert.equal(serviceImageName(project, svc({ image: 'me/web:1' })), 'me/web:1');
  });

  test('--build-arg: K=V, K from env, unset K skipped', () => {
    assert.deepEqual(parseBuildArgs(['A=1', 'B', 'C', 'D=x=y'], { B: 'two' }), { A: '1', B: 'two', D: 'x=y' });
    assert.throws(() => parseBuildArgs(['=v'], {}), /invalid build arg/);
  });

  test('service build section as builder options', () => {
    const s = svc({ image: 'me/web', build: { context: '/src', dockerfile: 'docker/Dockerfile', args: { A: '1', N: null }, target: 't', tags: ['me/web:extra'], labels: { l: 'v' }, no_cache: true } });
    assert.deepEqual(serviceBuildOptions(project, s, { buildArgs: ['B=2'], pull: true }), {
      contextDir: '/src', tags: ['me/web', 'me/web:extra'], buildArgs: { A: '1', B: '2' }, dockerfile: '/src/docker/Dockerfile',
      target: 't', labels: { l: 'v' }, noCache: true, pull: true,
    });
    const inline = serviceBuildOptions(project, svc({ build: { context: '/src', dockerfile_inline: 'FROM x' } }));
    assert.equal(inline.dockerfileText, 'FROM x');
    assert.equal(inline.dockerfile, undefined);
  });

  test('contexts the builder cannot read are refused', () => {
    for (const context of ['https://github.com/x/y.git', 'service:base', 'rel/dir']) {
      assert.throws(() => serviceBuildOptions(project, svc({ build: { context } })), /not supported/);
    }
    assert.deepEqual(serviceBuildOptions(project, svc({ build: { context: '/src', additional_contexts: { a: '/b' } } })).namedContexts, { a: '/b' });
  });
});
