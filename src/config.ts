// Global options shared by every command and library: where containerd listens, which namespace,
// where state lives. Precedence: command-line flag > environment variable > nerdts.toml > default.
// Leaf module: file and environment access are passed in.
import { NerdtsError } from './errors';
import { parseTomlSubset, type TomlValue } from './config-toml';

export interface GlobalOptions {
  /** containerd socket path (any `unix://` prefix removed). */
  address: string;
  namespace: string;
  snapshotter: string;
  /** Root of our persistent state; nerdctl's default, so the two tools share containers. */
  dataRoot: string;
  cniPath: string;
  cniNetconfPath: string;
  hostsDir: string[];
  /** Registries (host or host:port) reached without TLS verification; '*' means all. */
  insecureRegistry: string[];
  debug: boolean;
  cgroupManager: 'cgroupfs' | 'systemd' | 'none';
  /** Start containerd when its socket does not answer. */
  autostartContainerd: boolean;
  /** The nerdts.toml consulted (whether or not it exists). */
  configPath: string;
}

/** Global flag values as given on the command line; undefined when not given. */
export interface GlobalFlagValues {
  address?: string;
  namespace?: string;
  snapshotter?: string;
  dataRoot?: string;
  cniPath?: string;
  cniNetconfpath?: string;
  hostsDir?: string[];
  insecureRegistry?: string[];
  debug?: boolean;
  cgroupManager?: string;
  noAutostart?: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;
/** Returns the file's text, or undefined when it does not exist. */
export type ReadTextFile = (path: string) => string | undefined;

export const DEFAULT_CONFIG_PATH = '/etc/nerdts/nerdts.toml';
export const DEFAULT_ADDRESS = '/run/containerd/containerd.sock';
export const DEFAULT_DATA_ROOT = '/var/lib/nerdctl';
export const DEFAULT_NETCONF_PATH = '/etc/cni/net.d';
export const DEFAULT_HOSTS_DIRS: readonly string[] = ['/etc/containerd/certs.d', '/etc/docker/certs.d'];
export const CNI_PATH_CANDIDATES: readonly string[] = ['/opt/cni/bin', '/usr/local/libexec/cni', '/usr/local/lib/cni', '/usr/libexec/cni', '/usr/lib/cni'];

type FileKind = 'string' | 'boolean' | 'strings' | 'insecure';
const FILE_KEYS: Record<string, FileKind> = {
  address: 'string', namespace: 'string', snapshotter: 'string', data_root: 'string', cni_path: 'string',
  cni_netconfpath: 'string', cgroup_manager: 'string', hosts_dir: 'strings', insecure_registry: 'insecure',
  debug: 'boolean', autostart: 'boolean',
};
type FileConfig = Partial<Record<string, string | boolean | string[]>>;

/** Resolves the global options. `exists` is only used for defaults that depend on the host. */
export function resolveGlobals(flags: GlobalFlagValues, env: Env, readFile: ReadTextFile,
  exists: (path: string) => boolean = () => false): GlobalOptions {
  const configPath = env.NERDTS_TOML || DEFAULT_CONFIG_PATH;
  const text = readFile(configPath);
  const file = text === undefined ? {} : readConfigFile(text, configPath);
  const str = (flag: string | undefined, envName: string | undefined, key: string): string | undefined =>
    flag ?? (envName && env[envName] ? env[envName] : undefined) ?? (file[key] as string | undefined);
  const noAutostartEnv = env.NERDTS_NO_AUTOSTART !== undefined && env.NERDTS_NO_AUTOSTART !== '' && env.NERDTS_NO_AUTOSTART !== '0';
  const cniPath = str(flags.cniPath, 'CNI_PATH', 'cni_path');
  const cgroupManager = str(flags.cgroupManager, undefined, 'cgroup_manager');
  const globals = {
    address: normalizeAddress(str(flags.address, 'CONTAINERD_ADDRESS', 'address') ?? DEFAULT_ADDRESS),
    namespace: validateNamespace(str(flags.namespace, 'CONTAINERD_NAMESPACE', 'namespace') ?? 'default'),
    snapshotter: str(flags.snapshotter, 'CONTAINERD_SNAPSHOTTER', 'snapshotter') ?? 'overlayfs',
    dataRoot: str(flags.dataRoot, undefined, 'data_root') ?? DEFAULT_DATA_ROOT,
    cniNetconfPath: str(flags.cniNetconfpath, 'NETCONFPATH', 'cni_netconfpath') ?? DEFAULT_NETCONF_PATH,
    hostsDir: flags.hostsDir ?? (file.hosts_dir as string[] | undefined) ?? [...DEFAULT_HOSTS_DIRS],
    insecureRegistry: flags.insecureRegistry ? insecureFromFlags(flags.insecureRegistry) : (file.insecure_registry as string[] | undefined) ?? [],
    debug: flags.debug ?? (file.debug as boolean | undefined) ?? false,
    autostartContainerd: flags.noAutostart === true ? false : flags.noAutostart === false ? true
      : noAutostartEnv ? false : (file.autostart as boolean | undefined) ?? true,
    configPath,
  };
  // Host probes (stat calls) run only when a command reads these; most never do.
  return withLazy(withLazy(globals, 'cniPath', cniPath, () => CNI_PATH_CANDIDATES.find(exists) ?? CNI_PATH_CANDIDATES[0]!),
    'cgroupManager', cgroupManager === undefined ? undefined : validateCgroupManager(cgroupManager), () => defaultCgroupManager(exists)) as GlobalOptions;
}

/** Adds `key` as a plain value, or as an enumerable getter computing (once) the default. */
function withLazy<T extends object, K extends string, V>(obj: T, key: K, value: V | undefined, compute: () => V): T & Record<K, V> {
  if (value !== undefined) return Object.assign(obj, { [key]: value }) as T & Record<K, V>;
  let cached: V | undefined;
  return Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= compute()),
    set: (v: V) => { cached = v; },
  }) as T & Record<K, V>;
}

