// Which servers to contact for a registry host, with what scheme and TLS settings: containerd's
// hosts.toml (`<hostsDir>/<host[:port]>/hosts.toml`), docker's certs.d files, `_default`, the
// localhost/insecure rules of nerdctl, and docker.io -> registry-1.docker.io.
import { readFile, readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { invalidArgument } from '../../errors';
import { parseDuration } from '../../units';
import { parseToml } from './hosts-toml';
import type { TomlTable, TomlValue } from './hosts-toml';

/** What a hosts.toml endpoint may be used for. */
export type Capability = 'pull' | 'resolve' | 'push';
const ALL_CAPABILITIES: readonly Capability[] = ['pull', 'resolve', 'push'];

/** One server to try for a registry host, in order: mirrors first, the upstream last. */
export interface RegistryEndpoint {
  /** `host[:port]` to connect to. */
  host: string;
  scheme: 'http' | 'https';
  /** API root path, normally `/v2`. */
  path: string;
  capabilities: readonly Capability[];
  /** Try HTTPS first and fall back to plain HTTP when the server does not speak TLS. */
  httpFallback: boolean;
  skipVerify: boolean;
  caFiles: string[];
  /** [certificate file, key file]; an empty key means the key is in the certificate file. */
  clientCerts: Array<[string, string]>;
  headers: Record<string, string[]>;
  /** Set on mirrors: the registry host they stand in for, sent as `?ns=`. */
  namespace?: string;
  dialTimeoutMs?: number;
}

/** The parsed form of one `[host."..."]` table or of the top level of a hosts.toml. */
export interface HostEntry {
  server?: string;
  capabilities: readonly Capability[];
  caFiles?: string[];
  clientCerts?: Array<[string, string]>;
  skipVerify?: boolean;
  headers?: Record<string, string[]>;
  overridePath?: boolean;
  dialTimeoutMs?: number;
}

/** The user's registry settings: --hosts-dir and --insecure-registry. */
export interface HostsOptions {
  /** Directories like /etc/containerd/certs.d and /etc/docker/certs.d, searched in order. */
  hostsDirs?: readonly string[];
  /** `--insecure-registry`: true for every host, or a list of `host[:port]`. */
  insecure?: boolean | readonly string[];
}

/** File access used by endpoint resolution; undefined means "does not exist". */
export interface HostsFs {
  readFile(path: string): Promise<string | undefined>;
  readDir(path: string): Promise<string[] | undefined>;
}

const missingAsUndefined = (err: unknown): undefined => {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  throw err;
};

/** The real file system. */
export const nodeHostsFs: HostsFs = {
  readFile: (p) => readFile(p, 'utf8').catch(missingAsUndefined),
  readDir: (p) => readdir(p).catch(missingAsUndefined),
};

/** True for localhost and loopback addresses, with or without a port. */
export function isLocalhost(host: string): boolean {
  const name = hostname(host);
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host name without port and IPv6 brackets. */
export function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') >= 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function port(host: string): string {
  const m = /:(\d+)$/.exec(host);
  return m && !(hostname(host) === host) ? m[1]! : '';
}

/** True when `--insecure-registry` covers `host` (entries match `host:port` or a bare host name). */
export function isInsecureHost(host: string, insecure: HostsOptions['insecure']): boolean {
  if (insecure === true) return true;
  if (!insecure) return false;
  return insecure.some((entry) => {
    const e = entry.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
    return e === host || e === hostname(host);
  });
}

/** Candidate directory names for a registry host (containerd's hostPaths, nerdctl's port 443 rule). */
export function hostDirNames(host: string): string[] {
  const h = host === 'index.docker.io' ? 'docker.io' : host;
  const p = port(h);
  const names = p ? [`${h.slice(0, h.length - p.length - 1)}_${p}_`, h] : [h];
  if (p === '443') names.push(hostname(h));
  return names;
}

/** The ordered endpoints for a registry host (e.g. `docker.io`, `127.0.0.1:5000`). */
export async function resolveEndpoints(registryHost: string, options: HostsOptions = {}, fs: HostsFs = nodeHostsFs): Promise<RegistryEndpoint[]> {
  const entries = await loadHostEntries(registryHost, options.hostsDirs ?? [], fs) ?? [{ capabilities: ALL_CAPABILITIES }];
  return entries.map((e) => toEndpoint(registryHost, e, isInsecureHost(registryHost, options.insecure)));
}

async function loadHostEntries(registryHost: string, dirs: readonly string[], fs: HostsFs): Promise<HostEntry[] | undefined> {
  const names = hostDirNames(registryHost);
  for (const candidate of [...dirs.flatMap((d) => names.map((n) => join(d, n))), ...dirs.map((d) => join(d, '_default'))]) {
    const files = await fs.readDir(candidate);
    if (!files) continue;
    if (files.includes('hosts.toml')) {
      const file = join(candidate, 'hosts.toml');
      const text = await fs.readFile(file);
      if (text !== undefined && text.trim() !== '') return parseHostsFile(text, candidate, file);
    }
    return [certFilesEntry(candidate, files)];
  }
  return undefined;
}

/** Docker's certs.d layout: `*.crt` are CAs, `x.cert` with `x.key` are client pairs. */
export function certFilesEntry(dir: string, files: readonly string[]): HostEntry {
  const sorted = [...files].sort();
  const caFiles = sorted.filter((f) => f.endsWith('.crt')).map((f) => join(dir, f));
  const clientCerts = sorted.filter((f) => f.endsWith('.cert')).map((f): [string, string] => {
    const key = `${f.slice(0, -5)}.key`;
    return [join(dir, f), files.includes(key) ? join(dir, key) : ''];
  });
  return {
    capabilities: ALL_CAPABILITIES,
    ...(caFiles.length > 0 && { caFiles }),
    ...(clientCerts.length > 0 && { clientCerts }),
  };
}

/** Parses a hosts.toml: the `[host."..."]` entries in file order, then the top-level `server` entry. */
export function parseHostsFile(text: string, dir: string, source = 'hosts.toml'): HostEntry[] {
  const doc = parseToml(text, source);
  const hosts = doc['host'];
  const out: HostEntry[] = [];
  if (hosts !== undefined) {
    if (!isTable(hosts)) throw invalidArgument(`${source}: "host" must be a table`);
    for (const [server, value] of Object.entries(hosts)) {
      if (!isTable(value)) throw invalidArgument(`${source}: host "${server}" must be a table`);
      out.push(parseEntry(server, value, dir, source));
    }
  }
  const server = doc['server'];
  if (server !== undefined && typeof server !== 'string') throw invalidArgument(`${source}: "server" must be a string`);
  // A server also listed as a host is that host (with its settings), not a second endpoint.
  const same = (h: HostEntry): boolean => server !== undefined && h.server !== undefined && h.server.replace(/\/+$/, '') === server.replace(/\/+$/, '');
  if (!out.some(same)) out.push(parseEntry(server, doc, dir, source));
  return out;
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: TomlValue, what: string, source: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x): x is string => typeof x === 'string')) throw invalidArgument(`${source}: invalid type for "${what}"`);
  return list;
}

