import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './helpers';

const SERVICE = 'services:\n  web:\n    image: x\n    networks: [front, ext, named]\n    volumes: [data:/d, ext_vol:/e, local_bind:/l]\n    secrets: [pw, token]\n    configs: [inline, fromenv, cfg]\n';

const TOP = `networks:
  front:
    driver: bridge
    driver_opts: {com.docker.network.bridge.name: br0, mtu: 1400}
    ipam:
      driver: default
      config:
        - subnet: 172.28.0.0/16
          gateway: 172.28.0.1
          aux_addresses: {host1: 172.28.1.5}
    internal: true
    enable_ipv6: false
    labels: [tier=front]
  ext:
    external: true
  named:
    name: custom-net
volumes:
  data:
    driver_opts: {type: none}
    labels: {a: b}
  ext_vol:
    external: true
    name: shared
  local_bind:
    driver: local
    driver_opts: {type: none, o: bind, device: ./host-dir}
secrets:
  pw:
    file: ./pw.txt
  token:
    environment: TOKEN
configs:
  inline:
    content: |
      key=value
  fromenv:
    environment: CFG
  cfg:
    external: true
x-top: {k: v}
`;

test('top-level definitions: names, external resources, options and content', () => {
  const p = load(SERVICE + TOP, { env: { TOKEN: 's3cret', CFG: 'from-env' } });
  assert.deepEqual(p.networks, {
    front: {
      name: 'project_front', driver: 'bridge', driver_opts: { 'com.docker.network.bridge.name': 'br0', mtu: '1400' },
      ipam: { driver: 'default', config: [{ subnet: '172.28.0.0/16', gateway: '172.28.0.1', aux_addresses: { host1: '172.28.1.5' } }] },
      internal: true, enable_ipv6: false, labels: { tier: 'front' },
    },
    ext: { name: 'ext', external: true },
    named: { name: 'custom-net' },
  });
  assert.deepEqual(p.volumes, {
    data: { name: 'project_data', driver_opts: { type: 'none' }, labels: { a: 'b' } },
    ext_vol: { name: 'shared', external: true },
    local_bind: { name: 'project_local_bind', driver: 'local', driver_opts: { type: 'none', o: 'bind', device: '/project/host-dir' } },
  });
  assert.deepEqual(p.secrets, {
    pw: { name: 'project_pw', file: '/project/pw.txt' },
    token: { name: 'project_token', environment: 'TOKEN', content: 's3cret' },
  });
  assert.deepEqual(p.configs, {
    inline: { name: 'project_inline', content: 'key=value\n' },
    fromenv: { name: 'project_fromenv', environment: 'CFG', content: 'from-env' },
    cfg: { name: 'cfg', external: true },
  });
  assert.deepEqual(p.extensions, { 'x-top': { k: 'v' } });
});

test('deprecated external.name becomes name + external (with a warning)', () => {
  const p = load('services:\n  web:\n    image: x\n    networks: [n]\nnetworks:\n  n:\n    external:\n      name: real\n');
  assert.deepEqual(p.networks.n, { name: 'real', external: true });
  assert.match(p.warnings[0]!.message, /networks\.n: external\.name is deprecated/);
});

test('the default network exists only when a service uses it', () => {
  assert.deepEqual(Object.keys(load('services:\n  a:\n    image: x\n    network_mode: host\n').networks), []);
  assert.deepEqual(load('services:\n  a:\n    image: x\n').networks, { default: { name: 'project_default' } });
  assert.deepEqual(load('services:\n  a:\n    image: x\nnetworks:\n  default:\n    name: mine\n').networks, { default: { name: 'mine' } });
});

test('scale is copied to deploy.replicas when deploy is set', () => {
  const p = load('services:\n  a:\n    image: x\n    scale: 3\n    deploy:\n      resources: {limits: {memory: 1g}}\n');
  assert.equal(p.services.a!.deploy!.replicas, 3);
});
