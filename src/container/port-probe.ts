// Whether a host port is free on this host: no rule of a running container's portmap DNAT chain
// (CNI-DN-*) forwards it, and the host can bind it right now for that protocol and address.
// The portmap plugin forwards with iptables and binds nothing, so both checks are needed.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { NerdtsError } from '../errors';
import { execIptables, type IptablesRunner } from '../network/iptables-leftovers';
import type { PortProbe } from './ports';
import { joinHostPort } from './ports';

/** One forwarded host port as a DNAT rule states it; no ip means every address. */
export interface DnatRule { ip?: string; protocol: string; port: number }

/**
 * The host ports the portmap plugin's per-container chains forward (from `iptables -t nat -S`),
 * without those of container `except` (a compose recreate's old container, about to go): its
 * chains are the ones CNI-HOSTPORT-DNAT jumps to under the comment naming its CNI ID
 * (`<namespace>-<container id>`).
 */
export function parseDnatRules(listing: string, except?: string): DnatRule[] {
  const lines = listing.split('\n');
  const skipped = new Set(except ? lines.filter((l) => l.startsWith('-A CNI-HOSTPORT-DNAT ') && l.includes(`-${except}\\"`))
    .map((l) => / -j (CNI-DN-\S+)/.exec(l)?.[1]).filter((c): c is string => c !== undefined) : []);
  const out: DnatRule[] = [];
  for (const line of lines) {
    if (!line.startsWith('-A CNI-DN-') || !/ -j DNAT\b/.test(line)) continue;
    if (skipped.has(line.split(' ')[1]!)) continue;
    const words = line.split(/\s+/);
    const after = (flag: string): string | undefined => { const i = words.indexOf(flag); return i >= 0 ? words[i + 1] : undefined; };
    const port = Number(after('--dport'));
    if (!Number.isInteger(port) || port <= 0) continue;
    const dest = after('-d')?.replace(/\/\d+$/, '');
    out.push({ protocol: after('-p') ?? 'tcp', port, ...(dest && { ip: dest }) });
  }
  return out;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/** True when a rule forwards the port for that protocol on an address overlapping hostIP. */
export function forwardedBy(rules: readonly DnatRule[], protocol: string, hostIP: string, port: number): boolean {
  return rules.some((r) => r.port === port && r.protocol === protocol
    && (r.ip === undefined || UNSPECIFIED.has(r.ip) || UNSPECIFIED.has(hostIP) || r.ip === hostIP));
}

/** Binds and releases the address: false when something else holds it. */
export function canBind(protocol: string, hostIP: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const settle = (err?: NodeJS.ErrnoException): void => {
      if (!err) return resolve(true);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') return resolve(false);
      reject(new NerdtsError('invalid-argument',
        `failed to bind host port ${joinHostPort(hostIP, port)}/${protocol}: ${err.code === 'EADDRNOTAVAIL' ? 'cannot assign requested address' : err.message}`));
    };
    if (protocol === 'udp') {
      const socket = createSocket({ type: hostIP.includes(':') ? 'udp6' : 'udp4', ...(hostIP.includes(':') && { ipv6Only: true }) });
      socket.once('error', (err) => { socket.close(); settle(err); });
      socket.bind({ address: hostIP, port, exclusive: true }, () => socket.close(() => settle()));
      return;
    }
    const server = createServer();
    server.once('error', (err) => settle(err));
    server.listen({ host: hostIP, port, exclusive: true, ...(hostIP.includes(':') && { ipv6Only: true }) }, () => server.close(() => settle()));
  });
}

/**
 * The real host: iptables read once per probe, then a bind test per port (sctp: the rules only).
 * The ports container `except` forwards count as free (see parseDnatRules).
 */
export function hostPortProbe(run: IptablesRunner = execIptables, bind: typeof canBind = canBind, except?: string): PortProbe {
  let rules: Promise<DnatRule[]> | undefined;
  return {
    async isFree(protocol, hostIP, port) {
      // Without iptables (or its nat table) no container forwards anything.
      rules ??= run('iptables', ['-w', '5', '-t', 'nat', '-S']).then((listing) => parseDnatRules(listing, except), () => []);
      if (forwardedBy(await rules, protocol, hostIP, port)) return false;
      return protocol === 'sctp' ? true : bind(protocol, hostIP, port);
    },
  };
}
