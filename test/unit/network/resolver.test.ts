// The bridge network setup's files (conflist on first use, resolv.conf, hostname, hosts, meta,
// labels) in temp dirs, and which setup each --network value gets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDefaultNetwork } from '../../../cni/nerdctl-network';
import { formatNetworkConfig } from '../../../cni/conflist';
import type { NetworkRequest } from '../../../src/container/network';
import { hostNetwork, noneNetwork } from '../../../src/container/network';
import { bridgeNetwork, cniNetworks } from '../../../src/network/resolver';
import { isNerdtsError } from '../../../src/errors';

const ID = 'ab'.repeat(32);

function setup(): { tmp: string; req: NetworkRequest } {
  const tmp = mkdtempSync(join(tmpdir(), 'nerdts-net-unit-'));
  const dataStore = join(tmp, 'store');
  const stateDir = join(dataStore, 'containers', 'ns1', ID);
  mkdirSync(stateDir, { recursive: true });
  const files: Record<string, string> = { '/etc/resolv.conf': 'nameserver 127.0.0.53\nsearch example.com\n', '/run/systemd/resolve/resolv.conf': 'nameserver 192.0.2.53\n' };
  return {
    tmp,
    req: {
      id: ID, name: 'web', namespace: 'ns1', dataStore, stateDir, networks: ['bridge'], addHosts: ['db:192.0.2.9'],
      host: { readText: (p) => files[p], hostname: () => 'hosty', pinNetns: async (ns, id) => join(tmp, `netns-${ns}-${id}`) },
      cni: { netconfPath: join(tmp, 'net.d'), cniPath: '/nonexistent' },
    },
  };
}

describe('bridge network prepare', () => {
  test('writes the default conflist, the etc files and the labels; asks for hooks', async () => {
    const { tmp, req } = setup();
    try {
      const c = await bridgeNetwork.prepare(req);
      const conflist = join(tmp, 'net.d', 'nerdctl-bridge.conflist');
      assert.equal(readFileSync(conflist, 'utf8'), formatNetworkConfig(buildDefaultNetwork()));
      assert.equal(statSync(conflist).mode & 0o777, 0o644);
      assert.equal(c.needsHooks, true);
      assert.equal(c.hostname, ID.slice(0, 12));
      assert.equal(c.labels['nerdctl/networks'], '["bridge"]');
      assert.equal(c.labels['nerdctl/hostname'], ID.slice(0, 12));
      assert.equal(c.labels['nerdctl/extraHosts'], '["db:192.0.2.9"]');
      assert.equal(readFileSync(join(req.stateDir, 'hostname'), 'utf8'), `${ID.slice(0, 12)}\n`);
      assert.equal(readFileSync(join(req.stateDir, 'resolv.conf'), 'utf8'), 'nameserver 192.0.2.53\n', 'the stub resolver is replaced by the upstream list');
      const hostsDir = join(req.dataStore, 'etchosts', 'ns1', ID);
      assert.match(readFileSync(join(hostsDir, 'hosts'), 'utf8'), /^192\.0\.2\.9\s+db$/m);
      assert.deepEqual(c.mounts.map((m) => m.destination), ['/etc/resolv.conf', '/etc/hosts', '/etc/hostname']);
      assert.equal(c.labels['nerdctl/network-namespace'], join(tmp, `netns-ns1-${ID}`), 'a pinned namespace');
      const spec = { linux: { namespaces: [{ type: 'network' }] } } as unknown as Parameters<typeof c.mutate>[0];
      c.mutate(spec);
      assert.deepEqual(spec.linux.namespaces, [{ type: 'network', path: join(tmp, `netns-ns1-${ID}`) }]);
      await bridgeNetwork.release({ id: ID, namespace: 'ns1', dataStore: req.dataStore, labels: c.labels, ...(req.cni && { cni: req.cni }) });
      assert.equal(existsSync(hostsDir), false);
      assert.equal(existsSync(conflist), true, 'the network outlives its containers');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('an existing network named bridge is used as it is', async () => {
    const { tmp, req } = setup();
    try {
      const own = join(tmp, 'net.d', '10-custom.conflist');
      mkdirSync(join(tmp, 'net.d'));
      const text = JSON.stringify({ cniVersion: '1.0.0', name: 'bridge', plugins: [{ type: 'bridge', bridge: 'custom0' }] });
      writeFileSync(own, text);
      await bridgeNetwork.prepare(req);
      assert.equal(existsSync(join(tmp, 'net.d', 'nerdctl-bridge.conflist')), false);
      assert.equal(readFileSync(own, 'utf8'), text);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('cniNetworks', () => {
  const code = (networks: string[]): string | undefined => {
    try { cniNetworks(networks); return undefined; } catch (err) { return isNerdtsError(err) ? `${err.code}: ${err.message}` : String(err); }
  };
  test('modes map to setups', () => {
    assert.equal(cniNetworks(['bridge']), bridgeNetwork);
    assert.equal(cniNetworks([]), bridgeNetwork);
    assert.equal(cniNetworks(['none']), noneNetwork);
    assert.equal(cniNetworks(['host']), hostNetwork);
  });
  test('user networks, several networks and container:<x> get a setup; conflicting modes are refused', () => {
    assert.equal(code(['mynet']), undefined);
    assert.equal(code(['mynet', 'bridge']), undefined);
    assert.equal(code(['container:abc']), undefined);
    assert.match(code(['container:abc', 'mynet'])!, /^invalid-argument: conflicting options/);
    assert.match(code(['ns:/proc/1/ns/net'])!, /^unimplemented: network mode "ns:/);
    assert.match(code(['bridge', 'host'])!, /^invalid-argument: conflicting options/);
  });
});
