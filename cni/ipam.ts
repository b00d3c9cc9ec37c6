// host-local IPAM sections as nerdctl generates them for `network create` (IPv4, one subnet).
// nerdctl builds this section as a Go map, so its keys (and the range keys) come out sorted.
import { CniError } from './errors';
import type { IpamConfig, IpamRange } from './types';
import type { Ipv4Net } from './subnet';
import { firstAddress, firstFreeSubnet, formatCidr, formatIpv4, lastAddress, netContains, netsOverlap, parseIpv4, parseIpv4Cidr } from './subnet';

/** Where nerdctl starts looking for a free subnet for user networks (10.4.0.0/24 is `bridge`'s). */
export const FIRST_USER_SUBNET = '10.4.1.0/24';

export interface HostLocalOptions {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  /** Internal networks get no default route. */
  internal?: boolean;
  /** Subnets of existing networks and addresses or routes of the host, which must not overlap. */
  usedSubnets?: readonly string[];
}

/** Builds `{"ranges":[[{...}]],"routes":[{"dst":"0.0.0.0/0"}],"type":"host-local"}`. */
export function buildHostLocalIpam(opts: HostLocalOptions): IpamConfig {
  if (opts.subnet === undefined || opts.subnet === '') {
    if (opts.gateway) throw badArg(`no matching subnet for gateway "${opts.gateway}"`);
    if (opts.ipRange) throw badArg(`no matching subnet for ip-range "${opts.ipRange}"`);
  }
  const subnet = resolveSubnet(opts.subnet ?? '', opts.usedSubnets ?? []);
  const ranges = [[buildRange(subnet, opts.gateway ?? '', opts.ipRange ?? '')]];
  if (opts.internal) return { ranges, type: 'host-local' };
  return { ranges, routes: [{ dst: '0.0.0.0/0' }], type: 'host-local' };
}

/** The first /24 from 10.4.1.0/24 overlapping nothing in `used` (nerdctl's choice for user networks). */
export function allocateSubnet(used: readonly string[]): string {
  return formatCidr(resolveSubnet('', used));
}

function resolveSubnet(text: string, used: readonly string[]): Ipv4Net {
  const usedNets = used.map((u) => parseIpv4Cidr(u)?.net).filter((n): n is Ipv4Net => n !== undefined && n.prefix > 0);
  if (text === '') {
    const free = firstFreeSubnet(parseIpv4Cidr(FIRST_USER_SUBNET)!.net, used);
    if (!free) throw new CniError('invalid-argument', 'could not find free subnet', { hint: 'pass --subnet' });
    return free;
  }
  const parsed = parseIpv4Cidr(text);
  if (!parsed || !text.includes('/')) {
    const v6 = text.includes(':');
    throw badArg(v6 ? `IPv6 subnet "${text}" is not supported` : `failed to parse subnet "${text}"`);
  }
  if (parsed.ip !== parsed.net.base) {
    throw badArg(`unexpected subnet "${text}", maybe you meant "${formatCidr(parsed.net)}"?`);
  }
  if (usedNets.some((n) => netsOverlap(n, parsed.net))) {
    throw badArg(`subnet ${text} overlaps with other one on this address space`);
  }
  return parsed.net;
}

// Keys in sorted order, as Go writes a map: gateway, ipRange, rangeEnd, rangeStart, subnet.
function buildRange(subnet: Ipv4Net, gatewayText: string, ipRangeText: string): IpamRange {
  let gateway = firstAddress(subnet);
  if (gatewayText !== '') {
    const gw = parseIpv4(gatewayText);
    if (gw === undefined) throw badArg(`failed to parse gateway "${gatewayText}"`);
    if (!netContains(subnet, gw)) throw badArg(`no matching subnet for gateway "${gatewayText}"`);
    gateway = gw;
  }
  const range: Partial<IpamRange> = { gateway: formatIpv4(gateway) };
  if (ipRangeText !== '') {
    const r = parseIpv4Cidr(ipRangeText);
    if (!r || !ipRangeText.includes('/')) throw badArg(`failed to parse ip-range "${ipRangeText}"`);
    if (!netContains(subnet, r.net.base)) throw badArg(`no matching subnet for ip-range "${ipRangeText}"`);
    const start = firstAddress(r.net);
    const end = lastAddress(r.net);
    if (!netContains(subnet, start) || !netContains(subnet, end)) {
      throw badArg(`no matching subnet "${formatCidr(subnet)}" for ip-range "${ipRangeText}"`);
    }
    range.ipRange = ipRangeText;
    range.rangeEnd = formatIpv4(end);
    range.rangeStart = formatIpv4(start);
  }
  range.subnet = formatCidr(subnet);
  return range as IpamRange;
}

function badArg(message: string): CniError {
  return new CniError('invalid-argument', message);
}
