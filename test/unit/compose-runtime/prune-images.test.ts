// `compose down --rmi`: which images each mode removes (docker compose's image_pruner rules).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayImageName, imagesToPrune, servicesOfContainers } from '../../../src/compose/runtime/prune-images';
import type { RmiMode, ServiceImage } from '../../../src/compose/runtime/prune-images';

const SERVICES: ServiceImage[] = [
  { service: 'web', image: 'nginx' },
  { service: 'app' }, // built, named by compose
  { service: 'api', image: '127.0.0.1:5000/team/api:1.2' }, // built with a custom tag
  { service: 'worker' },
  { service: 'cache', image: 'nginx:latest' }, // same image as web
];

describe('imagesToPrune', () => {
  const cases: Array<[RmiMode, ServiceImage[], string[]]> = [
    ['local', SERVICES, ['p-app:latest', 'p-worker:latest']],
    ['all', SERVICES, ['127.0.0.1:5000/team/api:1.2', 'nginx:latest', 'p-app:latest', 'p-worker:latest']],
    ['local', [{ service: 'web', image: 'nginx' }], []],
    ['all', [], []],
  ];
  for (const [mode, services, want] of cases) {
    test(`${mode}: ${services.map((s) => s.service).join(',') || '(none)'}`, () => assert.deepEqual(imagesToPrune('p', mode, services), want));
  }
});

test('displayImageName adds the default tag and shortens docker.io names', () => {
  const cases: Array<[string, string]> = [
    ['busybox', 'busybox:latest'], ['docker.io/library/busybox:1', 'busybox:1'], ['localhost:5000/x', 'localhost:5000/x:latest'],
    ['Not Valid', 'Not Valid'],
  ];
  for (const [input, want] of cases) assert.equal(displayImageName(input), want);
});

test('without the compose file, services come from the containers (compose-named images count as local)', () => {
  const found = servicesOfContainers('p', [
    { service: 'app', image: 'docker.io/library/p-app:latest' },
    { service: 'web', image: 'docker.io/library/nginx:latest' },
  ]);
  assert.deepEqual(found, [{ service: 'app' }, { service: 'web', image: 'docker.io/library/nginx:latest' }]);
  assert.deepEqual(imagesToPrune('p', 'local', found), ['p-app:latest']);
  assert.deepEqual(imagesToPrune('p', 'all', found), ['nginx:latest', 'p-app:latest']);
});
