import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNetworkConfig } from '../../../cni/conflist';
import {
  bridgeNameFor, buildBridgeNetwork, buildDefaultNetwork, findDefaultNetwork, findNetworks, networkFilePath, networkId, usedSubnetsOf,
} from '../../../cni/nerdctl-network';
import { bridgeInterfaceOf } from '../../../cni/bridge-link';
import type { CniError } from '../../../cni/errors';
import type { NetworkConfigList } from '../../../cni/types';

// The bytes nerdctl writes (Go json.MarshalIndent of its structs; ipam and labels are Go maps).
const NERDCTL_DEFAULT = `{
  "cniVersion": "1.0.0",
  "name": "bridge",
  "nerdctlID": "17f29b073143d8cd97b5bbe492bdeffec1c5fee55cc1fe2112c8b9335f8b6121",
  "nerdctlLabels": {
    "nerdctl/default-network": "true"
  },
  "plugins": [
    {
      "type": "bridge",
      "bridge": "nerdctl0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "ranges": [
          [
            {
              "gateway": "10.4.0.1",
              "subnet": "10.4.0.0/24"
            }
          ]
        ],
        "routes": [
          {
            "dst": "0.0.0.0/0"
          }
        ],
        "type": "host-local"
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    },
    {
      "type": "firewall",
      "ingressPolicy": "same-bridge"
    },
    {
      "type": "tuning"
    }
  ]
}`;

// `nerdctl network create --internal --subnet 192.168.50.0/24 --gateway 192.168.50.254
//  --ip-range 192.168.50.128/25 -o mtu=1400 internal1` (no labels: nerdctlLabels omitted).
const NERDCTL_INTERNAL = `{
  "cniVersion": "1.0.0",
  "name": "internal1",
  "nerdctlID": "523c37dd0cd41f9838228ce8cdcc2895e54686642a01b6b348b76737f615f7a8",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "br-523c37dd0cd4",
      "mtu": 1400,
      "hairpinMode": true,
      "ipam": {
        "ranges": [
          [
            {
              "gateway": "192.168.50.254",
              "ipRange": "192.168.50.128/25",
              "rangeEnd": "192.168.50.255",
              "rangeStart": "192.168.50.129",
              "subnet": "192.168.50.0/24"
            }
          ]
        ],
        "type": "host-local"
      }
    },
    {
      "type": "firewall",
      "ingressPolicy": "same-bridge"
    },
    {
      "type": "tuning"
    }
  ]
}`;

