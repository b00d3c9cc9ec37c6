// Binders for the structured service attributes (canonical tree -> typed model).
import { ComposeError } from '../errors';
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';
import type { Warn } from './convert';
import { bool, bytes, duration, envMapping, extensionsOf, float32, hostsList, int, mapping, raw, shellCommand, str, strings } from './convert';
import type {
  BlkioConfig, BuildConfig, DependencyCondition, DeployConfig, DeviceMapping, DeviceRequest, EnvFile, FileReference, HealthCheck,
  Resource, ServiceDependency, ServiceHook, ServiceNetwork, ServicePort, ServiceVolume, Ulimit,
} from './types';

/** Converts the keys of `m` that the table knows (others, such as `x-*`, are handled by callers). */
export function fields<T>(m: NodeMap, path: string, warn: Warn, table: Record<string, (v: Node, p: string, w: Warn) => unknown>): T {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(m);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const fn = Object.hasOwn(table, k) ? table[k] : undefined;
    if (fn && m[k] !== undefined) out[k] = fn(m[k]!, `${path}.${k}`, warn);
  }
  return out as T;
}

const each = <T>(fn: (m: NodeMap, path: string, warn: Warn) => T) => (v: Node, path: string, warn: Warn): T[] =>
  (Array.isArray(v) ? v : []).map((e, i) => {
    if (!isMap(e)) throw new ComposeError('must be a mapping', { path: `${path}[${i}]` });
    return fn(e, `${path}[${i}]`, warn);
  });

/** Long-form port entries (mode and protocol defaulted). */
export const ports = each((m, path): ServicePort => {
  const p = fields<ServicePort>(m, path, () => {}, {
    name: str, mode: str, host_ip: str, target: int, published: str, protocol: str, app_protocol: str,
  });
  p.mode ??= 'ingress';
  p.protocol ??= 'tcp';
  return p;
});

/** Long-form mounts; sizes in bytes, modes as numbers. */
export const volumes = each((m, path, warn): ServiceVolume => {
  const v = fields<ServiceVolume>(m, path, warn, {
    type: str, source: str, target: str, read_only: bool, consistency: str,
    bind: (b, p) => fields(isMap(b) ? b : {}, p, warn, { selinux: str, propagation: str, create_host_path: bool, recursive: str }),
    volume: (b, p) => fields(isMap(b) ? b : {}, p, warn, { labels: mapping, nocopy: bool, subpath: str }),
    tmpfs: (b, p) => fields(isMap(b) ? b : {}, p, warn, { size: bytes, mode: (x, q) => (typeof x === 'string' && /^0[0-7]+$/.test(x) ? parseInt(x, 8) : int(x, q)) }),
    image: (b, p) => fields(isMap(b) ? b : {}, p, warn, { subpath: str }),
  });
  if (v.bind) v.bind.create_host_path ??= false;
  v.target ??= '';
  return v;
});

/** Secret/config references; a string mode is octal. */
export const fileRefs = each((m, path): FileReference => fields<FileReference>(m, path, () => {}, {
  source: str, target: str, uid: str, gid: str,
  mode: (v, p) => (typeof v === 'string' ? parseFileMode(v, p) : int(v, p)),
}));

function parseFileMode(v: string, path: string): number {
  if (!/^[0-7]+$/.test(v)) throw new ComposeError(`invalid file mode: ${v}`, { path });
  return parseInt(v, 8);
}

/** Device mappings (target defaults to the source, permissions to rwm). */
export const devices = each((m, path): DeviceMapping => ({
  source: str(m.source ?? ''), target: str(m.target ?? m.source ?? ''), permissions: str(m.permissions ?? 'rwm'),
  ...(m.source === undefined ? fail(path, 'missing source') : {}),
}));

/** GPU/device requests; count "all" is -1. */
export const deviceRequests = each((m, path, warn): DeviceRequest => fields<DeviceRequest>(m, path, warn, {
  capabilities: strings, driver: str,
  count: (v, p) => (typeof v === 'string' && v.toLowerCase() === 'all' ? -1 : int(v, p)),
  device_ids: strings, options: mapping,
}));

/** env_file entries (required unless said otherwise). */
export const envFiles = each((m, path): EnvFile => ({
  path: str(m.path ?? ''),
  required: m.required === undefined ? true : bool(m.required, `${path}.required`),
  ...(m.format !== undefined ? { format: str(m.format) } : {}),
}));

/** Lifecycle hooks (pre_start, post_start, pre_stop). */
export const hooks = each((m, path, warn): ServiceHook => fields<ServiceHook>(m, path, warn, {
  command: shellCommand, image: str, user: str, privileged: bool, working_dir: str, environment: envMapping, per_replica: bool,
}));

/** depends_on entries with condition, restart and required filled in. */
export function dependsOn(v: Node, path: string): Record<string, ServiceDependency> {
  const out: Record<string, ServiceDependency> = {};
  if (!isMap(v)) return out;
  for (const name of Object.keys(v)) {
    const d = v[name]!;
    const m: NodeMap = isMap(d) ? d : {};
    out[name] = {
      condition: (m.condition === undefined ? 'service_started' : str(m.condition)) as DependencyCondition,
      restart: m.restart === undefined ? false : bool(m.restart, `${path}.${name}.restart`),
      required: m.required === undefined ? true : bool(m.required, `${path}.${name}.required`),
    };
  }
  return out;
}

