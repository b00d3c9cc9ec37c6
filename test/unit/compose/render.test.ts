import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  configHashes, configImages, configProfiles, configServices, configVolumes, loadModel, loadProject, renderModel, renderProject,
  serviceConfigHash, serviceHashInput,
} from '../../../compose/index';
import { stringStyle } from '../../../compose/render/yaml-scalar';
import { load } from './helpers';
import { fixtureFiles, memoryHost } from './memory-host';

function fixtureText(name: string): string {
  const files = fixtureFiles('render');
  return files[`/project/${name}`]!;
}

test('config YAML matches docker compose\'s shape', () => {
  const p = loadProject({}, memoryHost(fixtureFiles('render')));
  assert.equal(renderProject(p, 'yaml'), fixtureText('expected.yaml'));
});

test('config JSON matches docker compose\'s shape (sorted keys, HTML-safe escapes, no trailing newline)', () => {
  const p = loadProject({}, memoryHost(fixtureFiles('render')));
  assert.equal(renderProject(p, 'json'), fixtureText('expected.json'));
  assert.doesNotThrow(() => JSON.parse(renderProject(p, 'json')));
});

test('$ is escaped as $$ unless asked not to', () => {
  const p = load('services:\n  a:\n    image: x\n    command: echo $$HOME\n');
  assert.match(renderProject(p), /- \$\$HOME/);
  assert.match(renderProject(p, 'yaml', { escapeDollars: false }), /- \$HOME\n/);
});

// How go-yaml writes strings: [value, rendered]
const SCALARS: [string, string][] = [
  ['plain', 'plain'], ['8080', '"8080"'], ['', '""'], ['true', '"true"'], ['yes', '"yes"'], ['on', '"on"'], ['null', '"null"'],
  ['~', '"~"'], ['22:22', '"22:22"'], ['1.5', '"1.5"'], ['0x1F', '"0x1F"'], ['.inf', '".inf"'], ['2024-01-01', '"2024-01-01"'],
  ['<<', '"<<"'], ['*.example.com', "'*.example.com'"], ['a: b', "'a: b'"], ['a #b', "'a #b'"], ['a#b', 'a#b'], [' lead', "' lead'"],
  ['trail ', "'trail '"], ['tab\there', '"tab\\there"'], ['-x', '-x'], ['- x', "'- x'"], ['@at', "'@at'"], ['%p', "'%p'"],
  ["it's", "it's"], ['${VAR:-x}:80', '${VAR:-x}:80'], ['curl -f http://localhost || exit 1', 'curl -f http://localhost || exit 1'],
  ['é', 'é'], ['smile 😀', '"smile \\U0001F600"'], ['back\\slash', 'back\\slash'], ['key: "q"', '\'key: "q"\''],
];

for (const [value, rendered] of SCALARS) {
  test(`YAML string ${JSON.stringify(value)} -> ${rendered}`, () => {
    const p = load(`services:\n  a:\n    image: x\n    labels:\n      k: ${JSON.stringify(value.replaceAll('$', '$$$$'))}\n`);
    const out = renderProject(p, 'yaml', { escapeDollars: false });
    const line = out.split('\n').find((l) => l.startsWith('      k: '));
    assert.equal(line, `      k: ${rendered}`);
  });
}

test('multi-line strings are literal blocks with the right chomping', () => {
  assert.equal(stringStyle('a\nb', false), 'literal');
  assert.equal(stringStyle('a\nb ', false), 'double');
  const p = load('services:\n  a:\n    image: x\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n\n        RUN env\n    command: ["sh", "-c", "a\\nb"]\n');
  const out = renderProject(p, 'yaml', { escapeDollars: false });
  assert.match(out, /      dockerfile_inline: \|\n        FROM alpine\n\n        RUN env\n/);
  assert.match(out, /      - \|-\n        a\n        b\n/);
});

test('floats print as Go does (float32 for cpus)', () => {
  const p = load('services:\n  a:\n    image: x\n    cpus: 0.1\n  b:\n    image: x\n    deploy:\n      resources:\n        limits: {cpus: "2"}\n        reservations: {cpus: 0.25}\nx-big: 1e+06\nx-small: 0.00001\n');
  const y = renderProject(p, 'yaml');
  assert.match(y, /    cpus: 0\.1\n/);
  assert.match(y, /          cpus: 2\n/);
  assert.match(y, /          cpus: 0\.25\n/);
  assert.match(y, /x-small: 1e-05\n/);
  const j = renderProject(p, 'json');
  assert.match(j, /"cpus": 0\.1,/);
  assert.match(j, /"x-small": 0\.00001/);
});

