// A Service as `docker compose config` prints it: compose-go ServiceConfig's field order.
import type { Service } from '../model/types';
import { Doc, rawValue, nonEmpty } from './doc';
import type { Format } from './shape-parts';
import {
  blkio, build, command, deploy, dependsOn, deviceRequests, dur, envMap, f32, fileRefs, flag, healthcheck, hooks, hosts, int, list,
  networks, ports, size, str, strMap, ulimits, volumes, withExtensions,
} from './shape-parts';

const raw = (v: Record<string, unknown> | undefined): Doc | undefined => (v ? (rawValue(v) as Doc) : undefined);

/** The printed form of one service (its name is the key, not a field). */
export function serviceDoc(s: Service, format: Format): Doc {
  const d = new Doc()
    .set('profiles', list(s.profiles)).set('annotations', strMap(s.annotations)).set('attach', s.attach)
    .set('build', build(s.build, format)).set('develop', raw(s.develop)).set('blkio_config', blkio(s.blkio_config))
    .set('cap_add', list(s.cap_add)).set('cap_drop', list(s.cap_drop)).set('cgroup_parent', str(s.cgroup_parent))
    .set('cgroup', str(s.cgroup)).set('cpu_count', int(s.cpu_count)).set('cpu_percent', f32(s.cpu_percent))
    .set('cpu_period', int(s.cpu_period)).set('cpu_quota', int(s.cpu_quota)).set('cpu_rt_period', int(s.cpu_rt_period))
    .set('cpu_rt_runtime', int(s.cpu_rt_runtime)).set('cpus', f32(s.cpus)).set('cpuset', str(s.cpuset))
    .set('cpu_shares', int(s.cpu_shares)).set('command', command(s.command, format)).set('configs', fileRefs(s.configs))
    .set('container_name', str(s.container_name)).set('credential_spec', raw(s.credential_spec))
    .set('depends_on', dependsOn(s.depends_on)).set('deploy', deploy(s.deploy, format))
    .set('device_cgroup_rules', list(s.device_cgroup_rules))
    .set('devices', nonEmpty(s.devices?.map((m) => new Doc().set('source', str(m.source)).set('target', str(m.target)).set('permissions', str(m.permissions)))))
    .set('dns', list(s.dns)).set('dns_opt', list(s.dns_opt)).set('dns_search', list(s.dns_search)).set('domainname', str(s.domainname))
    .set('entrypoint', command(s.entrypoint, format)).set('provider', raw(s.provider)).set('environment', envMap(s.environment))
    .set('env_file', nonEmpty(s.env_file?.map((f) => new Doc().set('path', str(f.path)).set('required', f.required ? undefined : false).set('format', str(f.format)))))
    .set('expose', list(s.expose)).set('external_links', list(s.external_links)).set('extra_hosts', hosts(s.extra_hosts))
    .set('group_add', list(s.group_add)).set('gpus', deviceRequests(s.gpus)).set('hostname', str(s.hostname))
    .set('healthcheck', healthcheck(s.healthcheck)).set('image', str(s.image)).set('init', s.init).set('ipc', str(s.ipc))
    .set('isolation', str(s.isolation)).set('labels', strMap(s.labels)).set('label_file', list(s.label_file)).set('links', list(s.links))
    .set('logging', s.logging && new Doc().set('driver', str(s.logging.driver)).set('options', strMap(s.logging.options)))
    .set('mem_limit', size(s.mem_limit)).set('mem_reservation', size(s.mem_reservation)).set('memswap_limit', size(s.memswap_limit))
    .set('mem_swappiness', size(s.mem_swappiness)).set('mac_address', str(s.mac_address)).set('models', nonEmpty(raw(s.models)))
    .set('network_mode', str(s.network_mode)).set('networks', networks(s.networks)).set('oom_kill_disable', flag(s.oom_kill_disable))
    .set('oom_score_adj', int(s.oom_score_adj)).set('pid', str(s.pid)).set('pids_limit', int(s.pids_limit)).set('platform', str(s.platform))
    .set('ports', ports(s.ports)).set('privileged', flag(s.privileged)).set('pull_policy', str(s.pull_policy))
    .set('read_only', flag(s.read_only)).set('restart', str(s.restart)).set('runtime', str(s.runtime)).set('scale', s.scale)
    .set('secrets', fileRefs(s.secrets)).set('security_opt', list(s.security_opt)).set('shm_size', size(s.shm_size))
    .set('stdin_open', flag(s.stdin_open)).set('stop_grace_period', dur(s.stop_grace_period)).set('stop_signal', str(s.stop_signal))
    .set('storage_opt', strMap(s.storage_opt)).set('sysctls', strMap(s.sysctls)).set('tmpfs', list(s.tmpfs)).set('tty', flag(s.tty))
    .set('ulimits', ulimits(s.ulimits, format)).set('use_api_socket', flag(s.use_api_socket)).set('user', str(s.user))
    .set('userns_mode', str(s.userns_mode)).set('uts', str(s.uts)).set('volumes', volumes(s.volumes))
    .set('volumes_from', list(s.volumes_from)).set('working_dir', str(s.working_dir)).set('pre_start', hooks(s.pre_start, format))
    .set('post_start', hooks(s.post_start, format)).set('pre_stop', hooks(s.pre_stop, format));
  return withExtensions(d, s.extensions, format);
}
