import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../../compose/index';
import { load } from './helpers';

function svc(body: string): string {
  return `services:\n  web:\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
}

const TOP = 'networks:\n  front: {}\n  back: {}\nsecrets:\n  a:\n    file: ./a\n  b:\n    file: ./b\n';

// [case, base service attributes, override service attributes, field, expected]
const CASES: [string, string, string, keyof Service, unknown][] = [
  ['scalars are replaced', 'image: a', 'image: b', 'image', 'b'],
  ['ports append, duplicates go', 'ports: ["8080:80"]', 'ports: ["8080:80", "9090:90"]', 'ports', [
    { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }, { mode: 'ingress', target: 90, published: '9090', protocol: 'tcp' }]],
  ['ports de-duplicate across short and long syntax', 'ports: ["8080:80"]', 'ports:\n  - {target: 80, published: "8080", protocol: tcp}', 'ports', [
    { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]],
  ['expose appends unique values', 'expose: [80]', 'expose: ["80", 81]', 'expose', ['80', '81']],
  ['dns appends unique values (string or list)', 'dns: 1.1.1.1', 'dns: [1.1.1.1, 8.8.8.8]', 'dns', ['1.1.1.1', '8.8.8.8']],
  ['environment merges by key across list and map', 'environment: [A=1, B=2]', 'environment:\n  B: 3\n  C: 4', 'environment', { A: '1', B: '3', C: '4' }],
  ['labels merge by key', 'labels: {a: "1", b: "2"}', 'labels: [b=3]', 'labels', { a: '1', b: '3' }],
  ['volumes merge by target', 'volumes: ["./a:/data", "./c:/c"]', 'volumes: ["./b:/data:ro"]', 'volumes', [
    { type: 'bind', source: '/project/b', target: '/data', read_only: true, bind: { create_host_path: true } },
    { type: 'bind', source: '/project/c', target: '/c', bind: { create_host_path: true } }]],
  ['command is replaced', 'command: a b', 'command: [c]', 'command', ['c']],
  ['entrypoint is replaced', 'entrypoint: [a, b]', 'entrypoint: c', 'entrypoint', ['c']],
  ['healthcheck.test is replaced, the rest merges', 'healthcheck:\n  test: [CMD, a]\n  interval: 10s', 'healthcheck:\n  test: [CMD-SHELL, b]', 'healthcheck', {
    test: ['CMD-SHELL', 'b'], interval: 10e9 }],
  ['depends_on: list and map merge', 'depends_on: [db]', 'depends_on:\n  db: {condition: service_healthy}', 'depends_on', {
    db: { condition: 'service_healthy', restart: false, required: true } }],
  ['networks: list and map merge', 'networks: [front]', 'networks:\n  back: {aliases: [x]}', 'networks', { front: null, back: { aliases: ['x'] } }],
  ['build: string and map merge', 'build: ./app', 'build:\n  dockerfile: Dev.Dockerfile', 'build', { context: '/project/app', dockerfile: 'Dev.Dockerfile' }],
  ['build.args merge by key', 'build:\n  context: .\n  args: [A=1, B=2]', 'build:\n  args: {B: 3}', 'build', { context: '/project', dockerfile: 'Dockerfile', args: { A: '1', B: '3' } }],
  ['logging: same driver merges options', 'logging:\n  driver: json-file\n  options: {max-size: 1m}', 'logging:\n  options: {max-file: "3"}', 'logging', {
    driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } }],
  ['logging: another driver replaces', 'logging:\n  driver: json-file\n  options: {max-size: 1m}', 'logging:\n  driver: syslog', 'logging', { driver: 'syslog' }],
  ['secrets merge by target', 'secrets: [a]', 'secrets:\n  - a\n  - {source: b, target: /run/secrets/a}', 'secrets', [{ source: 'b', target: '/run/secrets/a' }]],
  ['ulimits entries are replaced', 'ulimits:\n  nofile: {soft: 1, hard: 2}\n  nproc: 10', 'ulimits:\n  nofile: 5', 'ulimits', { nofile: { single: 5 }, nproc: { single: 10 } }],
  ['deploy merges nested mappings', 'deploy:\n  resources:\n    limits: {cpus: "1", memory: 1g}', 'deploy:\n  resources:\n    limits: {memory: 2g}', 'deploy', {
    resources: { limits: { cpus: 1, memory: 2147483648 } } }],
  ['extra_hosts drop identical entries', 'extra_hosts: ["a:1.1.1.1"]', 'extra_hosts: ["a:1.1.1.1", "b:2.2.2.2"]', 'extra_hosts', { a: ['1.1.1.1'], b: ['2.2.2.2'] }],
  ['env_file de-duplicates by path', 'env_file: [a.env]', 'env_file: [a.env, b.env]', 'env_file', [{ path: '/project/a.env', required: true }, { path: '/project/b.env', required: true }]],
  ['cap_add de-duplicates', 'cap_add: [NET_ADMIN]', 'cap_add: [NET_ADMIN, SYS_TIME]', 'cap_add', ['NET_ADMIN', 'SYS_TIME']],
  ['tmpfs merges by path', 'tmpfs: ["/run:size=1m"]', 'tmpfs: ["/run:size=2m", "/tmp"]', 'tmpfs', ['/run:size=2m', '/tmp']],
  ['null in the override keeps the base value', 'deploy: {replicas: 2}', 'deploy:', 'deploy', { replicas: 2 }],
  ['!reset removes a value', 'ports: ["8080:80"]', 'ports: !reset []', 'ports', undefined],
  ['!reset removes a scalar', 'user: root', 'user: !reset null', 'user', undefined],
  ['!override replaces a list', 'ports: ["8080:80"]', 'ports: !override ["9090:90"]', 'ports', [{ mode: 'ingress', target: 90, published: '9090', protocol: 'tcp' }]],
  ['!override replaces a mapping', 'environment: {A: "1", B: "2"}', 'environment: !override {C: "3"}', 'environment', { C: '3' }],
];

for (const [name, base, over, field, expected] of CASES) {
  test(`merge: ${name}`, () => {
    const image = base.startsWith('image:') ? '' : 'image: x\n';
    const p = load(`${svc(`${image}${base}`)}  db:\n    image: postgres\n${TOP}`, {
      files: { '/project/compose.override.yaml': svc(over) },
      options: { resolveEnvironment: false },
    });
    assert.deepEqual(p.services.web![field], expected);
  });
}

test('merge: files given with -f are merged in order; top-level definitions merge by key', () => {
  const p = load('', {
    files: {
      '/project/a.yaml': 'services:\n  web:\n    image: a\nnetworks:\n  n:\n    driver: bridge\n',
      '/project/b.yaml': 'services:\n  web:\n    image: b\n    networks: [n]\nnetworks:\n  n:\n    labels: [x=1]\n',
      '/project/c.yaml': 'services:\n  db:\n    image: c\n',
    },
    options: { files: ['a.yaml', 'b.yaml', 'c.yaml'] },
  });
  assert.deepEqual(Object.keys(p.services).sort(), ['db', 'web']);
  assert.equal(p.services.web!.image, 'b');
  assert.deepEqual(p.networks.n, { name: 'project_n', driver: 'bridge', labels: { x: '1' } });
  assert.deepEqual(p.composeFiles, ['/project/a.yaml', '/project/b.yaml', '/project/c.yaml']);
});

test('merge: relative paths in later files resolve against the project directory', () => {
  const p = load('', {
    files: {
      '/project/compose.yaml': 'services:\n  web:\n    image: a\n',
      '/project/sub/extra.yaml': 'services:\n  web:\n    volumes: ["./data:/data"]\n',
    },
    options: { files: ['compose.yaml', 'sub/extra.yaml'] },
  });
  assert.equal(p.services.web!.volumes![0]!.source, '/project/data');
});