function parseEntry(server: string | undefined, t: TomlTable, dir: string, source: string): HostEntry {
  const abs = (p: string): string => (p === '' || isAbsolute(p) ? p : join(dir, p));
  const entry: HostEntry = { capabilities: parseCapabilities(t['capabilities'], source) };
  if (server) entry.server = server;
  if (t['ca'] !== undefined) entry.caFiles = stringList(t['ca'], 'ca', source).map(abs);
  if (t['client'] !== undefined) entry.clientCerts = parseClient(t['client'], source).map(([c, k]) => [abs(c), abs(k)]);
  if (t['skip_verify'] !== undefined) {
    if (typeof t['skip_verify'] !== 'boolean') throw invalidArgument(`${source}: "skip_verify" must be a boolean`);
    entry.skipVerify = t['skip_verify'];
  }
  if (t['override_path'] === true) entry.overridePath = true;
  const header = t['header'];
  if (header !== undefined) {
    if (!isTable(header)) throw invalidArgument(`${source}: "header" must be a table`);
    entry.headers = Object.fromEntries(Object.entries(header).map(([k, v]) => [k, stringList(v, `header.${k}`, source)]));
  }
  if (t['dial_timeout'] !== undefined) {
    const ms = typeof t['dial_timeout'] === 'string' ? parseDuration(t['dial_timeout']) : undefined;
    if (ms === undefined) throw invalidArgument(`${source}: invalid "dial_timeout"`);
    entry.dialTimeoutMs = ms;
  }
  return entry;
}

