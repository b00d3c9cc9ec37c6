import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../compose/index';
import { load, loadError } from './helpers';
import { fixtureFiles, memoryHost } from './memory-host';

test('extends: another file, paths relative to that file, resets and same-file chains', () => {
  const p = loadProject({}, memoryHost(fixtureFiles('extends')));
  const web = p.services.web!;
  assert.equal(web.image, 'app:1');
  assert.deepEqual(web.build, { context: '/project/common/src', dockerfile: 'Dockerfile' });
  assert.deepEqual(web.env_file, [{ path: '/project/common/app.env', required: true }]);
  assert.deepEqual(web.environment, { FROM_FILE: '1', BASE: '1', MODE: 'web' });
  assert.deepEqual(web.ports, [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]);
  assert.equal(web.volumes![0]!.source, '/project/common/data');
  assert.deepEqual(p.services.worker!.command, ['worker']);
  assert.deepEqual(p.services.worker!.ports, web.ports);
  assert.equal(p.services.local!.image, 'local:1');
  assert.deepEqual(p.services.deep!.labels, { chained: 'yes' });
  assert.equal(p.services.deep!.image, 'app:1');
  assert.equal(web.extensions, undefined);
});

test('extends: errors', () => {
  const svc = (body: string): string => `services:\n  web:\n    image: x\n${body}`;
  assert.equal(loadError(svc('    extends: nope\n')).message,
    '/project/compose.yaml:4:5: services.web.extends: cannot extend service "web" in /project/compose.yaml: service "nope" not found');
  assert.equal(loadError('services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n').message,
    '/project/compose.yaml: Circular reference: a in /project/compose.yaml, extends b in /project/compose.yaml, extends a in /project/compose.yaml');
  assert.match(loadError(svc('    extends: {file: other.yaml, service: x}\n'), { files: { '/project/other.yaml': 'services:\n  y:\n    image: y\n' } }).message,
    /cannot extend service "web" in \/project\/compose.yaml: service "x" not found in other.yaml/);
  assert.match(loadError(svc('    extends: {file: missing.yaml, service: x}\n')).message, /open \/project\/missing.yaml: no such file or directory/);
});

test('include: own project directory and .env, env_file, overrides, local definitions merged over', () => {
  const p = loadProject({}, memoryHost(fixtureFiles('include')));
  assert.deepEqual(Object.keys(p.services).sort(), ['cache', 'db', 'web']);
  const db = p.services.db!;
  assert.equal(db.image, 'postgres:16');
  assert.deepEqual(db.environment, { LOCAL: '1' });
  assert.deepEqual(db.volumes!.map((v) => [v.type, v.source]), [['volume', 'dbdata'], ['bind', '/project/db/init']]);
  assert.equal(p.services.cache!.image, 'redis:7');
  assert.deepEqual(p.services.cache!.command, ['redis-server', '--appendonly', 'yes']);
  assert.deepEqual(p.volumes, { dbdata: { name: 'project_dbdata' } });
  assert.equal(p.name, 'project');
});

test('include: the parent environment wins over the included .env', () => {
  const files = fixtureFiles('include');
  const p = loadProject({}, memoryHost(files, { env: { PG_VERSION: '15' } }));
  assert.equal(p.services.db!.image, 'postgres:15');
});

test('include: cycles are errors', () => {
  assert.throws(() => loadProject({}, memoryHost(fixtureFiles('include-cycle'))),
    /include cycle detected: \/project\/compose.yaml include \/project\/b.yaml include \/project\/compose.yaml/);
});

test('include: a missing included file is an error', () => {
  assert.match(loadError('include: [nope.yaml]\nservices:\n  a:\n    image: x\n').message, /open \/project\/nope.yaml: no such file or directory/);
});

test('extends within an override file uses that file\'s services', () => {
  const p = load('services:\n  base:\n    image: b\n', {
    files: { '/project/compose.override.yaml': 'services:\n  t:\n    image: t\n    labels: [a=1]\n  u:\n    extends: t\n' },
  });
  assert.deepEqual(p.services.u!.labels, { a: '1' });
});

test('include: project_directory sets where the included file\'s relative paths and .env come from', () => {
  const p = load('include:\n  - path: lib/compose.yaml\n    project_directory: runtime\nservices:\n  main:\n    image: m\n', {
    files: {
      '/project/lib/compose.yaml': 'services:\n  side:\n    image: side:${V}\n    volumes: ["./state:/state"]\n',
      '/project/runtime/.env': 'V=9\n',
    },
  });
  assert.equal(p.services.side!.image, 'side:9');
  assert.equal(p.services.side!.volumes![0]!.source, '/project/runtime/state');
});

test('include: env_file /dev/null means no env file', () => {
  const p = load('include:\n  - path: lib/compose.yaml\n    env_file: /dev/null\nservices:\n  main:\n    image: m\n', {
    files: { '/project/lib/compose.yaml': 'services:\n  side:\n    image: side:${V:-none}\n', '/project/lib/.env': 'V=9\n' },
  });
  assert.equal(p.services.side!.image, 'side:none');
});

test('documents of one file are merged in order', () => {
  const p = load('services:\n  a:\n    image: one\n---\nservices:\n  a:\n    image: two\n  b:\n    image: b\n');
  assert.equal(p.services.a!.image, 'two');
  assert.ok(p.services.b);
});
