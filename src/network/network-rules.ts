// Network-level iptables rules in place of per-container ones. In nerdctl's chain the bridge
// plugin's ipMasq makes a NAT chain for every container, and the firewall plugin adds two
// FORWARD accepts per container address and re-checks its isolation rules: about twenty
// iptables runs per start and stop, each reading the whole ruleset, the largest cost of a
// container on the bridge. docker writes such rules once per bridge; nerdts does the same: the
// first attachment to a network (under the CNI lock) installs the equivalent rules for the whole
// bridge, and every attachment runs the chain without ipMasq and without the firewall plugin.
// The conflist on disk is unchanged, so nerdctl still reads nerdts' networks as its own.
//
// Equivalence, per network with bridge BR and IPv4 subnets S:
// - ipMasq (per address A: `-s A -j CNI-x`; CNI-x: `-d S ACCEPT`, `! -d 224.0.0.0/4 MASQUERADE`)
//   becomes nat NERDTS-POSTROUTING: `-s S -d S RETURN`, `-s S -d 224.0.0.0/4 RETURN`, `-s S MASQUERADE`;
// - firewall (CNI-FORWARD: `-d A RELATED,ESTABLISHED ACCEPT`, `-s A ACCEPT`) becomes filter
//   NERDTS-FORWARD: `-o BR RELATED,ESTABLISHED ACCEPT`, `-i BR ACCEPT`, and (which the plugins
//   lack, docker has) `-o BR DNAT ACCEPT` for published ports reached from other hosts;
// - ingressPolicy same-bridge (`-i BR ! -o BR` to a stage that drops `-o <other bridge>`) becomes
//   NERDTS-FORWARD `-i BR ! -o BR -j NERDTS-ISOLATION` ahead of the accepts, NERDTS-ISOLATION `-o BR DROP`.
// Anything else (IPv6 ranges, other IPAM, firewall options such as backend or isolated) keeps
// the plugins' own per-container rules.
import type { NetworkConfigList, PluginConfig } from '../../cni/types';

/** A key on the effective conflist (kept in the CNI result cache) saying the rules are the network's. */
export const NETWORK_RULES_KEY = 'nerdtsNetworkRules';

const FORWARD_CHAIN = 'NERDTS-FORWARD';
const ISOLATION_CHAIN = 'NERDTS-ISOLATION';
const POSTROUTING_CHAIN = 'NERDTS-POSTROUTING';
const JUMP_COMMENT = 'nerdts network rules';
export const NERDTS_CHAINS: ReadonlyArray<readonly [table: string, chain: string]> = [
  ['filter', FORWARD_CHAIN], ['filter', ISOLATION_CHAIN], ['nat', POSTROUTING_CHAIN],
];

/** What one network needs installed. */
export interface NetworkRulesPlan {
  bridge: string;
  subnets: string[];
  masquerade: boolean;
  firewall: boolean;
  isolate: boolean;
}

/** One rule to make sure of: `-C` first, then `-I <chain> 1` (insert) or `-A`. */
export interface RuleSpec {
  table: 'filter' | 'nat';
  chain: string;
  args: string[];
  insert: boolean;
}

/** The plan for a conflist, or undefined when its plugins keep their own rules. */
export function networkRulesPlan(list: NetworkConfigList): NetworkRulesPlan | undefined {
  const bridgePlugin = list.plugins[0];
  if (bridgePlugin?.type !== 'bridge' || typeof bridgePlugin.bridge !== 'string' || bridgePlugin.bridge === '') return undefined;
  if (bridgePlugin.ipMasqBackend !== undefined) return undefined;
  const subnets = ipv4Subnets(bridgePlugin);
  if (!subnets) return undefined;
  const firewalls = list.plugins.filter((p) => p.type === 'firewall');
  if (firewalls.length > 1 || !firewalls.every(isPlainFirewall)) return undefined;
  const masquerade = bridgePlugin.ipMasq === true;
  const firewall = firewalls.length === 1;
  if (!masquerade && !firewall) return undefined;
  return { bridge: bridgePlugin.bridge, subnets, masquerade, firewall, isolate: firewalls[0]?.ingressPolicy === 'same-bridge' };
}

