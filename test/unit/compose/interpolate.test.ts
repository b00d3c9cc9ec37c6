import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../compose/index';
import { load } from './helpers';
import { memoryHost } from './memory-host';

const ENV = { N: '3', T: '80', R: '2', C: '0.5', X: '4', U: '1024', E: 'true', F: 'false', K: 'key', TAG: '1.2', HOST: '0.0.0.0', P: '8080' };

test('strings are cast back where the spec expects numbers and booleans', () => {
  const yaml = `services:
  web:
    image: app:\${TAG}
    scale: \${N}
    cpus: \${C}
    read_only: "\${F}"
    tty: "true"
    ports: ["\${HOST}:\${P}:\${T}", {target: "\${T}", published: 9090}]
    healthcheck: {retries: "\${X}", test: [NONE]}
    ulimits: {nofile: "\${U}", nproc: {soft: "\${U}", hard: "\${U}"}}
    volumes: [{type: volume, source: v, target: /v, read_only: "\${E}"}]
    deploy: {replicas: "\${N}"}
    networks: [n]
volumes:
  v: {}
networks:
  n:
    external: "\${E}"
`;
  const s = load(yaml, { env: ENV }).services.web!;
  assert.equal(s.image, 'app:1.2');
  assert.equal(s.scale, 3);
  assert.equal(s.cpus, 0.5);
  assert.equal(s.read_only, false);
  assert.equal(s.tty, true);
  assert.deepEqual(s.ports, [
    { mode: 'ingress', host_ip: '0.0.0.0', target: 80, published: '8080', protocol: 'tcp' },
    { mode: 'ingress', target: 80, published: '9090', protocol: 'tcp' },
  ]);
  assert.equal(s.healthcheck!.retries, 4);
  assert.deepEqual(s.ulimits, { nofile: { single: 1024 }, nproc: { soft: 1024, hard: 1024 } });
  assert.equal(s.volumes![0]!.read_only, true);
  assert.equal(s.deploy!.replicas, 3);
});

test('keys are never interpolated; $$ is a literal dollar', () => {
  const s = load('services:\n  web:\n    image: x\n    environment:\n      "${K}": "$$HOME and ${K}"\n', { env: ENV }).services.web!;
  assert.deepEqual(s.environment, { '${K}': '$HOME and key' });
});

test('x- extensions and the project name are interpolated too', () => {
  const p = load('name: app-${K}\nx-info: {tag: "${TAG}"}\nservices:\n  web:\n    image: x\n', { env: ENV });
  assert.equal(p.name, 'app-key');
  assert.deepEqual(p.extensions, { 'x-info': { tag: '1.2' } });
});

test('--no-interpolate keeps variables; unparseable short syntax stays as written', () => {
  const host = memoryHost({ '/project/compose.yaml': 'services:\n  web:\n    image: app:${TAG}\n    ports: ["${P}:80", "9090:90"]\n    scale: ${N}\n' });
  const m = loadModel({ interpolate: false }, host).model as { services: { web: Record<string, unknown> } };
  assert.equal(m.services.web.image, 'app:${TAG}');
  assert.deepEqual(m.services.web.ports, ['${P}:80', { mode: 'ingress', target: 90, published: '9090', protocol: 'tcp' }]);
  assert.equal(m.services.web.scale, '${N}');
});
