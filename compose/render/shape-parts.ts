// Typed model pieces -> output documents, with Go's field order and omitempty rules
// (compose-go types/*.go struct tags). `json` differs from YAML only where Go's encoders do.
import type {
  BlkioConfig, BuildConfig, DeployConfig, DeviceRequest, EnvMapping, FileReference, HealthCheck, Resource,
  ServiceDependency, ServiceHook, ServiceNetwork, ServicePort, ServiceVolume, Ulimit,
} from '../model/types';
import { formatDuration } from '../units';
import type { Value } from './doc';
import { Doc, GoFloat, byteOrder, nonEmpty, rawValue, sortedDoc } from './doc';

/** Which encoder the document is for (their omit rules differ in places). */
export type Format = 'yaml' | 'json';

/** Go omitempty helpers: each returns undefined (omitted) for the zero value. */
export const str = (v: string | undefined): string | undefined => nonEmpty(v);
export const int = (v: number | undefined): number | undefined => nonEmpty(v);
export const flag = (v: boolean | undefined): boolean | undefined => nonEmpty(v);
export const list = (v: readonly string[] | undefined): Value[] | undefined => nonEmpty(v ? [...v] : undefined);
/** UnitBytes marshal as decimal strings. */
export const size = (v: number | undefined): string | undefined => (v ? String(v) : undefined);
export const dur = (v: number | undefined): string | undefined => (v === undefined ? undefined : formatDuration(v));
export const f32 = (v: number | undefined): GoFloat | undefined => (v ? new GoFloat(v, 32) : undefined);
export const strMap = (v: Readonly<Record<string, string>> | undefined): Doc | undefined => nonEmpty(sortedDoc(v, (s) => s));
export const envMap = (v: EnvMapping | undefined): Doc | undefined => nonEmpty(sortedDoc(v, (s) => s));

/** extra_hosts marshal as a sorted `host=ip` list. */
export function hosts(v: Readonly<Record<string, string[]>> | undefined): Value[] | undefined {
  if (!v) return undefined;
  const out: string[] = [];
  for (const [h, ips] of Object.entries(v)) for (const ip of ips) out.push(`${h}=${ip}`);
  return nonEmpty(out.sort(byteOrder));
}

/** Inline `x-*` keys (YAML only; Go's JSON tags drop them below the top level). */
export function withExtensions(d: Doc, ext: Record<string, unknown> | undefined, format: Format): Doc {
  if (format === 'yaml' && ext) for (const k of Object.keys(ext).sort(byteOrder)) d.set(k, rawValue(ext[k]));
  return d;
}

/** Ports in ServicePortConfig field order. */
export function ports(v: ServicePort[] | undefined): Value[] | undefined {
  return nonEmpty(v?.map((p) => new Doc().set('name', str(p.name)).set('mode', str(p.mode)).set('host_ip', str(p.host_ip))
    .set('target', int(p.target)).set('published', str(p.published)).set('protocol', str(p.protocol)).set('app_protocol', str(p.app_protocol))));
}

/** Mounts in ServiceVolumeConfig field order (`bind: {}` kept, create_host_path only when false). */
export function volumes(v: ServiceVolume[] | undefined): Value[] | undefined {
  return nonEmpty(v?.map((m) => new Doc().set('type', str(m.type)).set('source', str(m.source)).set('target', str(m.target))
    .set('read_only', flag(m.read_only)).set('consistency', str(m.consistency))
    .set('bind', m.bind && new Doc().set('selinux', str(m.bind.selinux)).set('propagation', str(m.bind.propagation))
      .set('create_host_path', m.bind.create_host_path ? undefined : false).set('recursive', str(m.bind.recursive)))
    .set('volume', m.volume && new Doc().set('labels', strMap(m.volume.labels)).set('nocopy', flag(m.volume.nocopy)).set('subpath', str(m.volume.subpath)))
    .set('tmpfs', m.tmpfs && new Doc().set('size', size(m.tmpfs.size)).set('mode', int(m.tmpfs.mode)))
    .set('image', m.image && new Doc().set('subpath', str(m.image.subpath)))));
}

/** File modes print as octal strings (`"0440"`). */
export function fileRefs(v: FileReference[] | undefined): Value[] | undefined {
  return nonEmpty(v?.map((r) => new Doc().set('source', str(r.source)).set('target', str(r.target)).set('uid', str(r.uid))
    .set('gid', str(r.gid)).set('mode', r.mode === undefined ? undefined : `0${r.mode.toString(8)}`)));
}

/** depends_on, sorted; `required` is always printed. */
export function dependsOn(v: Record<string, ServiceDependency> | undefined): Doc | undefined {
  return nonEmpty(sortedDoc(v, (d) => new Doc().set('condition', str(d.condition)).set('restart', flag(d.restart)).set('required', d.required)));
}

/** Service networks, sorted; null for default attachments. */
export function networks(v: Record<string, ServiceNetwork | null> | undefined): Doc | undefined {
  return nonEmpty(sortedDoc(v, (n) => n === null ? null : new Doc().set('aliases', list(n.aliases)).set('driver_opts', strMap(n.driver_opts))
    .set('gw_priority', int(n.gw_priority)).set('interface_name', str(n.interface_name)).set('ipv4_address', str(n.ipv4_address))
    .set('ipv6_address', str(n.ipv6_address)).set('link_local_ips', list(n.link_local_ips)).set('mac_address', str(n.mac_address))
    .set('priority', int(n.priority))));
}

