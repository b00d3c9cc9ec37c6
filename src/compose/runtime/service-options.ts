// A compose service as createContainer's options (pure): every mapped attribute becomes the same
// docker flag value `docker run` would get, so create validates and applies it one way only.
import type { FileReference, Project, Service, ServicePort, ServiceVolume } from '../../../compose';
import type { CreateOptions, HealthOptions } from '../../container/create-options';
import type { ResourceFlags } from '../../container/spec';
import { NerdtsError } from '../../errors';
import { fileObjectTarget } from './file-objects';
import type { FileObjectKind } from './file-objects';

/** What the mapping needs beyond the service. */
export interface MappingContext {
  project: Project;
  service: Service;
  /** The container's name. */
  name: string;
  /** The image reference create gets (resolved by the caller). */
  image: string;
  /** Every label: compose's and the service's. */
  labels: Record<string, string>;
  /** The engine network names to attach (already resolved from the service's keys), in order. */
  networks: string[];
  /** Aliases on those networks (service name, container name, declared aliases). */
  aliases: string[];
  /** ipv4_address on the first network. */
  ip?: string;
  /** A sibling service's container name (network_mode/volumes_from `service:x`). */
  containerOf(service: string): string;
  /** Host path of a secret or config reference (file-objects.ts); undefined when there is nothing to mount. */
  fileOf(kind: FileObjectKind, ref: FileReference): string | undefined;
}

const NS_PER_MS = 1_000_000;
const ms = (ns: number | undefined): number | undefined => (ns === undefined ? undefined : Math.round(ns / NS_PER_MS));

/** `[ip:][published:]target/protocol`, docker's -p syntax. */
export function publishSpec(p: ServicePort): string {
  const ip = p.host_ip ? (p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip) : '';
  const host = p.published ?? '';
  const prefix = ip ? `${ip}:${host}:` : host ? `${host}:` : '';
  return `${prefix}${p.target}/${p.protocol || 'tcp'}`;
}

/** A service mount as a -v value, or a --tmpfs value for tmpfs mounts. */
export function mountSpec(v: ServiceVolume, volumeName: (key: string) => string): { volume?: string; tmpfs?: string } {
  const ro = v.read_only ? ':ro' : '';
  switch (v.type) {
    case 'bind': return { volume: `${v.source}:${v.target}${ro}` };
    case 'volume': return { volume: v.source ? `${volumeName(v.source)}:${v.target}${ro}` : v.target };
    case 'tmpfs': {
      const opts = [v.tmpfs?.size !== undefined && `size=${v.tmpfs.size}`, v.tmpfs?.mode !== undefined && `mode=${v.tmpfs.mode.toString(8)}`].filter(Boolean);
      return { tmpfs: opts.length ? `${v.target}:${opts.join(',')}` : v.target };
    }
    default: throw new NerdtsError('unimplemented', `volume type "${v.type}" is not supported (target ${v.target})`);
  }
}

/** healthcheck -> the --health-* options (durations in ms). */
export function healthOptions(h: Service['healthcheck']): HealthOptions | undefined {
  if (!h) return undefined;
  if (h.disable || h.test?.[0] === 'NONE') return { disable: true };
  const out: HealthOptions = {};
  if (h.test) out.test = h.test;
  const set = (k: 'interval' | 'timeout' | 'startPeriod' | 'startInterval', v: number | undefined): void => { if (v !== undefined) out[k] = ms(v)!; };
  set('interval', h.interval);
  set('timeout', h.timeout);
  set('startPeriod', h.start_period);
  set('startInterval', h.start_interval);
  if (h.retries !== undefined) out.retries = h.retries;
  return out;
}

/** deploy.resources.limits and the service-level resource keys. */
export function resourceFlags(s: Service): ResourceFlags | undefined {
  const limits = s.deploy?.resources?.limits;
  const reservation = s.deploy?.resources?.reservations;
  const r: ResourceFlags = {};
  const memory = limits?.memory ?? s.mem_limit;
  if (memory !== undefined) r.memory = String(memory);
  const cpus = limits?.cpus ?? s.cpus;
  if (cpus !== undefined) r.cpus = String(cpus);
  const pids = limits?.pids ?? s.pids_limit;
  if (pids !== undefined) r.pidsLimit = pids;
  const reserve = reservation?.memory ?? s.mem_reservation;
  if (reserve !== undefined) r.memoryReservation = String(reserve);
  if (s.memswap_limit !== undefined) r.memorySwap = String(s.memswap_limit);
  if (s.mem_swappiness !== undefined) r.memorySwappiness = s.mem_swappiness;
  if (s.oom_kill_disable !== undefined) r.oomKillDisable = s.oom_kill_disable;
  if (s.oom_score_adj !== undefined) r.oomScoreAdj = s.oom_score_adj;
  if (s.cpu_shares !== undefined) r.cpuShares = s.cpu_shares;
  if (s.cpu_period !== undefined) r.cpuPeriod = s.cpu_period;
  if (s.cpu_quota !== undefined) r.cpuQuota = s.cpu_quota;
  if (s.cpuset !== undefined) r.cpusetCpus = s.cpuset;
  return Object.keys(r).length ? r : undefined;
}

