// Conflists exactly as nerdctl writes them (pkg/netutil), so nerdctl and nerdts can manage each
// other's networks: file names, IDs, labels, bridge names and the bridge -> portmap -> firewall ->
// tuning chain. Key order follows nerdctl's Go structs; maps (labels, ipam) come out sorted.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isValidNetworkName } from './conflist';
import { CniError } from './errors';
import { buildHostLocalIpam } from './ipam';
import { parseIpv4Cidr, formatCidr, formatIpv4 } from './subnet';
import type { IpamConfig, NetworkConfigList, PluginConfig } from './types';

export const DEFAULT_NETWORK_NAME = 'bridge';
export const DEFAULT_BRIDGE_NAME = 'nerdctl0';
export const DEFAULT_SUBNET = '10.4.0.0/24';
/** Label in `nerdctlLabels` that marks the default network. */
export const DEFAULT_NETWORK_LABEL = 'nerdctl/default-network';

/** The network ID: sha256 hex of the name (`bridge` -> 17f29b073143...). */
export function networkId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** `nerdctl0` for the default network, else `br-<first 12 hex of the ID>`. */
export function bridgeNameFor(name: string): string {
  return name === DEFAULT_NETWORK_NAME ? DEFAULT_BRIDGE_NAME : `br-${networkId(name).slice(0, 12)}`;
}

/** Where nerdctl keeps a network's file: `bridge` (or no namespace) at the top, else in `<ns>/`. */
export function networkFilePath(netconfPath: string, namespace: string, name: string): string {
  const file = `nerdctl-${name}.conflist`;
  return name === DEFAULT_NETWORK_NAME || namespace === '' ? join(netconfPath, file) : join(netconfPath, namespace, file);
}

export interface BridgeNetworkOptions {
  name: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  /** `--internal`: no portmap, no gateway, no masquerade, no default route. */
  internal?: boolean;
  labels?: Record<string, string>;
  /** Driver options: mtu, ip-masq, icc, or their com.docker.network.* names. */
  options?: Record<string, string>;
  /** Subnets of existing networks plus host addresses/routes; see usedSubnetsOf. */
  usedSubnets?: readonly string[];
  /** Rootless nerdctl pins the firewall backend to iptables. */
  rootless?: boolean;
  /** Whether the firewall plugin is >= 1.7.1 (needed for icc=false); see firewallSupports. */
  firewallSupportsIsolated?: boolean;
}

/** A built conflist plus the warnings nerdctl would log (the library never prints). */
export interface BuiltNetwork {
  config: NetworkConfigList;
  warnings: string[];
}

/** Builds a bridge network conflist like `nerdctl network create [--driver bridge]`. */
export function buildBridgeNetwork(opts: BridgeNetworkOptions): BuiltNetwork {
  if (!isValidNetworkName(opts.name)) throw new CniError('invalid-argument', `invalid network name "${opts.name}"`);
  const driver = parseBridgeOptions(opts.options ?? {});
  const warnings: string[] = [];
  let ingressPolicy = 'same-bridge';
  if (!driver.icc) {
    if (opts.firewallSupportsIsolated) ingressPolicy = 'isolated';
    else warnings.push('To use \'isolated\' ingress policy, CNI plugin "firewall" (>= 1.7.1) needs to be installed in CNI_PATH, see https://www.cni.dev/plugins/current/meta/firewall/');
  }
  const ipam = buildHostLocalIpam(opts);
  const plugins: PluginConfig[] = [bridgePlugin(opts, driver, ipam)];
  if (!opts.internal) plugins.push({ type: 'portmap', capabilities: { portMappings: true } });
  plugins.push(firewallPlugin(ingressPolicy, opts.rootless ?? false), { type: 'tuning' });
  return { config: networkDocument(opts.name, opts.labels ?? {}, plugins), warnings };
}

export interface DefaultNetworkOptions {
  /** nerdctl's `--bridge-ip`/`bridge_ip`, e.g. `10.5.0.1/24`: gateway and subnet together. */
  bridgeIp?: string;
  usedSubnets?: readonly string[];
  rootless?: boolean;
}

/** The default `bridge` network (nerdctl0, 10.4.0.0/24) nerdctl creates on first use. */
export function buildDefaultNetwork(opts: DefaultNetworkOptions = {}): NetworkConfigList {
  let subnet = DEFAULT_SUBNET;
  let gateway: string | undefined;
  if (opts.bridgeIp) {
    const parsed = parseIpv4Cidr(opts.bridgeIp);
    if (!parsed || !opts.bridgeIp.includes('/')) throw new CniError('invalid-argument', `invalid bridge ip ${opts.bridgeIp}`);
    subnet = formatCidr(parsed.net);
    gateway = formatIpv4(parsed.ip);
  }
  return buildBridgeNetwork({
    name: DEFAULT_NETWORK_NAME,
    subnet,
    gateway,
    labels: { [DEFAULT_NETWORK_LABEL]: 'true' },
    usedSubnets: opts.usedSubnets,
    rootless: opts.rootless,
  }).config;
}