describe('nerdctl conflists', () => {
  test('the default network is byte-identical to nerdctl\'s', () => {
    assert.equal(formatNetworkConfig(buildDefaultNetwork()), NERDCTL_DEFAULT);
  });

  test('an internal network drops portmap, gateway, masquerade and the default route', () => {
    const built = buildBridgeNetwork({
      name: 'internal1', internal: true, subnet: '192.168.50.0/24', gateway: '192.168.50.254', ipRange: '192.168.50.128/25', options: { mtu: '1400' },
    });
    assert.equal(formatNetworkConfig(built.config), NERDCTL_INTERNAL);
    assert.deepEqual(built.warnings, []);
  });

  test('--bridge-ip sets the default network\'s subnet and gateway', () => {
    const ipam = buildDefaultNetwork({ bridgeIp: '10.5.0.7/16' }).plugins[0]!.ipam!;
    assert.deepEqual(ipam.ranges, [[{ gateway: '10.5.0.7', subnet: '10.5.0.0/16' }]]);
  });

  test('a user network takes the first free /24 from 10.4.1.0/24, br-<id12>, sorted labels', () => {
    const { config } = buildBridgeNetwork({ name: 'foo', labels: { 'z.b': '2', 'a.a': '1' }, usedSubnets: ['10.4.0.0/24', '10.4.1.0/24', '10.4.2.1/24', '127.0.0.1/8'] });
    assert.deepEqual(Object.keys(config), ['cniVersion', 'name', 'nerdctlID', 'nerdctlLabels', 'plugins']);
    assert.deepEqual(Object.keys(config.nerdctlLabels!), ['a.a', 'z.b']);
    assert.deepEqual(config.plugins.map((p) => p.type), ['bridge', 'portmap', 'firewall', 'tuning']);
    assert.equal(config.plugins[0]!.bridge, 'br-2c26b46b68ff');
    assert.deepEqual(config.plugins[0]!.ipam!.ranges, [[{ gateway: '10.4.3.1', subnet: '10.4.3.0/24' }]]);
  });

  test('driver options: ip-masq, icc and their docker names; rootless firewall backend', () => {
    const noMasq = buildBridgeNetwork({ name: 'n1', subnet: '10.9.0.0/24', options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' } });
    assert.equal(noMasq.config.plugins[0]!.ipMasq, undefined);
    assert.equal(noMasq.config.plugins[0]!.isGateway, true);

    const isolated = buildBridgeNetwork({ name: 'n2', subnet: '10.9.0.0/24', options: { icc: 'false' }, firewallSupportsIsolated: true, rootless: true });
    assert.deepEqual(isolated.config.plugins[2], { type: 'firewall', backend: 'iptables', ingressPolicy: 'isolated' });
    assert.deepEqual(isolated.warnings, []);

    const oldFirewall = buildBridgeNetwork({ name: 'n3', subnet: '10.9.0.0/24', options: { 'com.docker.network.bridge.enable_icc': '0' } });
    assert.deepEqual(oldFirewall.config.plugins[2], { type: 'firewall', ingressPolicy: 'same-bridge' });
    assert.match(oldFirewall.warnings[0]!, /firewall" \(>= 1\.7\.1\)/);
  });

  const errors: Array<[string, Parameters<typeof buildBridgeNetwork>[0], RegExp]> = [
    ['unknown option', { name: 'x', options: { foo: '1' } }, /^unsupported "bridge" network option "foo"$/],
    ['bad bool', { name: 'x', options: { icc: 'maybe' } }, /invalid boolean "maybe"/],
    ['negative mtu', { name: 'x', options: { mtu: '-1' } }, /mtu -1 is less than zero/],
    ['host bits set', { name: 'x', subnet: '10.9.0.1/24' }, /^unexpected subnet "10.9.0.1\/24", maybe you meant "10.9.0.0\/24"\?$/],
    ['overlap', { name: 'x', subnet: '10.4.0.0/16', usedSubnets: ['10.4.0.0/24'] }, /^subnet 10.4.0.0\/16 overlaps with other one on this address space$/],
    ['gateway outside', { name: 'x', subnet: '10.9.0.0/24', gateway: '10.8.0.1' }, /^no matching subnet for gateway "10.8.0.1"$/],
    ['gateway without subnet', { name: 'x', gateway: '10.8.0.1' }, /^no matching subnet for gateway "10.8.0.1"$/],
    ['ip-range outside', { name: 'x', subnet: '10.9.0.0/24', ipRange: '10.8.0.0/25' }, /^no matching subnet for ip-range "10.8.0.0\/25"$/],
    ['ip-range wider than subnet', { name: 'x', subnet: '10.9.0.0/24', ipRange: '10.9.0.0/16' }, /^no matching subnet "10.9.0.0\/24" for ip-range "10.9.0.0\/16"$/],
    ['bad gateway', { name: 'x', subnet: '10.9.0.0/24', gateway: 'nope' }, /^failed to parse gateway "nope"$/],
    ['bad name', { name: '-x' }, /invalid network name/],
  ];
  for (const [label, opts, message] of errors) {
    test(`rejects: ${label}`, () => {
      assert.throws(() => buildBridgeNetwork(opts), (err: CniError) => err.kind === 'invalid-argument' && message.test(err.message));
    });
  }
});

describe('naming and lookup', () => {
  test('IDs, bridge names and file paths follow nerdctl', () => {
    assert.equal(networkId('bridge'), '17f29b073143d8cd97b5bbe492bdeffec1c5fee55cc1fe2112c8b9335f8b6121');
    assert.equal(bridgeNameFor('bridge'), 'nerdctl0');
    assert.equal(bridgeNameFor('foo'), 'br-2c26b46b68ff');
    assert.equal(networkFilePath('/etc/cni/net.d', 'default', 'bridge'), '/etc/cni/net.d/nerdctl-bridge.conflist');
    assert.equal(networkFilePath('/etc/cni/net.d', 'default', 'foo'), '/etc/cni/net.d/default/nerdctl-foo.conflist');
    assert.equal(networkFilePath('/etc/cni/net.d', '', 'foo'), '/etc/cni/net.d/nerdctl-foo.conflist');
  });

  const nets = [buildDefaultNetwork(), buildBridgeNetwork({ name: 'foo', subnet: '10.4.7.0/24' }).config, { cniVersion: '1.0.0', name: 'other', plugins: [{ type: 'macvlan', ipam: { type: 'host-local', ranges: [[{ subnet: '10.8.0.0/24' }]] } }] } as NetworkConfigList]
    .map((config) => ({ config }));

  test('the bridge interface of a network', () => {
    assert.deepEqual(nets.map((n) => bridgeInterfaceOf(n.config)), ['nerdctl0', 'br-2c26b46b68ff', undefined]);
  });

  test('used subnets come from bridge + host-local networks only', () => {
    assert.deepEqual(usedSubnetsOf(nets.map((n) => n.config)), ['10.4.0.0/24', '10.4.7.0/24']);
  });

  test('lookup by name, then by ID prefix; default network by label, then by name', () => {
    assert.deepEqual(findNetworks(nets, 'foo').map((n) => n.config.name), ['foo']);
    assert.deepEqual(findNetworks(nets, '2c26b46b68ff').map((n) => n.config.name), ['foo']);
    assert.deepEqual(findNetworks(nets, '17f29b07').map((n) => n.config.name), ['bridge']);
    assert.deepEqual(findNetworks(nets, 'zzz'), []);
    assert.equal(findDefaultNetwork(nets)?.config.name, 'bridge');
    const unlabeled = { config: { cniVersion: '1.0.0', name: 'bridge', plugins: [{ type: 'bridge' }] } };
    assert.equal(findDefaultNetwork([nets[1]!, unlabeled]), unlabeled);
  });
});
