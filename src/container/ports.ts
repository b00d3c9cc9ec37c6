// Published and exposed ports: docker's `-p [ip:][hostPort[-range]:]containerPort[-range][/proto]`
// (and its long form `published=,target=,protocol=`), `--expose`, `-P`, with docker's error texts,
// and the choice of host ports. Pure: whether a host port is free is asked of a PortProbe.
import { isIP } from 'node:net';
import { NerdtsError, invalidArgument } from '../errors';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** One published port as the portmap plugin and nerdctl's network-config.json know it. */
export interface PublishedPort {
  hostIP: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** A parsed -p value; no host range means "pick free host ports". */
export interface PublishRequest {
  /** Unbracketed; 0.0.0.0 when the spec names none. */
  hostIP: string;
  host?: { start: number; end: number };
  container: { start: number; end: number };
  protocol: PortProtocol;
}

/** Answers whether a host port can be published now (nothing bound, no other container's rule). */
export interface PortProbe {
  isFree(protocol: string, hostIP: string, port: number): Promise<boolean>;
}

/** docker's (and nerdctl's) range for automatically chosen host ports. */
export const AUTO_PORT_FIRST = 49153;
export const AUTO_PORT_LAST = 60999;

const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

/** strconv.ParseUint's verdict on a port number: the number, or Go's error word. */
function portNumber(text: string): number | 'invalid syntax' | 'value out of range' {
  if (!/^\d+$/.test(text)) return 'invalid syntax';
  const n = Number(text);
  return n > 65535 ? 'value out of range' : n;
}

/** "80" or "8000-8010"; undefined when invalid (docker reports it with its own context). */
function portRange(text: string): { start: number; end: number } | undefined {
  if (text === '') return undefined;
  const [first = '', last] = splitOnce(text, '-');
  const start = portNumber(first);
  if (typeof start !== 'number') return undefined;
  if (last === undefined || last === first) return { start, end: start };
  const end = portNumber(last);
  if (typeof end !== 'number' || end < start) return undefined;
  return { start, end };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i === -1 ? [text, undefined] : [text.slice(0, i), text.slice(i + sep.length)];
}

/** docker's long form `published=8080,target=80,protocol=udp` as the short one. */
function standardNotation(raw: string): string {
  if (!raw.includes('=')) return raw;
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of raw.split(',')) {
    const [k, v] = splitOnce(param, '=');
    if (v === undefined || k === '') throw invalidArgument(`invalid publish opts format (should be name=value but got '${param}')`);
    params[k] = v;
  }
  return `${params['published'] ?? ''}:${params['target'] ?? ''}/${params['protocol']}`;
}

/** docker's split: container port last, host port before it, everything earlier is the IP. */
function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

function hostAddress(ip: string): string {
  if (ip === '') return '0.0.0.0';
  let addr = ip;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) throw invalidArgument(`invalid IP address ${ip}: address ${ip}:: missing ']' in address`);
    addr = ip.slice(1, -1);
  }
  if (!isIP(addr)) throw invalidArgument(`invalid IP address: ${addr}`);
  return addr;
}

/** Parses one -p value with docker's rules and error texts. */
export function parsePublish(value: string): PublishRequest {
  const raw = standardNotation(value);
  const [ip, hostPart, containerAndProto] = splitParts(raw);
  const [containerPart, protoPart] = splitOnce(containerAndProto, '/');
  if (containerPart === '') throw invalidArgument(`no port specified: ${raw}<empty>`);
  const protocol = (protoPart || 'tcp').toLowerCase();
  if (!PROTOCOLS.includes(protocol)) throw invalidArgument(`invalid proto: ${protocol}`);
  const hostIP = hostAddress(ip);
  const container = portRange(containerPart);
  if (!container || container.start === 0) throw invalidArgument(`invalid containerPort: ${containerPart}`);
  const request: PublishRequest = { hostIP, container, protocol: protocol as PortProtocol };
  if (hostPart !== '') {
    const host = portRange(hostPart);
    if (!host) throw invalidArgument(`invalid hostPort: ${hostPart}`);
    const single = container.start === container.end;
    if (!single && host.end - host.start !== container.end - container.start) {
      throw invalidArgument(`invalid ranges specified for container and host Ports: ${containerPart} and ${hostPart}`);
    }
    // Host port 0 asks for a free one, as in docker.
    if (!(host.start === 0 && host.end === 0)) request.host = host;
  }
  return request;
}

/** Parses one --expose value ("80", "80/udp", "7000-7005") into "port/proto" keys. */
export function parseExpose(value: string): string[] {
  const fail = (why: string): never => { throw invalidArgument(`invalid range format for --expose: ${why}`); };
  if (value === '') fail('invalid port range: value is empty');
  const [range, proto] = splitOnce(value, '/');
  const protocol = (proto || 'tcp').toLowerCase();
  const [first, last] = splitOnce(range, '-');
  const start = portNumber(first);
  if (typeof start !== 'number') return fail(`invalid start port '${first}': ${start}`);
  let end = start;
  if (last !== undefined && last !== first) {
    const n = portNumber(last);
    if (typeof n !== 'number') return fail(`invalid end port '${last}': ${n}`);
    if (n < start) fail(`invalid port range: ${value}`);
    end = n;
  }
  if (!PROTOCOLS.includes(protocol)) throw invalidArgument(`invalid proto: ${protocol}`);
  return Array.from({ length: end - start + 1 }, (_, i) => `${start + i}/${protocol}`);
}