test('--no-interpolate: the model keeps variables and prints sorted keys', () => {
  const host = memoryHost({ '/project/compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["${PORT:-8080}:80"]\n' });
  const m = loadModel({ interpolate: false }, host);
  const out = renderModel(m.model);
  assert.match(out, /      - \$\{PORT:-8080\}:80\n/);
  assert.equal(out.split('\n')[0], 'name: project');
});

test('--services lists dependencies first; --volumes, --profiles, --images', () => {
  const p = load('services:\n  web:\n    build: .\n    depends_on: [api]\n    volumes: [vol:/v]\n  api:\n    image: api:1\n    depends_on: [db]\n  db:\n    image: db\n    pre_start:\n      - {image: migrate, command: run}\n  tool:\n    image: t\n    profiles: [tools, debug]\nvolumes:\n  vol: {}\n');
  assert.deepEqual(configServices(p), ['db', 'api', 'web']);
  assert.deepEqual(configVolumes(p), ['vol']);
  assert.deepEqual(configProfiles(p), ['debug', 'tools']);
  assert.deepEqual(configImages(p), ['api:1', 'db', 'migrate', 'project-web']);
});

test('--hash: sha256 of the service JSON without build, pull_policy, scale, replicas, depends_on, profiles', () => {
  const p = load('services:\n  web:\n    image: nginx\n    build: .\n    pull_policy: always\n    scale: 2\n    depends_on: [db]\n    profiles: [p]\n    deploy: {replicas: 2}\n    ports: ["80"]\n  db:\n    image: db\n', { options: { profiles: ['p'] } });
  const input = serviceHashInput(p.services.web!);
  assert.equal(input, '{"command":null,"deploy":{"resources":{},"placement":{}},"entrypoint":null,"image":"nginx","networks":{"default":null},"ports":[{"mode":"ingress","target":80,"protocol":"tcp"}]}');
  assert.equal(serviceConfigHash(p.services.web!), createHash('sha256').update(input).digest('hex'));
  const hashes = configHashes(p);
  assert.deepEqual(hashes.map(([n]) => n), ['db', 'web']);
  const changed = load('services:\n  web:\n    image: nginx\n    ports: ["81"]\n');
  assert.notEqual(serviceConfigHash(changed.services.web!), serviceConfigHash(p.services.web!));
});

test('the 50-service sample (benchmark fixture) loads and renders', () => {
  const p = loadProject({}, memoryHost(fixtureFiles('fifty')));
  assert.equal(Object.keys(p.services).length, 51);
  assert.equal(p.services.svc7!.restart, 'unless-stopped');
  assert.deepEqual(p.services.svc7!.logging, { driver: 'json-file', options: { 'max-size': '10m' } });
  assert.deepEqual(configServices(p).slice(0, 3), ['db', 'svc0', 'svc1']);
  const yaml = renderProject(p);
  assert.equal(yaml.split('\n')[0], 'name: bench');
  assert.doesNotThrow(() => JSON.parse(renderProject(p, 'json')));
});

test('docker compose e2e expectations: config and config --no-interpolate', () => {
  const host = memoryHost({ '/e2e/compose.yaml': 'services:\n  nginx:\n    build:\n      context: nginx-build\n      dockerfile: ${MYVAR}\n' }, { cwd: '/e2e', env: { MYVAR: 'Dockerfile' } });
  assert.equal(renderProject(loadProject({}, host)), 'name: e2e\nservices:\n  nginx:\n    build:\n      context: /e2e/nginx-build\n      dockerfile: Dockerfile\n    networks:\n      default: null\nnetworks:\n  default:\n    name: e2e_default\n');
  assert.equal(renderModel(loadModel({ interpolate: false }, host).model),
    'name: e2e\nnetworks:\n  default:\n    name: e2e_default\nservices:\n  nginx:\n    build:\n      context: /e2e/nginx-build\n      dockerfile: ${MYVAR}\n    networks:\n      default: null\n');
});

test('--hash: env_file content counts through environment, the env_file entry itself does not (as compose)', () => {
  const a = load('services:\n  s:\n    image: alpine\n    env_file: [app.env]\n', { files: { '/project/app.env': 'EXAMPLE=value\n' } });
  const b = load('services:\n  s:\n    image: alpine\n    environment: [EXAMPLE=value]\n');
  assert.equal(serviceConfigHash(a.services.s!), serviceConfigHash(b.services.s!));
});