/** A healthcheck; a string test becomes ["CMD-SHELL", test], durations are ns. */
export function healthcheck(v: Node, path: string, warn: Warn): HealthCheck {
  return fields<HealthCheck>(isMap(v) ? v : {}, path, warn, {
    test: (t) => (typeof t === 'string' ? ['CMD-SHELL', t] : strings(t)),
    timeout: duration, interval: duration, retries: int, start_period: duration, start_interval: duration, disable: bool,
  });
}

/** ulimits: a number is `single`, a mapping soft/hard. */
export function ulimits(v: Node, path: string): Record<string, Ulimit> {
  const out: Record<string, Ulimit> = {};
  if (!isMap(v)) return out;
  for (const [name, u] of Object.entries(v)) {
    const p = `${path}.${name}`;
    out[name] = isMap(u) ? { soft: int(u.soft ?? 0, `${p}.soft`), hard: int(u.hard ?? 0, `${p}.hard`) } : { single: int(u, p) };
  }
  return out;
}

/** Service network attachments (null = defaults). */
export function serviceNetworks(v: Node, path: string, warn: Warn): Record<string, ServiceNetwork | null> {
  const out: Record<string, ServiceNetwork | null> = {};
  if (!isMap(v)) return out;
  for (const name of Object.keys(v)) {
    const n = v[name]!;
    out[name] = !isMap(n) ? null : fields<ServiceNetwork>(n, `${path}.${name}`, warn, {
      aliases: strings, driver_opts: mapping, gw_priority: int, interface_name: str, ipv4_address: str,
      ipv6_address: str, link_local_ips: strings, mac_address: str, priority: int,
    });
  }
  return out;
}

/** Logging driver and options. */
export function logging(v: Node, path: string, warn: Warn): { driver?: string; options?: Record<string, string> } {
  return fields(isMap(v) ? v : {}, path, warn, { driver: str, options: mapping });
}

/** A build section (a string is the context). */
export function build(v: Node, path: string, warn: Warn): BuildConfig {
  const m: NodeMap = isMap(v) ? v : { context: v };
  const b = fields<BuildConfig>(m, path, warn, {
    context: str, dockerfile: str, dockerfile_inline: str, entitlements: strings, args: envMapping, provenance: str, sbom: str,
    ssh: (s) => mapping(isMap(s) ? nullToEmpty(s) : s), labels: mapping, cache_from: strings, cache_to: strings,
    no_cache: bool, no_cache_filter: strings, additional_contexts: mapping, pull: bool, extra_hosts: hostsList,
    isolation: str, network: str, target: str, secrets: fileRefs, shm_size: bytes, tags: strings, ulimits,
    platforms: strings, privileged: bool,
  });
  b.context ??= '.';
  const ext = extensionsOf(m);
  if (ext) b.extensions = ext;
  return b;
}

function nullToEmpty(m: NodeMap): NodeMap {
  const out: NodeMap = {};
  for (const [k, v] of Object.entries(m)) out[k] = v === null ? '' : v;
  return out;
}

function resource(v: Node, path: string, warn: Warn): Resource {
  return fields<Resource>(isMap(v) ? v : {}, path, warn, {
    cpus: float32, memory: bytes, pids: int, devices: deviceRequests,
    generic_resources: (g) => (Array.isArray(g) ? g.map(raw) : []),
  });
}

/** The deploy section; cpus, memory and durations converted. */
export function deploy(v: Node, path: string, warn: Warn): DeployConfig {
  return fields<DeployConfig>(isMap(v) ? v : {}, path, warn, {
    mode: str, replicas: int, labels: mapping, update_config: raw, rollback_config: raw,
    resources: (r, p) => fields(isMap(r) ? r : {}, p, warn, { limits: resource, reservations: resource }),
    restart_policy: (r, p) => fields(isMap(r) ? r : {}, p, warn, { condition: str, delay: duration, max_attempts: int, window: duration }),
    placement: raw, endpoint_mode: str,
  });
}

/** blkio_config with rates in bytes. */
export function blkio(v: Node, path: string, warn: Warn): BlkioConfig {
  const rates = (l: Node, p: string): { path: string; rate: number }[] =>
    (Array.isArray(l) ? l : []).map((e, i) => ({ path: str(isMap(e) ? e.path ?? '' : ''), rate: bytes(isMap(e) ? e.rate ?? 0 : 0, `${p}[${i}].rate`) }));
  return fields<BlkioConfig>(isMap(v) ? v : {}, path, warn, {
    weight: int,
    weight_device: (l, p) => (Array.isArray(l) ? l : []).map((e, i) => ({ path: str(isMap(e) ? e.path ?? '' : ''), weight: int(isMap(e) ? e.weight ?? 0 : 0, `${p}[${i}].weight`) })),
    device_read_bps: rates, device_read_iops: rates, device_write_bps: rates, device_write_iops: rates,
  });
}

function fail(path: string, reason: string): never {
  throw new ComposeError(reason, { path });
}