interface BridgeDriverOptions {
  mtu: number;
  ipMasq: boolean;
  icc: boolean;
}

function parseBridgeOptions(options: Record<string, string>): BridgeDriverOptions {
  const out: BridgeDriverOptions = { mtu: 0, ipMasq: true, icc: true };
  for (const [key, value] of Object.entries(options)) {
    switch (key) {
      case 'mtu': case 'com.docker.network.driver.mtu': out.mtu = parseMtu(value); break;
      case 'ip-masq': case 'com.docker.network.bridge.enable_ip_masquerade': out.ipMasq = parseGoBool(key, value); break;
      case 'icc': case 'com.docker.network.bridge.enable_icc': out.icc = parseGoBool(key, value); break;
      default: throw new CniError('invalid-argument', `unsupported "bridge" network option "${key}"`);
    }
  }
  return out;
}

function parseMtu(value: string): number {
  if (value === '') return 0;
  if (!/^[+-]?\d+$/.test(value)) throw new CniError('invalid-argument', `invalid mtu "${value}"`);
  const mtu = Number(value);
  if (mtu < 0) throw new CniError('invalid-argument', `mtu ${mtu} is less than zero`);
  return mtu;
}

// Go's strconv.ParseBool spellings.
function parseGoBool(key: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new CniError('invalid-argument', `invalid boolean "${value}" for network option "${key}"`);
}

// Field order of nerdctl's bridgeConfig; false, zero and empty fields are omitted as Go does.
function bridgePlugin(opts: BridgeNetworkOptions, driver: BridgeDriverOptions, ipam: IpamConfig): PluginConfig {
  const plugin: PluginConfig = { type: 'bridge', bridge: bridgeNameFor(opts.name) };
  if (!opts.internal) plugin.isGateway = true;
  if (!opts.internal && driver.ipMasq) plugin.ipMasq = true;
  if (driver.mtu > 0) plugin.mtu = driver.mtu;
  plugin.hairpinMode = true;
  plugin.ipam = ipam;
  return plugin;
}

function firewallPlugin(ingressPolicy: string, rootless: boolean): PluginConfig {
  return rootless ? { type: 'firewall', backend: 'iptables', ingressPolicy } : { type: 'firewall', ingressPolicy };
}

function networkDocument(name: string, labels: Record<string, string>, plugins: PluginConfig[]): NetworkConfigList {
  const keys = Object.keys(labels).sort();
  const head = { cniVersion: '1.0.0', name, nerdctlID: networkId(name) };
  if (keys.length === 0) return { ...head, plugins };
  return { ...head, nerdctlLabels: Object.fromEntries(keys.map((k) => [k, labels[k]!])), plugins };
}

/**
 * Subnets claimed by existing networks, as nerdctl counts them: the first range of each
 * host-local IPAM set when the first plugin is `bridge`.
 */
export function usedSubnetsOf(networks: readonly NetworkConfigList[]): string[] {
  const out: string[] = [];
  for (const net of networks) {
    const first = net.plugins[0];
    if (first?.type !== 'bridge' || first.ipam?.type !== 'host-local') continue;
    for (const set of first.ipam.ranges ?? []) {
      const subnet = set[0]?.subnet;
      if (typeof subnet === 'string') out.push(subnet);
    }
  }
  return out;
}

/** The network whose name is `key`, else those whose nerdctlID starts with `key` (nerdctl's lookup). */
export function findNetworks<T extends { config: NetworkConfigList }>(networks: readonly T[], key: string): T[] {
  const byName = networks.filter((n) => n.config.name === key);
  if (byName.length > 0 || key === '') return byName;
  return networks.filter((n) => typeof n.config.nerdctlID === 'string' && n.config.nerdctlID.startsWith(key));
}

/** The default network among `networks`: the one labelled as such, else the one named `bridge`. */
export function findDefaultNetwork<T extends { config: NetworkConfigList }>(networks: readonly T[]): T | undefined {
  return networks.find((n) => n.config.nerdctlLabels?.[DEFAULT_NETWORK_LABEL] !== undefined)
    ?? networks.find((n) => n.config.name === DEFAULT_NETWORK_NAME);
}