/** The conflist each attachment runs: no ipMasq, no firewall plugin, marked for the cache. */
export function withNetworkRules(list: NetworkConfigList, plan: NetworkRulesPlan | undefined = networkRulesPlan(list)): NetworkConfigList {
  if (!plan) return list;
  const plugins = list.plugins
    .filter((p) => p.type !== 'firewall')
    .map((p, i) => (i === 0 && plan.masquerade ? { ...p, ipMasq: false } : p));
  return { ...list, [NETWORK_RULES_KEY]: true, plugins };
}

/** Whether a (cached) conflist's bridge masquerades per container: its DEL needs the netns. */
export function masqueradesPerContainer(list: NetworkConfigList): boolean {
  return list.plugins.some((p) => p.type === 'bridge' && p.ipMasq === true);
}

/** The rules of a plan, in the order to install them. */
export function ruleSpecs(plan: NetworkRulesPlan): RuleSpec[] {
  const tag = ['-m', 'comment', '--comment', ruleComment(plan.bridge)];
  const jump = ['-m', 'comment', '--comment', JUMP_COMMENT, '-j'];
  const out: RuleSpec[] = [];
  if (plan.firewall) {
    out.push({ table: 'filter', chain: 'FORWARD', args: [...jump, FORWARD_CHAIN], insert: true });
    if (plan.isolate) {
      out.push({ table: 'filter', chain: FORWARD_CHAIN, args: ['-i', plan.bridge, '!', '-o', plan.bridge, ...tag, '-j', ISOLATION_CHAIN], insert: true });
      out.push({ table: 'filter', chain: ISOLATION_CHAIN, args: ['-o', plan.bridge, ...tag, '-j', 'DROP'], insert: false });
    }
    out.push({ table: 'filter', chain: FORWARD_CHAIN, args: ['-o', plan.bridge, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'], insert: false });
    // Published ports from other hosts (portmap's DNAT) pass a FORWARD policy of DROP, as docker's do.
    out.push({ table: 'filter', chain: FORWARD_CHAIN, args: ['-o', plan.bridge, '-m', 'conntrack', '--ctstate', 'DNAT', ...tag, '-j', 'ACCEPT'], insert: false });
    out.push({ table: 'filter', chain: FORWARD_CHAIN, args: ['-i', plan.bridge, ...tag, '-j', 'ACCEPT'], insert: false });
  }
  if (plan.masquerade) {
    out.push({ table: 'nat', chain: 'POSTROUTING', args: [...jump, POSTROUTING_CHAIN], insert: false });
    for (const subnet of plan.subnets) {
      out.push({ table: 'nat', chain: POSTROUTING_CHAIN, args: ['-s', subnet, '-d', subnet, ...tag, '-j', 'RETURN'], insert: false });
      out.push({ table: 'nat', chain: POSTROUTING_CHAIN, args: ['-s', subnet, '-d', '224.0.0.0/4', ...tag, '-j', 'RETURN'], insert: false });
      out.push({ table: 'nat', chain: POSTROUTING_CHAIN, args: ['-s', subnet, ...tag, '-j', 'MASQUERADE'], insert: false });
    }
  }
  return out;
}

/** The comment on every rule of a bridge, by which `network rm` finds them. */
export function ruleComment(bridge: string): string {
  return `nerdts bridge ${bridge}`;
}

function isPlainFirewall(p: PluginConfig): boolean {
  const known = new Set(['type', 'ingressPolicy', 'backend', 'capabilities']);
  return Object.keys(p).every((k) => known.has(k))
    && (p.backend === undefined || p.backend === 'iptables')
    && (p.ingressPolicy === undefined || p.ingressPolicy === '' || p.ingressPolicy === 'same-bridge');
}

function ipv4Subnets(bridgePlugin: PluginConfig): string[] | undefined {
  const ipam = bridgePlugin.ipam;
  if (ipam?.type !== 'host-local') return undefined;
  const subnets = [
    ...(ipam.ranges ?? []).flat().map((r) => r.subnet),
    ...(typeof ipam.subnet === 'string' ? [ipam.subnet] : []),
  ];
  if (subnets.length === 0 || !subnets.every((s) => /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(s))) return undefined;
  return [...new Set(subnets)];
}