/** restart, with deploy.restart_policy winning (none/any/on-failure[:N]). */
export function restartPolicy(s: Service): string | undefined {
  const p = s.deploy?.restart_policy;
  if (p?.condition) {
    if (p.condition === 'none') return 'no';
    if (p.condition === 'any') return 'always';
    return p.max_attempts ? `on-failure:${p.max_attempts}` : 'on-failure';
  }
  return s.restart;
}

/** network_mode as create's --network, or undefined when the service uses compose networks. */
export function networkModeOf(s: Service, containerOf: (service: string) => string): string | undefined {
  const mode = s.network_mode;
  if (mode === undefined) return undefined;
  if (mode.startsWith('service:')) return `container:${containerOf(mode.slice('service:'.length))}`;
  return mode;
}

function secretMounts(s: Service, c: MappingContext): string[] {
  const mounts = (kind: FileObjectKind, refs: readonly FileReference[] | undefined): string[] => (refs ?? []).flatMap((r) => {
    const source = c.fileOf(kind, r);
    return source === undefined ? [] : [`${source}:${fileObjectTarget(kind, r.source, r.target)}:ro`];
  });
  return [...mounts('secrets', s.secrets), ...mounts('configs', s.configs)];
}

function envList(env: Service['environment']): string[] | undefined {
  if (!env) return undefined;
  return Object.entries(env).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
}

function volumesFrom(s: Service, c: MappingContext): string[] | undefined {
  if (!s.volumes_from?.length) return undefined;
  return s.volumes_from.map((v) => {
    if (v.startsWith('container:')) return v.slice('container:'.length);
    const [svc, mode] = v.split(':');
    return mode ? `${c.containerOf(svc!)}:${mode}` : c.containerOf(svc!);
  });
}

/** The create options of one service container. */
export function serviceCreateOptions(c: MappingContext): CreateOptions {
  const s = c.service;
  const volumeName = (key: string): string => c.project.volumes[key]?.name ?? key;
  const mounts = (s.volumes ?? []).map((v) => mountSpec(v, volumeName));
  const binds = [...mounts.flatMap((m) => (m.volume ? [m.volume] : [])), ...secretMounts(s, c)];
  const tmpfs = [...(s.tmpfs ?? []), ...mounts.flatMap((m) => (m.tmpfs ? [m.tmpfs] : []))];
  const mode = networkModeOf(s, c.containerOf);
  const o: CreateOptions = { image: c.image, name: c.name, extraLabels: c.labels };
  const put = <K extends keyof CreateOptions>(k: K, v: CreateOptions[K] | undefined): void => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0 && k !== 'command' && k !== 'entrypoint')) o[k] = v;
  };
  put('command', s.command);
  put('entrypoint', s.entrypoint);
  put('env', envList(s.environment));
  put('workdir', s.working_dir);
  put('user', s.user);
  put('groupAdd', s.group_add);
  put('hostname', s.hostname);
  put('domainname', s.domainname);
  put('tty', s.tty);
  put('interactive', s.stdin_open);
  put('restart', restartPolicy(s));
  put('stopSignal', s.stop_signal);
  put('stopTimeout', s.stop_grace_period === undefined ? undefined : Math.ceil(s.stop_grace_period / 1e9));
  put('readOnly', s.read_only);
  put('tmpfs', tmpfs);
  put('volumes', binds);
  put('resources', resourceFlags(s));
  put('ulimits', Object.entries(s.ulimits ?? {}).map(([k, u]) => (u.single !== undefined ? `${k}=${u.single}` : `${k}=${u.soft}:${u.hard}`)));
  put('shmSize', s.shm_size === undefined ? undefined : String(s.shm_size));
  put('devices', (s.devices ?? []).map((d) => `${d.source}:${d.target}:${d.permissions}`));
  put('privileged', s.privileged);
  put('capAdd', s.cap_add);
  put('capDrop', s.cap_drop);
  put('securityOpt', s.security_opt);
  put('sysctls', Object.entries(s.sysctls ?? {}).map(([k, v]) => `${k}=${v}`));
  put('init', s.init);
  put('pid', s.pid);
  put('ipc', s.ipc);
  put('uts', s.uts);
  put('cgroupParent', s.cgroup_parent);
  put('logDriver', s.logging?.driver);
  put('logOpts', Object.entries(s.logging?.options ?? {}).map(([k, v]) => `${k}=${v}`));
  put('dns', s.dns);
  put('dnsSearch', s.dns_search);
  put('dnsOptions', s.dns_opt);
  put('addHosts', Object.entries(s.extra_hosts ?? {}).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`)));
  put('publish', (s.ports ?? []).map(publishSpec));
  put('expose', s.expose);
  put('health', healthOptions(s.healthcheck));
  put('volumesFrom', volumesFrom(s, c));
  put('platform', s.platform);
  put('runtime', s.runtime);
  put('macAddress', s.mac_address);
  put('networks', mode !== undefined ? [mode] : c.networks);
  if (mode === undefined) {
    put('networkAliases', c.aliases);
    put('ip', c.ip);
  }
  return o;
}
