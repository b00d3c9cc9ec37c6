import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkConfigList, PluginConfig } from '../../../cni/types';
import { NETWORK_RULES_KEY, masqueradesPerContainer, networkRulesPlan, ruleSpecs, withNetworkRules } from '../../../src/network/network-rules';
import { deleteRulesAtOnce, ensureNetworkRules, networkRuleDeletes } from '../../../src/network/network-rules-install';

const bridge = (extra: Partial<PluginConfig> = {}): PluginConfig => ({
  type: 'bridge', bridge: 'nerdctl0', isGateway: true, ipMasq: true, hairpinMode: true,
  ipam: { type: 'host-local', ranges: [[{ subnet: '10.4.0.0/24', gateway: '10.4.0.1' }]], routes: [{ dst: '0.0.0.0/0' }] },
  ...extra,
});
const list = (...plugins: PluginConfig[]): NetworkConfigList => ({ cniVersion: '1.0.0', name: 'bridge', plugins });
const nerdctlDefault = (): NetworkConfigList => list(bridge(), { type: 'portmap', capabilities: { portMappings: true } },
  { type: 'firewall', ingressPolicy: 'same-bridge' }, { type: 'tuning' });

describe('network-level rules', () => {
  test('which conflists get network rules', () => {
    const table: Array<[string, NetworkConfigList, ReturnType<typeof networkRulesPlan>]> = [
      ['nerdctl default', nerdctlDefault(), { bridge: 'nerdctl0', subnets: ['10.4.0.0/24'], masquerade: true, firewall: true, isolate: true }],
      ['internal (no masquerade)', list(bridge({ ipMasq: undefined }), { type: 'firewall' }), { bridge: 'nerdctl0', subnets: ['10.4.0.0/24'], masquerade: false, firewall: true, isolate: false }],
      ['rootless firewall backend', list(bridge(), { type: 'firewall', backend: 'iptables', ingressPolicy: 'same-bridge' }), { bridge: 'nerdctl0', subnets: ['10.4.0.0/24'], masquerade: true, firewall: true, isolate: true }],
      ['isolated policy keeps the plugin', list(bridge(), { type: 'firewall', ingressPolicy: 'isolated' }), undefined],
      ['firewalld backend keeps the plugin', list(bridge(), { type: 'firewall', backend: 'firewalld' }), undefined],
      ['IPv6 range keeps the plugins', list(bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00::/64' }]] } }), { type: 'firewall' }), undefined],
      ['other IPAM keeps the plugins', list(bridge({ ipam: { type: 'dhcp' } }), { type: 'firewall' }), undefined],
      ['ipMasqBackend keeps the plugin', list(bridge({ ipMasqBackend: 'nftables' })), undefined],
      ['nothing to do', list(bridge({ ipMasq: false })), undefined],
      ['not a bridge', list({ type: 'macvlan', master: 'eth0' }), undefined],
    ];
    for (const [name, conf, want] of table) assert.deepEqual(networkRulesPlan(conf), want, name);
  });

  test('the chain each attachment runs: no ipMasq, no firewall, marked; the rest unchanged', () => {
    const original = nerdctlDefault();
    const effective = withNetworkRules(original);
    assert.equal(effective[NETWORK_RULES_KEY], true);
    assert.deepEqual(effective.plugins.map((p) => p.type), ['bridge', 'portmap', 'tuning']);
    assert.equal(effective.plugins[0]!.ipMasq, false);
    assert.equal(original.plugins[0]!.ipMasq, true, 'the original is not changed');
    assert.equal(masqueradesPerContainer(original), true);
    assert.equal(masqueradesPerContainer(effective), false);
    const kept = list(bridge(), { type: 'firewall', ingressPolicy: 'isolated' });
    assert.equal(withNetworkRules(kept), kept);
  });

  test('rules: isolation ahead of the accepts, masquerade except within the subnet and multicast', () => {
    const specs = ruleSpecs(networkRulesPlan(nerdctlDefault())!);
    const tag = ['-m', 'comment', '--comment', 'nerdts bridge nerdctl0'];
    assert.deepEqual(specs.map((s) => [s.table, s.chain, s.insert, s.args.join(' ')]), [
      ['filter', 'FORWARD', true, '-m comment --comment nerdts network rules -j NERDTS-FORWARD'],
      ['filter', 'NERDTS-FORWARD', true, ['-i', 'nerdctl0', '!', '-o', 'nerdctl0', ...tag, '-j', 'NERDTS-ISOLATION'].join(' ')],
      ['filter', 'NERDTS-ISOLATION', false, ['-o', 'nerdctl0', ...tag, '-j', 'DROP'].join(' ')],
      ['filter', 'NERDTS-FORWARD', false, ['-o', 'nerdctl0', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'].join(' ')],
      ['filter', 'NERDTS-FORWARD', false, ['-o', 'nerdctl0', '-m', 'conntrack', '--ctstate', 'DNAT', ...tag, '-j', 'ACCEPT'].join(' ')],
      ['filter', 'NERDTS-FORWARD', false, ['-i', 'nerdctl0', ...tag, '-j', 'ACCEPT'].join(' ')],
      ['nat', 'POSTROUTING', false, '-m comment --comment nerdts network rules -j NERDTS-POSTROUTING'],
      ['nat', 'NERDTS-POSTROUTING', false, ['-s', '10.4.0.0/24', '-d', '10.4.0.0/24', ...tag, '-j', 'RETURN'].join(' ')],
      ['nat', 'NERDTS-POSTROUTING', false, ['-s', '10.4.0.0/24', '-d', '224.0.0.0/4', ...tag, '-j', 'RETURN'].join(' ')],
      ['nat', 'NERDTS-POSTROUTING', false, ['-s', '10.4.0.0/24', ...tag, '-j', 'MASQUERADE'].join(' ')],
    ]);
  });

  test('install: one iptables-restore adding the missing chains and rules only', async () => {
    const saved = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:NERDTS-FORWARD - [0:0]\n'
      + '-A FORWARD -m comment --comment "nerdts network rules" -j NERDTS-FORWARD\n'
      + '-A NERDTS-FORWARD -i nerdctl0 -m comment --comment "nerdts bridge nerdctl0" -j ACCEPT\nCOMMIT\n';
    const calls: Array<[string, string[], string | undefined]> = [];
    const run = async (cmd: string, args: string[], input?: string): Promise<string> => {
      calls.push([cmd, args, input]);
      return cmd === 'iptables-save' ? saved : '';
    };
    await ensureNetworkRules([networkRulesPlan(list(bridge({ ipMasq: false }), { type: 'firewall' }))!], run);
    assert.deepEqual(calls.map(([c, a]) => `${c} ${a.join(' ')}`), ['iptables-save ', 'iptables-restore -w 5 --noflush']);
    assert.equal(calls[1]![2], '*filter\n:NERDTS-ISOLATION - [0:0]\n'
      + '-A NERDTS-FORWARD -o nerdctl0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "nerdts bridge nerdctl0" -j ACCEPT\n'
      + '-A NERDTS-FORWARD -o nerdctl0 -m conntrack --ctstate DNAT -m comment --comment "nerdts bridge nerdctl0" -j ACCEPT\nCOMMIT\n',
    'the existing chain is not declared (that would flush it), the existing rules are not added again');
  });

  test('install: when the batch is refused, each rule is checked and added on its own', async () => {
    const calls: string[] = [];
    const present = new Set(['-t filter -C FORWARD -m comment --comment nerdts network rules -j NERDTS-FORWARD']);
    const run = async (cmd: string, args: string[]): Promise<string> => {
      const line = args.slice(2).join(' ');
      calls.push(`${cmd} ${line}`);
      if (cmd === 'iptables-restore') throw new Error('iptables-restore: line 3 failed');
      if (cmd === 'iptables-save') return '';
      if (args.includes('-C') && !present.has(line)) throw new Error('Bad rule');
      if (args.includes('-N')) throw new Error('Chain already exists.');
      return '';
    };
    await ensureNetworkRules([networkRulesPlan(list(bridge({ ipMasq: false }), { type: 'firewall' }))!], run);
    assert.deepEqual(calls.filter((c) => !c.includes(' -C ') && !c.startsWith('iptables-')), [
      'iptables -t filter -N NERDTS-FORWARD',
      'iptables -t filter -N NERDTS-ISOLATION',
      'iptables -t filter -A NERDTS-FORWARD -o nerdctl0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment nerdts bridge nerdctl0 -j ACCEPT',
      'iptables -t filter -A NERDTS-FORWARD -o nerdctl0 -m conntrack --ctstate DNAT -m comment --comment nerdts bridge nerdctl0 -j ACCEPT',
      'iptables -t filter -A NERDTS-FORWARD -i nerdctl0 -m comment --comment nerdts bridge nerdctl0 -j ACCEPT',
    ]);
    await assert.rejects(ensureNetworkRules([networkRulesPlan(nerdctlDefault())!], async () => { throw new Error('permission denied'); }), /cannot add the network rule/);
  });

  test('network rm deletes a bridge\'s rules in one batch', async () => {
    let input = '';
    const ok = await deleteRulesAtOnce([['filter', ['NERDTS-FORWARD', '-i', 'br-a', '-m', 'comment', '--comment', 'nerdts bridge br-a', '-j', 'ACCEPT']],
      ['nat', ['NERDTS-POSTROUTING', '-s', '10.4.1.0/24', '-j', 'MASQUERADE']]], async (_c, _a, i) => { input = i ?? ''; return ''; });
    assert.equal(ok, true);
    assert.equal(input, '*filter\n-D NERDTS-FORWARD -i br-a -m comment --comment "nerdts bridge br-a" -j ACCEPT\nCOMMIT\n*nat\n-D NERDTS-POSTROUTING -s 10.4.1.0/24 -j MASQUERADE\nCOMMIT\n');
    assert.equal(await deleteRulesAtOnce([['filter', ['X']]], async () => { throw new Error('no'); }), false);
  });

  test('network rm finds its rules in both tables by their comment', () => {
    const saved = '*filter\n:NERDTS-FORWARD - [0:0]\n'
      + '-A FORWARD -m comment --comment "nerdts network rules" -j NERDTS-FORWARD\n'
      + '-A NERDTS-FORWARD -i br-a -m comment --comment "nerdts bridge br-a" -j ACCEPT\n'
      + '-A NERDTS-FORWARD -i br-ab -m comment --comment "nerdts bridge br-ab" -j ACCEPT\n'
      + 'COMMIT\n*nat\n-A NERDTS-POSTROUTING -s 10.4.1.0/24 -m comment --comment "nerdts bridge br-a" -j MASQUERADE\nCOMMIT\n';
    assert.deepEqual(networkRuleDeletes(saved, 'br-a'), [
      ['filter', ['NERDTS-FORWARD', '-i', 'br-a', '-m', 'comment', '--comment', 'nerdts bridge br-a', '-j', 'ACCEPT']],
      ['nat', ['NERDTS-POSTROUTING', '-s', '10.4.1.0/24', '-m', 'comment', '--comment', 'nerdts bridge br-a', '-j', 'MASQUERADE']],
    ]);
  });
});
