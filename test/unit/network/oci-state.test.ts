// The hook's input: the OCI state on stdin, the nerdctl/* annotations, published ports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cniNetworkNames, hookContainer, parseOciState } from '../../../src/hook/oci-state';
import { portMappingsOf } from '../../../src/hook/ports';

const ID = 'cd'.repeat(32);

describe('parseOciState', () => {
  test('reads id, pid, bundle and annotations', () => {
    const s = parseOciState(JSON.stringify({ ociVersion: '1.0.2', id: ID, status: 'created', pid: 42, bundle: '/b', annotations: { 'nerdctl/name': 'web' } }));
    assert.deepEqual(s, { id: ID, pid: 42, bundle: '/b', annotations: { 'nerdctl/name': 'web' } });
  });
  test('annotations fall back to the bundle config', () => {
    const s = parseOciState(JSON.stringify({ id: ID, pid: 1, bundle: '/b' }), (p) => (p === '/b/config.json' ? '{"annotations":{"a":"1","n":2}}' : undefined));
    assert.deepEqual(s.annotations, { a: '1' });
  });
  test('bad input', () => {
    assert.throws(() => parseOciState('nope'), /not JSON/);
    assert.throws(() => parseOciState('{}'), /no container id/);
  });
});

describe('hookContainer', () => {
  test('from annotations, with defaults', () => {
    const state = parseOciState(JSON.stringify({ id: ID, pid: 5, bundle: '', annotations: {
      'nerdctl/namespace': 'ns1', 'nerdctl/name': 'web', 'nerdctl/networks': '["bridge"]', 'nerdctl/state-dir': '/s',
      'nerdctl/extraHosts': '["db:192.0.2.9","v6:::1"]',
    } }));
    assert.deepEqual(hookContainer(state, 'default'), {
      id: ID, namespace: 'ns1', name: 'web', hostname: ID.slice(0, 12), domainname: '', stateDir: '/s', networks: ['bridge'],
      extraHosts: { db: '192.0.2.9', v6: '::1' }, ip: '', macAddress: '',
    });
    assert.equal(hookContainer(parseOciState(JSON.stringify({ id: ID })), 'dflt').namespace, 'dflt');
  });
  test('only CNI networks are attached', () => {
    assert.deepEqual(cniNetworkNames(['bridge', 'none', 'host', 'container:x', 'mynet']), ['bridge', 'mynet']);
  });
});

describe('portMappingsOf', () => {
  test('network-config.json first, then the deprecated annotation', () => {
    const file = '{"portMappings":[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":"0.0.0.0"}]}';
    assert.deepEqual(portMappingsOf('/s', {}, (p) => (p === '/s/network-config.json' ? file : undefined)),
      [{ hostPort: 8080, containerPort: 80, protocol: 'tcp', hostIP: '0.0.0.0' }]);
    assert.deepEqual(portMappingsOf('/s', { 'nerdctl/ports': '[{"HostPort":53,"ContainerPort":53,"Protocol":"udp"}]' }, () => undefined),
      [{ hostPort: 53, containerPort: 53, protocol: 'udp', hostIP: '0.0.0.0' }]);
    assert.deepEqual(portMappingsOf('', {}, () => 'garbage'), []);
  });
});
