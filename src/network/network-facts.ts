// What a conflist says in docker's terms (driver, subnets, internal, options, labels), and the
// docker-shaped summaries `network ls` and `network inspect` print. Pure over parsed conflists.
import type { CniResult, NetworkConfigList } from '../../cni/types';
import { networkId } from '../../cni/nerdctl-network';

/** One network as the library reports it. */
export interface NetworkSummary {
  name: string;
  /** Full 64-hex ID (nerdctl's sha256 of the name). */
  id: string;
  driver: string;
  labels: Record<string, string>;
  /** The conflist path; '' for the pseudo networks host and none. */
  file: string;
  createdMs: number;
}

/** The network ID a conflist carries (nerdctlID), else the one nerdctl would give its name. */
export const idOf = (config: NetworkConfigList): string =>
  typeof config.nerdctlID === 'string' && config.nerdctlID !== '' ? config.nerdctlID : networkId(config.name);

/** docker's driver name: the first plugin's type (bridge, macvlan, ipvlan, ...). */
export const driverOf = (config: NetworkConfigList): string => config.plugins[0]?.type ?? '';

/** IPAM.Config entries: subnet and gateway of each host-local range set. */
export function ipamConfigOf(config: NetworkConfigList): Array<{ Subnet: string; Gateway?: string; IPRange?: string }> {
  const ipam = config.plugins[0]?.ipam;
  return (ipam?.ranges ?? []).flatMap((set) => set.slice(0, 1)).map((r) => ({
    Subnet: r.subnet, ...(r.gateway && { Gateway: r.gateway }), ...(r.ipRange && { IPRange: r.ipRange }),
  }));
}

/** --internal networks have no gateway role on the bridge. */
export function isInternal(config: NetworkConfigList): boolean {
  const first = config.plugins[0];
  return first?.type === 'bridge' && first.isGateway !== true;
}

/** The driver options recoverable from the conflist, with docker's keys. */
export function optionsOf(config: NetworkConfigList): Record<string, string> {
  const first = config.plugins[0];
  const out: Record<string, string> = {};
  if (first?.type !== 'bridge') return out;
  if (typeof first.mtu === 'number' && first.mtu > 0) out['com.docker.network.driver.mtu'] = String(first.mtu);
  if (first.isGateway === true && first.ipMasq !== true) out['com.docker.network.bridge.enable_ip_masquerade'] = 'false';
  const firewall = config.plugins.find((p) => p.type === 'firewall');
  if (firewall?.ingressPolicy === 'isolated') out['com.docker.network.bridge.enable_icc'] = 'false';
  return out;
}

/** A container's endpoint on one network, from the CNI result of its attachment. */
export interface Endpoint {
  ipAddress: string;
  prefixLen: number;
  gateway: string;
  macAddress: string;
}

/** IP, prefix length, gateway and MAC of the container's side of a CNI result. */
export function endpointOf(result: CniResult | undefined): Endpoint {
  const empty = { ipAddress: '', prefixLen: 0, gateway: '', macAddress: '' };
  if (!result) return empty;
  const ifaces = result.interfaces ?? [];
  const ip = (result.ips ?? []).find((i) => !i.address.includes(':')
    && (i.interface === undefined || Boolean(ifaces[i.interface]?.sandbox)));
  if (!ip) return empty;
  const [addr, prefix] = ip.address.split('/');
  const iface = ip.interface !== undefined ? ifaces[ip.interface] : ifaces.find((i) => i.sandbox);
  return { ipAddress: addr ?? '', prefixLen: Number(prefix ?? 0) || 0, gateway: ip.gateway ?? '', macAddress: iface?.mac ?? '' };
}

/** A container as `network inspect` lists it. */
export interface NetworkMember {
  id: string;
  name: string;
  result: CniResult | undefined;
}

/** docker's `network inspect` object. */
export function inspectShape(s: NetworkSummary, config: NetworkConfigList | undefined, members: readonly NetworkMember[]): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const m of members) {
    const e = endpointOf(m.result);
    containers[m.id] = {
      Name: m.name, EndpointID: '', MacAddress: e.macAddress,
      IPv4Address: e.ipAddress ? `${e.ipAddress}/${e.prefixLen}` : '', IPv6Address: '',
    };
  }
  return {
    Name: s.name, Id: s.id, Created: new Date(s.createdMs).toISOString(), Scope: 'local', Driver: s.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: config ? ipamConfigOf(config) : [] },
    Internal: config ? isInternal(config) : false, Attachable: false, Ingress: false,
    ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: containers,
    Options: config ? optionsOf(config) : {}, Labels: s.labels,
  };
}