/** ulimits: single values as numbers, else soft/hard. */
export function ulimits(v: Record<string, Ulimit> | undefined, format: Format): Doc | undefined {
  return nonEmpty(sortedDoc(v, (u) => {
    if (u.single) return u.single;
    if (format === 'yaml') return new Doc().set('soft', u.soft ?? 0).set('hard', u.hard ?? 0);
    return new Doc().set('soft', int(u.soft)).set('hard', int(u.hard));
  }));
}

/** A healthcheck with Go duration strings. */
export function healthcheck(h: HealthCheck | undefined): Doc | undefined {
  return h && new Doc().set('test', list(h.test)).set('timeout', dur(h.timeout)).set('interval', dur(h.interval))
    .set('retries', h.retries).set('start_period', dur(h.start_period)).set('start_interval', dur(h.start_interval))
    .set('disable', flag(h.disable));
}

/** Device requests in DeviceRequest field order. */
export function deviceRequests(v: DeviceRequest[] | undefined): Value[] | undefined {
  return nonEmpty(v?.map((d) => new Doc().set('capabilities', list(d.capabilities)).set('driver', str(d.driver))
    .set('count', int(d.count)).set('device_ids', list(d.device_ids)).set('options', strMap(d.options))));
}

/** Lifecycle hooks in ServiceHook field order. */
export function hooks(v: ServiceHook[] | undefined, format: Format): Value[] | undefined {
  return nonEmpty(v?.map((h) => new Doc().set('command', command(h.command, format)).set('image', str(h.image)).set('user', str(h.user))
    .set('privileged', flag(h.privileged)).set('working_dir', str(h.working_dir)).set('environment', envMap(h.environment))
    .set('per_replica', flag(h.per_replica))));
}

/** `command`/`entrypoint`: YAML omits an unset one, JSON prints null (no omitempty in Go). */
export function command(v: string[] | undefined, format: Format): Value | undefined {
  if (v === undefined) return format === 'json' ? null : undefined;
  return [...v];
}

function resource(r: Resource | undefined): Doc | undefined {
  return r && new Doc().set('cpus', f32(r.cpus)).set('memory', size(r.memory)).set('pids', int(r.pids))
    .set('devices', deviceRequests(r.devices)).set('generic_resources', nonEmpty(r.generic_resources?.map(rawValue)));
}

/** Go keeps `resources` and `placement` as structs: JSON always prints them, YAML omits empty ones. */
export function deploy(d: DeployConfig | undefined, format: Format): Doc | undefined {
  if (!d) return undefined;
  const structField = (v: Doc | undefined): Doc | undefined => (format === 'json' ? v ?? new Doc() : nonEmpty(v));
  const rp = d.restart_policy;
  return new Doc().set('mode', str(d.mode)).set('replicas', d.replicas).set('labels', strMap(d.labels))
    .set('update_config', d.update_config && rawValue(d.update_config)).set('rollback_config', d.rollback_config && rawValue(d.rollback_config))
    .set('resources', structField(d.resources && new Doc().set('limits', resource(d.resources.limits)).set('reservations', resource(d.resources.reservations))))
    .set('restart_policy', rp && new Doc().set('condition', str(rp.condition)).set('delay', dur(rp.delay)).set('max_attempts', rp.max_attempts).set('window', dur(rp.window)))
    .set('placement', structField(d.placement && nonEmpty(rawValue(d.placement) as Doc))).set('endpoint_mode', str(d.endpoint_mode));
}

/** A build section in BuildConfig field order. */
export function build(b: BuildConfig | undefined, format: Format): Doc | undefined {
  if (!b) return undefined;
  const ssh = b.ssh ? Object.keys(b.ssh).map((id) => (b.ssh![id] ? `${id}: ${b.ssh![id]}` : id)) : undefined;
  const d = new Doc().set('context', str(b.context)).set('dockerfile', str(b.dockerfile)).set('dockerfile_inline', str(b.dockerfile_inline))
    .set('entitlements', list(b.entitlements)).set('args', envMap(b.args)).set('provenance', str(b.provenance)).set('sbom', str(b.sbom))
    .set('ssh', nonEmpty(ssh)).set('labels', strMap(b.labels)).set('cache_from', list(b.cache_from)).set('cache_to', list(b.cache_to))
    .set('no_cache', flag(b.no_cache)).set('no_cache_filter', list(b.no_cache_filter)).set('additional_contexts', strMap(b.additional_contexts))
    .set('pull', flag(b.pull)).set('extra_hosts', hosts(b.extra_hosts)).set('isolation', str(b.isolation)).set('network', str(b.network))
    .set('target', str(b.target)).set('secrets', fileRefs(b.secrets)).set('shm_size', size(b.shm_size)).set('tags', list(b.tags))
    .set('ulimits', ulimits(b.ulimits, format)).set('platforms', list(b.platforms)).set('privileged', flag(b.privileged));
  return withExtensions(d, b.extensions, format);
}

/** blkio_config with rates as decimal strings. */
export function blkio(b: BlkioConfig | undefined): Doc | undefined {
  if (!b) return undefined;
  const rates = (l: { path: string; rate: number }[] | undefined): Value[] | undefined =>
    nonEmpty(l?.map((r) => new Doc().set('path', r.path).set('rate', String(r.rate))));
  return new Doc().set('weight', int(b.weight))
    .set('weight_device', nonEmpty(b.weight_device?.map((w) => new Doc().set('path', w.path).set('weight', w.weight))))
    .set('device_read_bps', rates(b.device_read_bps)).set('device_read_iops', rates(b.device_read_iops))
    .set('device_write_bps', rates(b.device_write_bps)).set('device_write_iops', rates(b.device_write_iops));
}
