// IPv4 CIDR arithmetic for subnet checks and allocation. Addresses are unsigned 32-bit numbers.
// IPv6 inputs are reported as undefined: they can never overlap an IPv4 subnet.

/** An IPv4 network: `base` is the network address, `prefix` the mask length. */
export interface Ipv4Net {
  base: number;
  prefix: number;
}

/** Parses dotted-quad IPv4 (no leading zeros beyond a single 0). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n` (or a bare address as /32): the address as written and its network. */
export function parseIpv4Cidr(text: string): { ip: number; net: Ipv4Net } | undefined {
  const slash = text.indexOf('/');
  const ip = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const prefixText = slash < 0 ? '32' : text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return undefined;
  const prefix = Number(prefixText);
  return { ip, net: { base: (ip & maskOf(prefix)) >>> 0, prefix } };
}

export function formatCidr(net: Ipv4Net): string {
  return `${formatIpv4(net.base)}/${net.prefix}`;
}

export function netContains(net: Ipv4Net, ip: number): boolean {
  return ((ip & maskOf(net.prefix)) >>> 0) === net.base;
}

/** nerdctl's overlap rule: either network contains the other's network address. */
export function netsOverlap(a: Ipv4Net, b: Ipv4Net): boolean {
  return netContains(a, b.base) || netContains(b, a.base);
}

/** The first address after the network address (the whole address for /32, like nerdctl). */
export function firstAddress(net: Ipv4Net): number {
  return net.prefix === 32 ? net.base : net.base + 1;
}

/** The last address of the network (the broadcast address for IPv4, like nerdctl). */
export function lastAddress(net: Ipv4Net): number {
  return (net.base | ~maskOf(net.prefix)) >>> 0;
}

/**
 * The first subnet of `start`'s size, from `start` upwards, that overlaps none of `used`
 * (CIDRs or addresses of existing networks and host interfaces or routes). Non-IPv4 entries and
 * default routes (/0) are ignored. Returns undefined when the address space is exhausted.
 */
export function firstFreeSubnet(start: Ipv4Net, used: readonly string[]): Ipv4Net | undefined {
  const taken = used.map((u) => parseIpv4Cidr(u)?.net).filter((n): n is Ipv4Net => n !== undefined && n.prefix > 0);
  const size = 2 ** (32 - start.prefix);
  let base = start.base;
  while (base < 2 ** 32) {
    const candidate = { base, prefix: start.prefix };
    const clash = taken.find((t) => netsOverlap(candidate, t));
    if (!clash) return candidate;
    // Skip past a larger taken network in one step instead of probing each subnet inside it.
    const next = clash.prefix < start.prefix ? lastAddress(clash) + 1 : base + size;
    base = Math.ceil(next / size) * size;
  }
  return undefined;
}
