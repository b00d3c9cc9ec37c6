// User-defined networks as files in a temp netconf dir: conflist generation in nerdctl's layout,
// subnet picking (existing networks and host routes avoided), docker's errors for bad input,
// listing/filters/lookup, inspect's shape, removal refused while in use, prune; and the pure
// pieces (route table, isolation rules, cached attachments, endpoints, --ip checks).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkId } from '../../../cni/nerdctl-network';
import { isNerdtsError } from '../../../src/errors';
import { cachedLinks, detachPlan, freeIfname } from '../../../src/network/attachments';
import { isolationRules } from '../../../src/network/bridge-cleanup';
import { containerEndpoints } from '../../../src/network/endpoints';
import { parseRouteTable } from '../../../src/network/host-routes';
import { containerEntries } from '../../../src/network/hosts-store';
import type { HostsMeta } from '../../../src/network/hosts-store';
import { endpointOf, inspectShape } from '../../../src/network/network-facts';
import { inspectNetwork } from '../../../src/network/network-inspect';
import { createNetwork, findNetwork, listNetworks, pruneNetworks, removeNetwork } from '../../../src/network/networks';
import type { NetworkScope } from '../../../src/network/networks';
import { checkEndpointOptions, resolveNetworks } from '../../../src/network/user-networks';

