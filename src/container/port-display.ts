// How a container's ports are shown: ps's PORTS column (docker's DisplayablePorts, consecutive
// ports merged), `port` lines, and inspect's NetworkSettings.Ports and HostConfig.PortBindings.
// Pure over the mappings and the exposed "port/proto" keys.
import { isIPv4 } from 'node:net';
import type { PublishedPort } from './ports';
import { joinHostPort, splitPortKey } from './ports';

/** docker's PortSummary. */
interface PortSummary { privatePort: number; publicPort?: number; type: string; ip?: string }

function summaries(mappings: readonly PublishedPort[], exposed: readonly string[]): PortSummary[] {
  const bound = new Set(mappings.map((m) => `${m.containerPort}/${m.protocol}`));
  const out: PortSummary[] = mappings.map((m) => ({ privatePort: m.containerPort, publicPort: m.hostPort, type: m.protocol, ip: m.hostIP }));
  for (const key of new Set(exposed)) {
    const split = splitPortKey(key);
    if (split && !bound.has(`${split[0]}/${split[1]}`)) out.push({ privatePort: split[0], type: split[1] });
  }
  return out;
}

/** netip.Addr ordering: no address first, then IPv4, then IPv6, each by its bytes. */
function compareIp(a: string | undefined, b: string | undefined): number {
  const rank = (ip: string | undefined): number => (ip === undefined ? 0 : isIPv4(ip) ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const bytes = (ip: string): number[] => (isIPv4(ip) ? ip.split('.').map(Number) : expandV6(ip));
  const [x, y] = [bytes(a ?? ''), bytes(b ?? '')];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function expandV6(ip: string): number[] {
  if (ip === '') return [];
  const [head = '', tail] = ip.split('::');
  const groups = (s: string): number[] => (s ? s.split(':').map((g) => parseInt(g, 16) || 0) : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  return [...h, ...Array<number>(Math.max(0, 8 - h.length - t.length)).fill(0), ...t];
}

function comparePorts(a: PortSummary, b: PortSummary): number {
  return a.privatePort - b.privatePort || compareIp(a.ip, b.ip) || (a.publicPort ?? 0) - (b.publicPort ?? 0)
    || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}

function formGroup(ip: string | undefined, type: string, first: number, last: number): string {
  const range = first === last ? `${first}` : `${first}-${last}`;
  return ip === undefined ? `${range}/${type}` : `${joinHostPort(ip, range)}->${range}/${type}`;
}

/** ps's PORTS: `0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9001->9000-9001/udp, 443/tcp`. */
export function displayPorts(mappings: readonly PublishedPort[], exposed: readonly string[]): string {
  if (mappings.length === 0 && exposed.length === 0) return '';
  const groups = new Map<string, { ip?: string; type: string; first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of summaries(mappings, exposed).sort(comparePorts)) {
    if (p.ip !== undefined && p.publicPort !== p.privatePort) {
      hostMappings.push(`${joinHostPort(p.ip, p.publicPort ?? 0)}->${p.privatePort}/${p.type}`);
      continue;
    }
    const key = p.ip === undefined ? p.type : `${p.ip}/${p.type}`;
    const group = groups.get(key);
    if (group && p.privatePort === group.last + 1) { group.last = p.privatePort; continue; }
    // A broken run is flushed; the key keeps its first place (Map.set on a known key), as in docker.
    if (group) result.push(formGroup(group.ip, group.type, group.first, group.last));
    groups.set(key, { ...(p.ip !== undefined && { ip: p.ip }), type: p.type, first: p.privatePort, last: p.privatePort });
  }
  for (const g of groups.values()) result.push(formGroup(g.ip, g.type, g.first, g.last));
  return [...result, ...hostMappings].join(', ');
}

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const chunks = (s: string): string[] => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [chunks(a), chunks(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    if (/^\d/.test(p) && /^\d/.test(q)) return Number(p) - Number(q) || p.length - q.length;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** `port` output lines: all as `80/tcp -> 0.0.0.0:8080`, or one port's host addresses. */
export function portLines(mappings: readonly PublishedPort[], only?: { port: number; protocol: string }): string[] {
  const lines = mappings
    .filter((m) => !only || (m.containerPort === only.port && m.protocol === only.protocol))
    .map((m) => (only ? '' : `${m.containerPort}/${m.protocol} -> `) + joinHostPort(m.hostIP, m.hostPort));
  return lines.sort(naturalCompare);
}

type Bindings = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

// Keys in byte order, as Go's encoding/json writes a map, so `inspect` output matches docker's.
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** HostConfig.PortBindings: `{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}`. */
export function portBindings(mappings: readonly PublishedPort[]): Bindings {
  const grouped = new Map<string, Array<{ HostIp: string; HostPort: string }>>();
  for (const m of mappings) {
    const key = `${m.containerPort}/${m.protocol}`;
    grouped.set(key, [...(grouped.get(key) ?? []), { HostIp: m.hostIP, HostPort: String(m.hostPort) }]);
  }
  return Object.fromEntries([...grouped.keys()].sort(byteOrder).map((k) => [k, grouped.get(k)!]));
}

/** NetworkSettings.Ports of a running container: published ports with bindings, exposed ones null. */
export function networkSettingsPorts(mappings: readonly PublishedPort[], exposed: readonly string[]): Bindings {
  const bindings = portBindings(mappings);
  const keys = [...new Set([...exposed, ...Object.keys(bindings)])].sort(byteOrder);
  return Object.fromEntries(keys.map((k) => [k, bindings[k] ?? null]));
}
