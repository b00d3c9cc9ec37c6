// Binds one canonical service tree to the typed Service (compose-go's mapstructure step).
import type { Node, NodeMap } from '../tree';
import type { Warn } from './convert';
import {
  bool, bytes, duration, envMapping, extensionsOf, float32, hostsList, int, mapping, raw, shellCommand, str, strings,
} from './convert';
import {
  blkio, build, dependsOn, deploy, deviceRequests, devices, envFiles, fields, fileRefs, healthcheck, hooks, logging, ports,
  serviceNetworks, ulimits, volumes,
} from './bind-parts';
import type { Service } from './types';

const rawMap = (v: Node): Record<string, unknown> => raw(v);

/** Every service attribute and how it is bound (the order of compose-go's ServiceConfig). */
const SERVICE_FIELDS: Record<string, (v: Node, path: string, warn: Warn) => unknown> = {
  profiles: strings, annotations: mapping, attach: bool, build, develop: rawMap, blkio_config: blkio,
  cap_add: strings, cap_drop: strings, cgroup_parent: str, cgroup: str, cpu_count: int, cpu_percent: float32,
  cpu_period: int, cpu_quota: int, cpu_rt_period: int, cpu_rt_runtime: int, cpus: float32, cpuset: str, cpu_shares: int,
  command: shellCommand, configs: fileRefs, container_name: str, credential_spec: rawMap, depends_on: dependsOn,
  deploy, device_cgroup_rules: strings, devices, dns: strings, dns_opt: strings, dns_search: strings, domainname: str,
  entrypoint: shellCommand, provider: rawMap, environment: envMapping, env_file: envFiles, expose: strings,
  external_links: strings, extra_hosts: hostsList, group_add: strings, gpus: deviceRequests, hostname: str,
  healthcheck, image: str, init: bool, ipc: str, isolation: str, labels: mapping, label_file: strings, links: strings,
  logging, mem_limit: bytes, mem_reservation: bytes, memswap_limit: bytes, mem_swappiness: bytes, mac_address: str,
  models: rawMap, network_mode: str, networks: serviceNetworks, oom_kill_disable: bool, oom_score_adj: int,
  pid: str, pids_limit: int, platform: str, ports, privileged: bool, pull_policy: str, read_only: bool, restart: str,
  runtime: str, scale: int, secrets: fileRefs, security_opt: strings, shm_size: bytes, stdin_open: bool,
  stop_grace_period: duration, stop_signal: str, storage_opt: mapping, sysctls: mapping, tmpfs: strings, tty: bool,
  ulimits, use_api_socket: bool, user: str, userns_mode: str, uts: str, volumes, volumes_from: strings,
  working_dir: str, pre_start: hooks, post_start: hooks, pre_stop: hooks,
};

/** The typed service `name` from its canonical tree. */
export function bindService(name: string, m: NodeMap, warn: Warn): Service {
  const s = fields<Service>(m, `services.${name}`, warn, SERVICE_FIELDS);
  s.name = name;
  if (m.pid === null) delete s.pid;
  const ext = extensionsOf(m);
  if (ext) s.extensions = ext;
  return s;
}