async function withScope(fn: (scope: NetworkScope, tmp: string) => Promise<void>, routes: string[] = []): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'nerdts-usernet-'));
  try {
    await fn({ netconfPath: join(tmp, 'net.d'), namespace: 'ns1', ipamDataDir: join(tmp, 'ipam'), hostRoutes: () => routes, dataStore: join(tmp, 'store') }, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try { await p; return 'no error'; } catch (err) { return isNerdtsError(err) ? `${err.code}: ${err.message}` : String(err); }
};
const unused = async (): Promise<string[]> => [];

describe('createNetwork', () => {
  test('writes nerdctl\'s conflist in <netconf>/<namespace>/ with br-<id12>, host-local, portmap, firewall, tuning', async () => {
    await withScope(async (scope) => {
      const made = await createNetwork(scope, { name: 'app', subnet: '10.20.0.0/24', gateway: '10.20.0.254', ipRange: '10.20.0.128/25', labels: { team: 'x' }, options: { mtu: '1400' } });
      assert.equal(made.id, networkId('app'));
      assert.equal(made.file, join(scope.netconfPath, 'ns1', 'nerdctl-app.conflist'));
      const doc = JSON.parse(readFileSync(made.file, 'utf8'));
      assert.deepEqual(Object.keys(doc), ['cniVersion', 'name', 'nerdctlID', 'nerdctlLabels', 'plugins']);
      assert.deepEqual(doc.nerdctlLabels, { team: 'x' });
      assert.deepEqual(doc.plugins.map((p: { type: string }) => p.type), ['bridge', 'portmap', 'firewall', 'tuning']);
      assert.equal(doc.plugins[0].bridge, `br-${networkId('app').slice(0, 12)}`);
      assert.equal(doc.plugins[0].mtu, 1400);
      assert.deepEqual(doc.plugins[0].ipam.ranges, [[{ gateway: '10.20.0.254', ipRange: '10.20.0.128/25', rangeEnd: '10.20.0.255', rangeStart: '10.20.0.129', subnet: '10.20.0.0/24' }]]);
    });
  });

  test('--internal: no portmap, no gateway role, no masquerade, no default route', async () => {
    await withScope(async (scope) => {
      const made = await createNetwork(scope, { name: 'int', internal: true });
      const doc = JSON.parse(readFileSync(made.file, 'utf8'));
      assert.deepEqual(doc.plugins.map((p: { type: string }) => p.type), ['bridge', 'firewall', 'tuning']);
      assert.equal(doc.plugins[0].isGateway, undefined);
      assert.equal(doc.plugins[0].ipMasq, undefined);
      assert.equal(doc.plugins[0].ipam.routes, undefined);
      assert.equal((await inspectNetwork(scope, 'int')).Internal, true);
    });
  });

  test('subnets are picked from 10.4.1.0/24 upwards around networks (any namespace) and host routes', async () => {
    await withScope(async (scope) => {
      assert.equal((await createNetwork(scope, { name: 'a' })).subnet, '10.4.1.0/24');
      assert.equal((await createNetwork({ ...scope, namespace: 'other' }, { name: 'b' })).subnet, '10.4.3.0/24', '10.4.2.0/24 is a host route');
      assert.equal((await createNetwork(scope, { name: 'c', subnet: '10.4.4.0/24' })).subnet, '10.4.4.0/24');
      assert.equal((await createNetwork(scope, { name: 'd' })).subnet, '10.4.5.0/24');
    }, ['10.4.2.0/24', '192.168.1.0/24']);
  });

  test('bad input: one-line errors, nothing written', async () => {
    await withScope(async (scope) => {
      await createNetwork(scope, { name: 'a', subnet: '10.30.0.0/16' });
      const cases: Array<[Parameters<typeof createNetwork>[1], RegExp]> = [
        [{ name: 'a' }, /^already-exists: network with name a already exists$/],
        [{ name: 'b', subnet: '10.30.5.0/24' }, /^invalid-argument: subnet 10.30.5.0\/24 overlaps with other one on this address space$/],
        [{ name: 'b', subnet: '10.30.300.0/24' }, /^invalid-argument: failed to parse subnet "10.30.300.0\/24"$/],
        [{ name: 'b', subnet: '10.31.0.5/24' }, /^invalid-argument: unexpected subnet "10.31.0.5\/24", maybe you meant "10.31.0.0\/24"\?$/],
        [{ name: 'b', subnet: '10.31.0.0/24', gateway: '10.32.0.1' }, /^invalid-argument: no matching subnet for gateway "10.32.0.1"$/],
        [{ name: 'b', gateway: '10.32.0.1' }, /no matching subnet for gateway/],
        [{ name: 'b', options: { foo: '1' } }, /^invalid-argument: unsupported "bridge" network option "foo"$/],
        [{ name: 'b', driver: 'macvlan' }, /^invalid-argument: unsupported network driver "macvlan"$/],
        [{ name: 'b', ipv6: true }, /^invalid-argument: IPv6 networks are not supported$/],
        [{ name: 'host' }, /^invalid-argument: host is a pre-defined network and cannot be created$/],
        [{ name: 'bad/name' }, /^invalid-argument: invalid network name "bad\/name"/],
      ];
      for (const [opts, want] of cases) assert.match(await errorOf(createNetwork(scope, opts)), want, JSON.stringify(opts));
      assert.deepEqual((await listNetworks(scope)).map((n) => n.name), ['bridge', 'a', 'host', 'none']);
    });
  });
});

describe('list, find, inspect, remove, prune', () => {
  test('ls shows bridge, the user networks, host and none; filters; lookup by name, ID and prefix', async () => {
    await withScope(async (scope) => {
      await createNetwork(scope, { name: 'front', labels: { tier: 'web' } });
      await createNetwork(scope, { name: 'back' });
      assert.deepEqual((await listNetworks(scope)).map((n) => `${n.name}/${n.driver}`), ['bridge/bridge', 'back/bridge', 'front/bridge', 'host/host', 'none/null']);
      assert.deepEqual((await listNetworks(scope, { filters: ['label=tier=web'] })).map((n) => n.name), ['front']);
      assert.deepEqual((await listNetworks(scope, { filters: ['name=ro', 'name=ac'] })).map((n) => n.name), ['back', 'front']);
      assert.deepEqual((await listNetworks(scope, { filters: ['type=custom', 'driver=bridge'] })).map((n) => n.name), ['back', 'front']);
      assert.match(await errorOf(listNetworks(scope, { filters: ['bogus=1'] })), /invalid filter 'bogus'/);
      assert.equal((await findNetwork(scope, networkId('front').slice(0, 12))).summary.name, 'front');
      assert.match(await errorOf(findNetwork(scope, 'nope')), /^not-found: network nope not found$/);
    });
  });

  test('inspect: docker\'s shape with the members from the hosts metas', async () => {
    await withScope(async (scope) => {
      await createNetwork(scope, { name: 'app', subnet: '10.40.0.0/24', labels: { a: 'b' } });
      const id = 'cd'.repeat(32);
      const dir = join(scope.dataStore!, 'etchosts', 'ns1', id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ID: id, Name: 'web', Hostname: 'h', Domainname: '', ExtraHosts: {}, Networks: { app: RESULT } }));
      const doc = await inspectNetwork(scope, 'app');
      assert.deepEqual(Object.keys(doc), ['Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress', 'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels']);
      assert.deepEqual(doc.IPAM, { Driver: 'default', Options: {}, Config: [{ Subnet: '10.40.0.0/24', Gateway: '10.40.0.1' }] });
      assert.deepEqual(doc.Containers, { [id]: { Name: 'web', EndpointID: '', MacAddress: '02:42:0a:28:00:02', IPv4Address: '10.40.0.2/24', IPv6Address: '' } });
      assert.deepEqual(doc.Labels, { a: 'b' });
      assert.equal(doc.Scope, 'local');
    });
  });

  test('rm refuses the default networks and networks in use; removes the file and IPAM state; prune keeps used ones', async () => {
    await withScope(async (scope) => {
      await createNetwork(scope, { name: 'used' });
      await createNetwork(scope, { name: 'idle' });
      await createNetwork(scope, { name: 'idle2' });
      mkdirSync(join(scope.ipamDataDir!, 'idle'), { recursive: true });
      const usage = async (n: string): Promise<string[]> => (n === 'used' ? ['web'] : []);
      assert.match(await errorOf(removeNetwork(scope, 'used', usage)),
        new RegExp(`^failed-precondition: error while removing network: network used id ${networkId('used')} has active endpoints$`));
      for (const builtin of ['bridge', 'host', 'none']) {
        assert.match(await errorOf(removeNetwork(scope, builtin, unused)), new RegExp(`${builtin} is a pre-defined network and cannot be removed`));
      }
      const cleaned: string[] = [];
      await removeNetwork(scope, 'idle', usage, async (c) => { cleaned.push(c.name); });
      assert.equal(existsSync(join(scope.netconfPath, 'ns1', 'nerdctl-idle.conflist')), false);
      assert.equal(existsSync(join(scope.ipamDataDir!, 'idle')), false);
      assert.deepEqual(cleaned, ['idle']);
      assert.deepEqual(await pruneNetworks(scope, usage), ['idle2']);
      assert.deepEqual((await listNetworks(scope, { filters: ['type=custom'] })).map((n) => n.name), ['used']);
    });
  });

  test('--network names resolve to networks; --ip, --mac-address and aliases are checked', async () => {
    await withScope(async (scope) => {
      await createNetwork(scope, { name: 'app', subnet: '10.50.0.0/24' });
      const nets = await resolveNetworks(scope.netconfPath, 'ns1', ['app', networkId('app').slice(0, 6), 'bridge']);
      assert.deepEqual(nets.map((n) => n.name), ['app', 'bridge']);
      assert.match(await errorOf(resolveNetworks(scope.netconfPath, 'ns1', ['nope'])), /^not-found: network nope not found$/);
      const check = (o: Parameters<typeof checkEndpointOptions>[0], order = nets): string => {
        try { checkEndpointOptions(o, order); return 'ok'; } catch (err) { return (err as Error).message; }
      };
      assert.equal(check({ ip: '10.50.0.9', macAddress: '02:42:ac:11:00:09', networkAliases: ['db'] }), 'ok');
      assert.match(check({ ip: '10.51.0.9' }), /^invalid address 10.51.0.9: it does not belong to any of network app's subnets$/);
      assert.match(check({ ip: '10.50.0.300' }), /invalid IPv4 address/);
      assert.match(check({ macAddress: 'zz' }), /invalid MAC address/);
      assert.match(check({ ip: '10.4.0.9' }, [nets[1]!]), /supported on user defined networks only/);
      assert.match(check({ networkAliases: ['x'] }, [nets[1]!]), /network-scoped alias is supported only/);
    });
  });
});

