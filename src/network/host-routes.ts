// Subnets the host already routes (/proc/net/route), which a new network must not overlap:
// nerdctl avoids live host routes when it picks a subnet, and so do we.
import { formatCidr } from '../../cni/subnet';

// /proc/net/route prints addresses as host-order (little-endian on x86/arm) hex words.
function hexToIpv4(hex: string): number {
  const n = parseInt(hex, 16) >>> 0;
  return (((n & 0xff) << 24) | ((n >>> 8 & 0xff) << 16) | ((n >>> 16 & 0xff) << 8) | (n >>> 24 & 0xff)) >>> 0;
}

function prefixOf(mask: number): number {
  let bits = 0;
  for (let m = mask; m & 0x80000000; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** The destination CIDRs of /proc/net/route, the default route left out. */
export function parseRouteTable(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8 || !/^[0-9A-Fa-f]{8}$/.test(cols[1]!) || !/^[0-9A-Fa-f]{8}$/.test(cols[7]!)) continue;
    const prefix = prefixOf(hexToIpv4(cols[7]!));
    if (prefix === 0) continue;
    out.push(formatCidr({ base: hexToIpv4(cols[1]!), prefix }));
  }
  return out;
}