/** "80/tcp" (or "80", the image config's older form) as [port, proto]; undefined when not a port. */
export function splitPortKey(key: string): [number, string] | undefined {
  const [port, proto] = splitOnce(key, '/');
  const n = portNumber(port);
  return typeof n === 'number' ? [n, (proto || 'tcp').toLowerCase()] : undefined;
}

/** Expands image ExposedPorts keys (ranges allowed) into "port/proto" keys. */
export function exposedKeys(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    try { out.push(...parseExpose(key)); } catch { /* a malformed image key is ignored, as docker does */ }
  }
  return out;
}

/** -P: every exposed port without an explicit -p gets a free host port on every address. */
export function publishAllRequests(exposed: readonly string[], explicit: readonly PublishRequest[]): PublishRequest[] {
  const bound = new Set(explicit.flatMap((r) => rangeKeys(r)));
  return sortPortKeys([...new Set(exposed)]).filter((k) => !bound.has(k)).flatMap((k) => {
    const split = splitPortKey(k);
    if (!split) return [];
    return [{ hostIP: '0.0.0.0', container: { start: split[0], end: split[0] }, protocol: split[1] as PortProtocol }];
  });
}

/** "port/proto" keys of a request's container ports. */
export function rangeKeys(r: PublishRequest): string[] {
  return Array.from({ length: r.container.end - r.container.start + 1 }, (_, i) => `${r.container.start + i}/${r.protocol}`);
}

/** Keys ordered by port number, then protocol. */
export function sortPortKeys(keys: readonly string[]): string[] {
  const num = (k: string): number => splitPortKey(k)?.[0] ?? 0;
  return [...keys].sort((a, b) => num(a) - num(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);
const overlaps = (a: string, b: string): boolean => a === b || UNSPECIFIED.has(a) || UNSPECIFIED.has(b);

/** host:port as Go's net.JoinHostPort writes it. */
export function joinHostPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Chooses host ports for every request, refusing taken ones with docker's message. */
export async function allocatePorts(requests: readonly PublishRequest[], probe: PortProbe,
  random: () => number = Math.random): Promise<PublishedPort[]> {
  const out: PublishedPort[] = [];
  const free = async (r: PublishRequest, port: number): Promise<boolean> =>
    !out.some((m) => m.hostPort === port && m.protocol === r.protocol && overlaps(m.hostIP, r.hostIP))
      && probe.isFree(r.protocol, r.hostIP, port);
  const allFree = async (r: PublishRequest, first: number, count: number): Promise<boolean> => {
    for (let p = first; p < first + count; p++) if (!(await free(r, p))) return false;
    return true;
  };
  for (const r of requests) {
    const count = r.container.end - r.container.start + 1;
    let first: number | undefined;
    if (!r.host) {
      first = await findBlock(count, random, (p) => allFree(r, p, count));
      if (first === undefined) throw new NerdtsError('resource-exhausted', `no ${count} free host port(s) left for ${r.protocol} in ${AUTO_PORT_FIRST}-${AUTO_PORT_LAST}`);
    } else if (count === 1 && r.host.end !== r.host.start) {
      for (let p = r.host.start; p <= r.host.end && first === undefined; p++) if (await free(r, p)) first = p;
      if (first === undefined) throw portTaken(r.hostIP, `${r.host.start}-${r.host.end}`);
    } else {
      for (let p = r.host.start; p <= r.host.end; p++) if (!(await free(r, p))) throw portTaken(r.hostIP, p);
      first = r.host.start;
    }
    for (let i = 0; i < count; i++) {
      out.push({ hostIP: r.hostIP, hostPort: first + i, containerPort: r.container.start + i, protocol: r.protocol });
    }
  }
  return out;
}

/** The first port of `count` consecutive free ones, searched from a random point of the range. */
async function findBlock(count: number, random: () => number, fits: (first: number) => Promise<boolean>): Promise<number | undefined> {
  const slots = AUTO_PORT_LAST - AUTO_PORT_FIRST + 2 - count;
  if (slots <= 0) return undefined;
  // A random start keeps concurrent creates (separate processes) from racing for one port.
  const offset = Math.floor(random() * slots) % slots;
  for (let i = 0; i < slots; i++) {
    const first = AUTO_PORT_FIRST + ((offset + i) % slots);
    if (await fits(first)) return first;
  }
  return undefined;
}

/** docker's "port is already allocated" error. */
export function portTaken(hostIP: string, port: number | string): NerdtsError {
  return new NerdtsError('conflict', `Bind for ${joinHostPort(hostIP, port)} failed: port is already allocated`);
}
