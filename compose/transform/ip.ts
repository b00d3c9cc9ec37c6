// IP address syntax checks (what Go's net.ParseIP accepts), without loading node:net.

const V4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Dotted-quad IPv4 (no leading zeros, as Go parses it). */
export function isIPv4(s: string): boolean {
  return V4.test(s);
}

/** IPv6, with `::` compression and an optional embedded IPv4 tail. */
export function isIPv6(s: string): boolean {
  let text = s;
  let groups = 8;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const part = (h: string): string[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    return gs.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? gs : undefined;
  };
  const head = part(halves[0]!);
  if (!head) return false;
  if (halves.length === 1) return head.length === groups;
  const tail = part(halves[1]!);
  if (!tail) return false;
  groups -= 1;
  return head.length + tail.length <= groups;
}

/** True for a valid IPv4 or IPv6 address. */
export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}