/** True when TLS verification is skipped (and plain HTTP allowed) for this registry host. */
export function isInsecureRegistry(globals: Pick<GlobalOptions, 'insecureRegistry'>, host: string): boolean {
  const bare = host.replace(/:\d+$/, '');
  return globals.insecureRegistry.some((r) => r === '*' || r === host || r === bare);
}

function readConfigFile(text: string, path: string): FileConfig {
  const raw = parseTomlSubset(text, path);
  const out: FileConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    const kind = FILE_KEYS[key];
    if (!kind) {
      throw new NerdtsError('invalid-argument', `${path}: unknown key "${key}"`,
        { hint: `known keys: ${Object.keys(FILE_KEYS).join(', ')}` });
    }
    out[key] = fileValue(kind, value, key, path);
  }
  return out;
}

function fileValue(kind: FileKind, value: TomlValue, key: string, path: string): string | boolean | string[] {
  const isStrings = Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (kind === 'string' && typeof value === 'string') return value;
  if (kind === 'boolean' && typeof value === 'boolean') return value;
  if (kind === 'strings' && typeof value === 'string') return [value];
  if ((kind === 'strings' || kind === 'insecure') && isStrings) return value as string[];
  if (kind === 'insecure' && typeof value === 'boolean') return value ? ['*'] : [];
  const want = { string: 'a string', boolean: 'true or false', strings: 'an array of strings', insecure: 'true, false or an array of hosts' }[kind];
  throw new NerdtsError('invalid-argument', `${path}: "${key}" must be ${want}`);
}

/** Bare `--insecure-registry` arrives as '*'; `=true`/`=false` keep nerdctl's boolean meaning. */
function insecureFromFlags(values: string[]): string[] {
  let out: string[] = [];
  for (const v of values) {
    if (v === 'false') out = [];
    else out.push(v === 'true' ? '*' : v);
  }
  return out;
}

function normalizeAddress(address: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(address);
  if (m && m[1]!.toLowerCase() !== 'unix') {
    throw new NerdtsError('invalid-argument', `invalid containerd address "${address}": only unix sockets are supported`,
      { hint: 'pass a socket path such as /run/containerd/containerd.sock or unix:///run/containerd/containerd.sock' });
  }
  const path = m ? m[2]! : address;
  if (path === '') throw new NerdtsError('invalid-argument', 'the containerd address is empty');
  return path;
}

/** containerd's identifier rule (also a safe path segment for our state directories). */
function validateNamespace(ns: string): string {
  if (ns.length <= 76 && /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/.test(ns)) return ns;
  throw new NerdtsError('invalid-argument', `invalid namespace "${ns}"`,
    { hint: 'use letters and digits, separated by single ".", "_" or "-" (at most 76 characters)' });
}

function validateCgroupManager(v: string): GlobalOptions['cgroupManager'] {
  if (v === 'cgroupfs' || v === 'systemd' || v === 'none') return v;
  throw new NerdtsError('invalid-argument', `invalid cgroup manager "${v}"`, { hint: 'use "cgroupfs", "systemd" or "none"' });
}

/** nerdctl's rule: systemd on cgroup v2 hosts booted with systemd, cgroupfs otherwise. */
function defaultCgroupManager(exists: (path: string) => boolean): GlobalOptions['cgroupManager'] {
  return exists('/sys/fs/cgroup/cgroup.controllers') && exists('/run/systemd/system') ? 'systemd' : 'cgroupfs';
}