const RESULT = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'br-x', mac: '11:11:11:11:11:11' }, { name: 'veth1', mac: '22:22:22:22:22:22' }, { name: 'eth0', mac: '02:42:0a:28:00:02', sandbox: '/proc/1/ns/net' }],
  ips: [{ interface: 2, address: '10.40.0.2/24', gateway: '10.40.0.1' }],
};

describe('pure pieces', () => {
  test('route table: destinations in CIDR form, default route skipped', () => {
    const text = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n'
      + 'eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n'
      + 'eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n'
      + 'br-1\t0001040A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n'
      + 'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n';
    assert.deepEqual(parseRouteTable(text), ['192.168.0.0/24', '10.4.1.0/24', '172.17.0.0/16']);
  });

  test('isolation rules naming a bridge, from iptables-save', () => {
    const saved = '*nat\n-A CNI-ISOLATION-STAGE-1 -i br-a -j X\n*filter\n:CNI-ISOLATION-STAGE-1 - [0:0]\n'
      + '-A CNI-ISOLATION-STAGE-1 -i br-a ! -o br-a -m comment --comment "CNI firewall plugin rules (ingressPolicy: same-bridge)" -j CNI-ISOLATION-STAGE-2\n'
      + '-A CNI-ISOLATION-STAGE-1 -i br-b ! -o br-b -j CNI-ISOLATION-STAGE-2\n'
      + '-A CNI-ISOLATION-STAGE-2 -o br-a -m comment --comment "x" -j DROP\nCOMMIT\n';
    assert.deepEqual(isolationRules(saved, 'br-a'), [
      ['CNI-ISOLATION-STAGE-1', '-i', 'br-a', '!', '-o', 'br-a', '-m', 'comment', '--comment', 'CNI firewall plugin rules (ingressPolicy: same-bridge)', '-j', 'CNI-ISOLATION-STAGE-2'],
      ['CNI-ISOLATION-STAGE-2', '-o', 'br-a', '-m', 'comment', '--comment', 'x', '-j', 'DROP'],
    ]);
  });

  test('cached attachments: by container, ordered by interface; free ifname; detach plan', () => {
    const files = ['my-net-ns-abc-eth1', 'bridge-ns-abc-eth0', 'bridge-ns-abcd-eth0', 'other-ns-abc-lo', 'x-ns-abc-eth3'];
    const links = cachedLinks('ns-abc', '/c', () => files);
    assert.deepEqual(links, [{ network: 'bridge', ifname: 'eth0' }, { network: 'my-net', ifname: 'eth1' }, { network: 'x', ifname: 'eth3' }]);
    assert.equal(freeIfname(links), 'eth2');
    assert.equal(freeIfname([]), 'eth0');
    assert.deepEqual(detachPlan(['bridge', 'gone'], links).map((l) => `${l.network}:${l.ifname}`), ['bridge:eth0', 'my-net:eth1', 'x:eth3', 'gone:eth1']);
  });

  test('endpoints from CNI results; container inspect\'s Networks', () => {
    assert.deepEqual(endpointOf(RESULT), { ipAddress: '10.40.0.2', prefixLen: 24, gateway: '10.40.0.1', macAddress: '02:42:0a:28:00:02' });
    assert.deepEqual(endpointOf(undefined), { ipAddress: '', prefixLen: 0, gateway: '', macAddress: '' });
    const id = 'ef'.repeat(32);
    const meta: HostsMeta = { ID: id, Name: 'web', Hostname: 'h', Domainname: '', ExtraHosts: {}, Networks: { app: RESULT }, Aliases: { app: ['db'] } };
    const eps = containerEndpoints(meta, ['app', 'other'], id);
    assert.deepEqual(Object.keys(eps), ['app', 'other']);
    assert.equal(eps.app!.IPAddress, '10.40.0.2');
    assert.equal(eps.app!.IPPrefixLen, 24);
    assert.equal(eps.app!.Gateway, '10.40.0.1');
    assert.equal(eps.app!.NetworkID, networkId('app'));
    assert.deepEqual(eps.app!.Aliases, ['db']);
    assert.deepEqual(eps.app!.DNSNames, ['web', id.slice(0, 12), 'db', 'h']);
    assert.equal(eps.other!.IPAddress, '');
    const shape = inspectShape({ name: 'n', id: 'i', driver: 'bridge', labels: {}, file: '', createdMs: 0 }, undefined, []);
    assert.equal(shape.Created, '1970-01-01T00:00:00.000Z');
  });

  test('hosts entries: user networks add the .<net> names, the short ID and the aliases', () => {
    const id = '12'.repeat(32);
    const a: HostsMeta = { ID: id, Name: 'web', Hostname: 'web-h', Domainname: '', ExtraHosts: {}, Networks: { app: RESULT, bridge: RESULT }, Aliases: { app: ['db', 'cache'] } };
    assert.deepEqual(containerEntries(a, [a]), [
      `10.40.0.2       web-h web-h.app web web.app ${id.slice(0, 12)} db cache`,
      '10.40.0.2       web-h web',
    ]);
  });
});