function parseCapabilities(v: TomlValue | undefined, source: string): readonly Capability[] {
  if (v === undefined) return ALL_CAPABILITIES;
  const out: Capability[] = [];
  for (const c of stringList(v, 'capabilities', source)) {
    const lower = c.toLowerCase();
    if (lower === 'referrers') continue;
    if (!(ALL_CAPABILITIES as readonly string[]).includes(lower)) throw invalidArgument(`${source}: unknown capability "${c}"`);
    out.push(lower as Capability);
  }
  return out.length > 0 ? out : ALL_CAPABILITIES;
}

// `client` is a path, a list of paths, or a list of [cert, key] pairs.
function parseClient(v: TomlValue, source: string): Array<[string, string]> {
  const list = Array.isArray(v) ? v : [v];
  return list.map((item): [string, string] => {
    if (typeof item === 'string') return [item, ''];
    if (Array.isArray(item) && item.length === 2 && item.every((x) => typeof x === 'string')) return [item[0] as string, item[1] as string];
    throw invalidArgument(`${source}: invalid type for "client"`);
  });
}

function toEndpoint(registryHost: string, e: HostEntry, insecure: boolean): RegistryEndpoint {
  const base = e.server ? serverLocation(e.server, e.overridePath === true) : defaultLocation(registryHost, insecure);
  const explicitTls = e.caFiles !== undefined || e.clientCerts !== undefined || e.skipVerify !== undefined;
  let { scheme, httpFallback } = base;
  // containerd: an http host that carries TLS settings is tried over HTTPS first.
  if (scheme === 'http' && explicitTls && port(base.host) !== '80') [scheme, httpFallback] = ['https', true];
  const proxy = base.host !== registryHost && !(registryHost === 'docker.io' && base.host === 'registry-1.docker.io');
  return {
    host: base.host, scheme, path: base.path, capabilities: e.capabilities, httpFallback,
    skipVerify: e.skipVerify ?? (insecure || base.skipVerify),
    caFiles: e.caFiles ?? [], clientCerts: e.clientCerts ?? [], headers: e.headers ?? {},
    ...(proxy && { namespace: registryHost }),
    ...(e.dialTimeoutMs !== undefined && { dialTimeoutMs: e.dialTimeoutMs }),
  };
}

interface Location { host: string; scheme: 'http' | 'https'; path: string; httpFallback: boolean; skipVerify: boolean }

function defaultLocation(registryHost: string, insecure: boolean): Location {
  const v2 = { path: '/v2', skipVerify: false };
  if (registryHost === 'docker.io') return { ...v2, host: 'registry-1.docker.io', scheme: 'https', httpFallback: false };
  if (isLocalhost(registryHost)) return { ...v2, host: registryHost, scheme: 'http', httpFallback: false };
  return { ...v2, host: registryHost, scheme: 'https', httpFallback: insecure, skipVerify: insecure };
}

function serverLocation(server: string, overridePath: boolean): Location {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(server) ? server : `https://${server}`);
  } catch {
    throw invalidArgument(`unable to parse server ${server}`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (!overridePath && !path.endsWith('/v2')) path += '/v2';
  return { host: url.host, scheme: url.protocol === 'http:' ? 'http' : 'https', path, httpFallback: false, skipVerify: false };
}
