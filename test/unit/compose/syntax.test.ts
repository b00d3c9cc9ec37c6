import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '../../../compose/index';
import { load, webService } from './helpers';

const VOLUMES = 'volumes:\n  data: {}\nsecrets:\n  pw:\n    file: ./pw.txt\nconfigs:\n  conf:\n    file: ./c.conf\nnetworks:\n  front: {}\n';
const ENV = { FROM_SHELL: 'shell-value' };

// [case, service attributes (YAML), field, expected typed value]
const CASES: [string, string, keyof Service, unknown][] = [
  ['port: container only', 'ports: ["80"]', 'ports', [{ mode: 'ingress', target: 80, protocol: 'tcp' }]],
  ['port: number', 'ports: [8080]', 'ports', [{ mode: 'ingress', target: 8080, protocol: 'tcp' }]],
  ['port: host:container', 'ports: ["8080:80"]', 'ports', [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]],
  ['port: ip', 'ports: ["127.0.0.1:8080:80"]', 'ports', [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }]],
  ['port: ipv6', 'ports: ["[::1]:8080:80"]', 'ports', [{ mode: 'ingress', host_ip: '::1', target: 80, published: '8080', protocol: 'tcp' }]],
  ['port: ip without host port', 'ports: ["127.0.0.1::80"]', 'ports', [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, protocol: 'tcp' }]],
  ['port: udp', 'ports: ["53:53/udp"]', 'ports', [{ mode: 'ingress', target: 53, published: '53', protocol: 'udp' }]],
  ['port: ranges pair up', 'ports: ["3000-3001:4000-4001"]', 'ports', [
    { mode: 'ingress', target: 4000, published: '3000', protocol: 'tcp' }, { mode: 'ingress', target: 4001, published: '3001', protocol: 'tcp' }]],
  ['port: container range', 'ports: ["3000-3001"]', 'ports', [{ mode: 'ingress', target: 3000, protocol: 'tcp' }, { mode: 'ingress', target: 3001, protocol: 'tcp' }]],
  ['port: host range, one container port', 'ports: ["9090-9091:8080"]', 'ports', [{ mode: 'ingress', target: 8080, published: '9090-9091', protocol: 'tcp' }]],
  ['port: entries sorted as "port/proto" strings', 'ports: ["9-10:9-10"]', 'ports', [
    { mode: 'ingress', target: 10, published: '10', protocol: 'tcp' }, { mode: 'ingress', target: 9, published: '9', protocol: 'tcp' }]],
  ['port: long syntax', 'ports:\n  - {name: web, target: 80, published: 8080, protocol: udp, mode: host, app_protocol: http, host_ip: 0.0.0.0}', 'ports', [
    { name: 'web', mode: 'host', host_ip: '0.0.0.0', target: 80, published: '8080', protocol: 'udp', app_protocol: 'http' }]],
  ['port: long syntax defaults', 'ports:\n  - target: "80"', 'ports', [{ mode: 'ingress', target: 80, protocol: 'tcp' }]],
  ['volume: relative bind', 'volumes: ["./html:/usr/share/html"]', 'volumes', [
    { type: 'bind', source: '/project/html', target: '/usr/share/html', bind: { create_host_path: true } }]],
  ['volume: read-only bind', 'volumes: ["/etc/x:/x:ro"]', 'volumes', [{ type: 'bind', source: '/etc/x', target: '/x', read_only: true, bind: { create_host_path: true } }]],
  ['volume: ~ expands to HOME', 'volumes: ["~/cfg:/cfg"]', 'volumes', [{ type: 'bind', source: '/home/user/cfg', target: '/cfg', bind: { create_host_path: true } }]],
  ['volume: ../ is resolved', 'volumes: ["../shared:/s"]', 'volumes', [{ type: 'bind', source: '/shared', target: '/s', bind: { create_host_path: true } }]],
  ['volume: selinux', 'volumes: ["/a:/b:z"]', 'volumes', [{ type: 'bind', source: '/a', target: '/b', bind: { selinux: 'z', create_host_path: true } }]],
  ['volume: propagation and ro', 'volumes: ["/a:/b:ro,rshared"]', 'volumes', [{ type: 'bind', source: '/a', target: '/b', read_only: true, bind: { propagation: 'rshared', create_host_path: true } }]],
  ['volume: named', 'volumes: ["data:/data"]', 'volumes', [{ type: 'volume', source: 'data', target: '/data', volume: {} }]],
  ['volume: named nocopy', 'volumes: ["data:/data:nocopy"]', 'volumes', [{ type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } }]],
  ['volume: anonymous', 'volumes: ["/cache"]', 'volumes', [{ type: 'volume', target: '/cache', volume: {} }]],
  ['volume: target cleaned', 'volumes: ["/a:/b/c/"]', 'volumes', [{ type: 'bind', source: '/a', target: '/b/c', bind: { create_host_path: true } }]],
  ['volume: long bind (no host path creation)', 'volumes:\n  - {type: bind, source: ./a, target: /a}', 'volumes', [{ type: 'bind', source: '/project/a', target: '/a' }]],
  ['volume: long bind options', 'volumes:\n  - {type: bind, source: /a, target: /a, bind: {propagation: rprivate}}', 'volumes', [
    { type: 'bind', source: '/a', target: '/a', bind: { propagation: 'rprivate', create_host_path: true } }]],
  ['volume: tmpfs', 'volumes:\n  - {type: tmpfs, target: /t, tmpfs: {size: 64m, mode: 01777}}', 'volumes', [{ type: 'tmpfs', target: '/t', tmpfs: { size: 67108864, mode: 0o1777 } }]],
  ['depends_on: list', 'depends_on: [db]', 'depends_on', { db: { condition: 'service_started', restart: false, required: true } }],
  ['depends_on: map', 'depends_on:\n  db: {condition: service_healthy}', 'depends_on', { db: { condition: 'service_healthy', restart: false, required: true } }],
  ['depends_on: required and restart', 'depends_on:\n  db: {condition: service_completed_successfully, required: false, restart: true}', 'depends_on', {
    db: { condition: 'service_completed_successfully', restart: true, required: false } }],
  ['depends_on: from links', 'links: ["db:database"]', 'depends_on', { db: { condition: 'service_started', restart: true, required: true } }],
  ['depends_on: from network_mode service:', 'network_mode: "service:db"\nnetworks: !reset []', 'depends_on', { db: { condition: 'service_started', restart: true, required: true } }],
  ['depends_on: from volumes_from', 'volumes_from: ["db:ro"]', 'depends_on', { db: { condition: 'service_started', restart: false, required: true } }],
  ['environment: list, bare names from the shell', 'environment: ["A=1", "FROM_SHELL", "MISSING", "EMPTY="]', 'environment', {
    A: '1', FROM_SHELL: 'shell-value', MISSING: null, EMPTY: '' }],
  ['environment: map, scalars as strings', 'environment:\n  A: 1\n  B: true\n  C:\n  D: 1.5\n  E: 0755\n  FROM_SHELL:', 'environment', {
    A: '1', B: 'true', C: null, D: '1.5', E: '493', FROM_SHELL: 'shell-value' }],
  ['env_file: string', 'env_file: a.env', 'env_file', [{ path: '/project/a.env', required: true }]],
  ['env_file: long', 'env_file:\n  - a.env\n  - {path: ./b.env, required: false, format: raw}', 'env_file', [
    { path: '/project/a.env', required: true }, { path: '/project/b.env', required: false, format: 'raw' }]],
  ['networks: list', 'networks: [front]', 'networks', { front: null }],
  ['networks: map', 'networks:\n  front:\n    aliases: [a]\n    ipv4_address: 10.0.0.2\n    priority: 10', 'networks', {
    front: { aliases: ['a'], ipv4_address: '10.0.0.2', priority: 10 } }],
  ['networks: none means default', '', 'networks', { default: null }],
  ['secrets: short', 'secrets: [pw]', 'secrets', [{ source: 'pw', target: '/run/secrets/pw' }]],
  ['secrets: long with octal mode', 'secrets:\n  - {source: pw, target: /s, uid: "1000", mode: 0440}', 'secrets', [{ source: 'pw', target: '/s', uid: '1000', mode: 0o440 }]],
  ['secrets: mode as string is octal', 'secrets:\n  - {source: pw, mode: "0400"}', 'secrets', [{ source: 'pw', target: '/run/secrets/pw', mode: 0o400 }]],
  ['configs: short (no default target)', 'configs: [conf]', 'configs', [{ source: 'conf' }]],
  ['healthcheck: string test', 'healthcheck:\n  test: curl -f http://x || exit 1\n  interval: 30s\n  timeout: 1m30s\n  retries: 3\n  start_period: 500ms\n  start_interval: 2s', 'healthcheck', {
    test: ['CMD-SHELL', 'curl -f http://x || exit 1'], interval: 30e9, timeout: 90e9, retries: 3, start_period: 500e6, start_interval: 2e9 }],
  ['healthcheck: list test', 'healthcheck:\n  test: ["CMD", "pg_isready"]', 'healthcheck', { test: ['CMD', 'pg_isready'] }],
  ['healthcheck: disable', 'healthcheck:\n  disable: true', 'healthcheck', { disable: true }],
  ['deploy.resources', 'deploy:\n  resources:\n    limits: {cpus: "0.5", memory: 512m, pids: 100}\n    reservations: {memory: 1g}', 'deploy', {
    resources: { limits: { cpus: 0.5, memory: 536870912, pids: 100 }, reservations: { memory: 1073741824 } } }],
  ['deploy: replicas and restart policy', 'deploy:\n  replicas: 2\n  restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}', 'deploy', {
    replicas: 2, restart_policy: { condition: 'on-failure', delay: 5e9, max_attempts: 3 } }],
  ['ulimits: single and soft/hard', 'ulimits:\n  nproc: 65535\n  nofile: {soft: 1024, hard: 2048}', 'ulimits', { nproc: { single: 65535 }, nofile: { soft: 1024, hard: 2048 } }],
  ['devices: short', 'devices: ["/dev/a:/dev/b:r", "/dev/c"]', 'devices', [
    { source: '/dev/a', target: '/dev/b', permissions: 'r' }, { source: '/dev/c', target: '/dev/c', permissions: 'rwm' }]],
  ['tmpfs: string', 'tmpfs: /run', 'tmpfs', ['/run']],
  ['labels: list', 'labels: ["a=1", "b", "c=x=y"]', 'labels', { a: '1', b: '', c: 'x=y' }],
  ['labels: map', 'labels:\n  a: 1\n  b: false\n  c:', 'labels', { a: '1', b: 'false', c: '' }],
  ['annotations', 'annotations: ["a=1"]', 'annotations', { a: '1' }],
  ['extra_hosts: list forms', 'extra_hosts: ["a:1.2.3.4", "b=::1", "c:[fe80::1]", "d=1.1.1.1,2.2.2.2"]', 'extra_hosts', {
    a: ['1.2.3.4'], b: ['::1'], c: ['fe80::1'], d: ['1.1.1.1', '2.2.2.2'] }],
  ['extra_hosts: map', 'extra_hosts:\n  a: 1.2.3.4\n  b: [2.2.2.2, 3.3.3.3]', 'extra_hosts', { a: ['1.2.3.4'], b: ['2.2.2.2', '3.3.3.3'] }],
  ['sysctls: list', 'sysctls: ["net.core.somaxconn=1024"]', 'sysctls', { 'net.core.somaxconn': '1024' }],
  ['sysctls: map', 'sysctls:\n  net.ipv4.ip_forward: 1', 'sysctls', { 'net.ipv4.ip_forward': '1' }],
  ['dns: string', 'dns: 8.8.8.8', 'dns', ['8.8.8.8']],
  ['dns: list', 'dns: [1.1.1.1, 8.8.8.8]', 'dns', ['1.1.1.1', '8.8.8.8']],
  ['dns_search: string', 'dns_search: example.com', 'dns_search', ['example.com']],
  ['command: shell-split string', 'command: bundle exec "thin -p" 3000 \'a b\' c\\ d', 'command', ['bundle', 'exec', 'thin -p', '3000', 'a b', 'c d']],
  ['command: list as is', 'command: ["echo", "a b"]', 'command', ['echo', 'a b']],
  ['command: empty list is kept', 'command: []', 'command', []],
  ['entrypoint: string', 'entrypoint: /bin/sh -c', 'entrypoint', ['/bin/sh', '-c']],
  ['build: string', 'build: .', 'build', { context: '/project', dockerfile: 'Dockerfile' }],
  ['build: long', 'build:\n  context: ./app\n  dockerfile: Dockerfile.dev\n  args: [A=1, B, FROM_SHELL]\n  target: prod\n  labels: {a: b}\n  network: host\n  tags: [x:1]\n  additional_contexts: [base=../base]\n  cache_from: [img]\n  shm_size: 1g', 'build', {
    context: '/project/app', dockerfile: 'Dockerfile.dev', args: { A: '1', FROM_SHELL: 'shell-value' }, target: 'prod', labels: { a: 'b' },
    network: 'host', tags: ['x:1'], additional_contexts: { base: '/base' }, cache_from: ['img'], shm_size: 1073741824 }],
  ['build: inline dockerfile', 'build:\n  context: .\n  dockerfile_inline: FROM alpine', 'build', { context: '/project', dockerfile_inline: 'FROM alpine' }],
  ['build: remote context untouched', 'build: https://github.com/docker/x.git#main', 'build', { context: 'https://github.com/docker/x.git#main', dockerfile: 'Dockerfile' }],
  ['duration: stop_grace_period', 'stop_grace_period: 1m30s', 'stop_grace_period', 90e9],
  ['bytes: mem_limit', 'mem_limit: 1g', 'mem_limit', 1073741824],
  ['bytes: shm_size number', 'shm_size: 1048576', 'shm_size', 1048576],
  ['cpus', 'cpus: 1.5', 'cpus', 1.5],
  ['logging', 'logging:\n  driver: json-file\n  options: {max-size: 10m, max-file: 3}', 'logging', { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } }],
  ['pull_policy if_not_present becomes missing', 'pull_policy: if_not_present', 'pull_policy', 'missing'],
  ['gpus: all', 'gpus: all', 'gpus', [{ count: -1 }]],
  ['booleans from strings', 'privileged: "true"', 'privileged', true],
  ['extensions are kept', 'x-custom: {a: 1}', 'extensions', { 'x-custom': { a: 1 } }],
];

for (const [name, body, field, expected] of CASES) {
  test(`syntax: ${name}`, () => {
    let yaml = webService(body, VOLUMES);
    if (/\bdb\b/.test(body)) yaml = yaml.replace('services:\n', 'services:\n  db:\n    image: postgres\n');
    const p = load(yaml, { env: ENV, options: { resolveEnvironment: false } });
    assert.deepEqual(p.services.web![field], expected);
  });
}
