// The container's /etc/resolv.conf, /etc/hosts and /etc/hostname contents (pure), in the formats
// nerdctl writes (pkg/resolvconf Build, pkg/dnsutil/hostsstore), so its hosts-file regeneration
// leaves files written by nerdts unchanged.
import { isIP } from 'node:net';
import { invalidArgument } from '../errors';

/** docker's fallback when the host lists no usable resolver. */
export const DEFAULT_NAMESERVERS: readonly string[] = ['8.8.8.8', '8.8.4.4'];

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

/** nameserver, search (or domain) and options lines of a resolv.conf. */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    const [key, ...rest] = fields;
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.search = rest.filter((s) => s !== '');
    else if (key === 'options') out.options.push(...rest.filter((s) => s !== ''));
  }
  return out;
}

const isLocalhost = (ip: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === '::1';

export interface ResolvConfInput {
  /** The host's resolv.conf text; undefined when it has none. */
  hostText?: string;
  /** --dns, --dns-search, --dns-option: each replaces the host's value when given. */
  dns?: readonly string[];
  dnsSearch?: readonly string[];
  dnsOptions?: readonly string[];
  /** Host networking keeps the host's localhost resolvers (they are reachable there). */
  keepLocalhost?: boolean;
}

/** The container's resolv.conf: search, nameservers, options (nerdctl's Build order). */
export function buildResolvConf(input: ResolvConfInput): string {
  const host = parseResolvConf(input.hostText ?? '');
  let nameservers = input.dns?.length ? [...input.dns] : host.nameservers;
  if (!input.dns?.length && !input.keepLocalhost) nameservers = nameservers.filter((ns) => !isLocalhost(ns));
  if (nameservers.length === 0) nameservers = [...DEFAULT_NAMESERVERS];
  const search = input.dnsSearch?.length ? input.dnsSearch : host.search;
  const options = input.dnsOptions?.length ? input.dnsOptions : host.options;
  let text = '';
  // "--dns-search ." means no search domains, as in docker.
  if (search.length && search.join(' ').trim() !== '.') text += `search ${search.join(' ')}\n`;
  for (const ns of nameservers) text += `nameserver ${ns}\n`;
  if (options.length && options.join(' ').trim() !== '') text += `options ${options.join(' ')}\n`;
  return text;
}

/** --dns values must be IP addresses (docker's check). */
export function validateDns(servers: readonly string[]): void {
  for (const s of servers) if (!isIP(s)) throw invalidArgument(`${s} is not an ip address`);
}

export interface ExtraHost { host: string; ip: string }

/** Parses --add-host "name:ip" ("name=ip" too); host-gateway becomes `gatewayIp`. */
export function parseExtraHost(value: string, gatewayIp?: string): ExtraHost {
  const sep = value.search(/[:=]/);
  const host = sep === -1 ? '' : value.slice(0, sep);
  let ip = sep === -1 ? '' : value.slice(sep + 1);
  const bad = (): Error => invalidArgument(`invalid argument "${value}" for "--add-host" flag: bad format for add-host: "${value}"`);
  if (host === '' || ip === '') throw bad();
  if (ip === 'host-gateway') {
    if (!gatewayIp) throw invalidArgument('unable to derive the IP value for host-gateway', { hint: 'set --host-gateway-ip' });
    ip = gatewayIp;
  }
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (!isIP(ip)) throw invalidArgument(`invalid argument "${value}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`);
  return { host, ip };
}

export const HOSTS_MARKER_BEGIN = '# <nerdctl>';
export const HOSTS_MARKER_END = '# </nerdctl>';

/**
 * A hosts file: the base file's own entries (loopback lines and the managed region dropped), then
 * the managed region with localhost and the extra hosts. Container entries of shared networks
 * are added by the networking code later.
 */
export function buildHostsFile(baseText: string, extraHosts: readonly ExtraHost[], entries: readonly string[] = []): string {
  const kept: string[] = [];
  let inRegion = false;
  for (const raw of baseText.split('\n')) {
    const line = raw.trim().replace(/\t/g, ' ');
    if (line === HOSTS_MARKER_BEGIN.replace(/\t/g, ' ')) { inRegion = true; continue; }
    if (line === HOSTS_MARKER_END) { inRegion = false; continue; }
    if (inRegion || line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const [addr, ...names] = line.split(/\s+/);
    if (addr === '127.0.0.1' || addr === '::1' || names.length === 0 || names.some((n) => n.startsWith('#'))) continue;
    kept.push(line);
  }
  const region = [
    HOSTS_MARKER_BEGIN,
    '127.0.0.1\tlocalhost localhost.localdomain',
    '::1\t\tlocalhost localhost.localdomain',
    ...extraHosts.map((h) => `${h.ip.padEnd(15)} ${h.host}`),
    ...entries,
    HOSTS_MARKER_END,
  ];
  return [...kept, ...region].join('\n') + '\n';
}

/** /etc/hostname content. */
export const hostnameFile = (hostname: string): string => `${hostname}\n`;
