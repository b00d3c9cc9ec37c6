// Short port syntax (`[[ip:](port|range):](port|range)[/proto]`) to the long form, with the
// semantics of docker/go-connections (ranges expand, equal ranges pair up, entries sorted by port).
import { ComposeError } from '../errors';
import type { NodeMap } from '../tree';
import { isIP } from './ip';

interface Binding { key: string; target: number; ip: string; published: string; protocol: string }

/** Expands one short-syntax port into long-form entries (`mode`, `host_ip`, `target`, `published`, `protocol`). */
export function parsePortSpec(spec: string): NodeMap[] {
  const [ipPart, hostPort, containerSpec] = splitParts(spec);
  const slash = containerSpec.indexOf('/');
  const containerPort = slash < 0 ? containerSpec : containerSpec.slice(0, slash);
  let proto = slash < 0 ? 'tcp' : containerSpec.slice(slash + 1) || 'tcp';
  if (containerPort === '') throw new ComposeError(`no port specified: ${spec}<empty>`);
  proto = proto.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') throw new ComposeError(`invalid proto: ${proto}`);
  let ip = ipPart;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) throw new ComposeError(`invalid IP address ${ip}`);
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIP(ip)) throw new ComposeError(`invalid IP address: ${ip}`);
  const [start, end] = portRange(containerPort) ?? fail(`invalid containerPort: ${containerPort}`);
  let hStart = 0;
  let hEnd = 0;
  if (hostPort !== '') {
    [hStart, hEnd] = portRange(hostPort) ?? fail(`invalid hostPort: ${hostPort}`);
    if (end - start !== hEnd - hStart && end !== start) {
      fail(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
  }
  const count = end - start + 1;
  const out: Binding[] = [];
  for (let i = 0; i < count; i++) {
    let published = '';
    if (hostPort !== '') published = String(hStart + i) + (count === 1 && hStart !== hEnd ? `-${hEnd}` : '');
    out.push({ key: `${start + i}/${proto}`, target: start + i, ip, published, protocol: proto });
  }
  // go-connections keys bindings by "port/proto" and compose-go sorts those keys as strings.
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.map(toLongForm);
}

function toLongForm(b: Binding): NodeMap {
  const m: NodeMap = { mode: 'ingress' };
  if (b.ip !== '') m.host_ip = b.ip;
  m.target = b.target;
  if (b.published !== '') m.published = b.published;
  m.protocol = b.protocol;
  return m;
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

function portNumber(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** `80` or `8000-8010`; undefined when malformed. */
export function portRange(s: string): [number, number] | undefined {
  const dash = s.indexOf('-');
  if (dash < 0) {
    const n = portNumber(s);
    return n === undefined ? undefined : [n, n];
  }
  const a = portNumber(s.slice(0, dash));
  const b = portNumber(s.slice(dash + 1));
  if (a === undefined || b === undefined || b < a) return undefined;
  return [a, b];
}

function fail(reason: string): never {
  throw new ComposeError(reason);
}
