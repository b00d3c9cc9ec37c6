// The service attributes of the compose specification, as validation rules (written from the
// spec and compose-go's schema; every key, its type, and the enums that matter).
import type { Spec } from './schema';
import {
  NAME_KEY, any, bool, boolOnly, bytes, dict, duration, int, list, listOfStrings, listOrDict, num, obj, oneOf,
  pattern, scalar, str, strOrNum, stringOrList, union,
} from './spec-builders';

const command = union({ null: any, string: str, array: list(str) });
const ulimits = dict(union({ integer: int, string: int, object: obj({ hard: int, soft: int }, { required: ['soft', 'hard'] }) }), /^[a-z]+$/, 'ulimit');
const extraHosts = union({ object: dict(union({ string: str, array: list(str) })), array: list(str, true) });
const fileRef = list(union({ string: str, object: obj({ source: str, target: str, uid: str, gid: str, mode: num }) }));
const blkioLimit = obj({ path: str, rate: scalar(['integer', 'string']) }, { ext: false });
const blkioWeight = obj({ path: str, weight: int }, { ext: false });
const deviceRequest = obj({ capabilities: listOfStrings, count: scalar(['string', 'integer']), device_ids: listOfStrings, driver: str, options: listOrDict });
const hook = obj({ command, user: str, privileged: bool, working_dir: str, environment: listOrDict }, { required: ['command'] });
const preStartHook = obj({ command, image: str, user: str, privileged: bool, working_dir: str, environment: listOrDict, per_replica: bool });

const build = union({
  string: str,
  object: obj({
    context: str, dockerfile: str, dockerfile_inline: str, entitlements: list(str), args: listOrDict, ssh: listOrDict,
    labels: listOrDict, cache_from: list(str), cache_to: list(str), no_cache: bool, no_cache_filter: stringOrList,
    additional_contexts: listOrDict, network: str, provenance: scalar(['string', 'boolean']), sbom: scalar(['string', 'boolean']),
    pull: bool, target: str, shm_size: scalar(['integer', 'string'], { format: 'bytes' }), extra_hosts: extraHosts, isolation: str,
    privileged: bool, secrets: fileRef, tags: list(str), ulimits, platforms: list(str),
  }),
});

const updateConfig = obj({
  parallelism: int, delay: duration, failure_action: str, monitor: duration, max_failure_ratio: num,
  order: oneOf('start-first', 'stop-first'),
});

const deploy = union({
  null: any,
  object: obj({
    mode: str, endpoint_mode: str, replicas: int, labels: listOrDict, rollback_config: updateConfig, update_config: updateConfig,
    resources: obj({
      limits: obj({ cpus: num, memory: bytes, pids: int }),
      reservations: obj({
        cpus: num, memory: bytes,
        generic_resources: list(obj({ discrete_resource_spec: obj({ kind: str, value: num }) })),
        devices: list(obj(deviceRequestProps(), { required: ['capabilities'] })),
      }),
    }),
    restart_policy: obj({ condition: str, delay: duration, max_attempts: int, window: duration }),
    placement: obj({ constraints: list(str), preferences: list(obj({ spread: str })), max_replicas_per_node: int }),
  }),
});

function deviceRequestProps(): Record<string, Spec> {
  return { capabilities: listOfStrings, count: scalar(['string', 'integer']), device_ids: listOfStrings, driver: str, options: listOrDict };
}

const healthcheck = obj({
  disable: bool, interval: duration, retries: num, test: union({ string: str, array: list(str) }),
  timeout: duration, start_period: duration, start_interval: duration,
});

const serviceNetworks = union({
  array: listOfStrings,
  object: dict(union({
    null: any,
    object: obj({
      aliases: listOfStrings, interface_name: str, ipv4_address: str, ipv6_address: str, link_local_ips: listOfStrings,
      mac_address: str, driver_opts: dict(strOrNum), priority: num, gw_priority: num,
    }),
  }), NAME_KEY, 'network name'),
});

const port = union({
  number: any,
  string: str,
  object: obj({ name: str, mode: str, host_ip: str, target: int, published: scalar(['string', 'integer']), protocol: str, app_protocol: str }),
});

const volumeMount = union({
  string: str,
  object: obj({
    type: oneOf('bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'), source: str, target: str, read_only: bool, consistency: str,
    bind: obj({ propagation: str, create_host_path: bool, recursive: oneOf('enabled', 'disabled', 'writable', 'readonly'), selinux: oneOf('z', 'Z') }),
    volume: obj({ labels: listOrDict, nocopy: bool, subpath: str }),
    tmpfs: obj({ size: union({ integer: scalar(['integer'], { min: 0 }), string: bytes }), mode: num }),
    image: obj({ subpath: str }),
  }, { required: ['type'] }),
});

const dependsOn = union({
  array: listOfStrings,
  object: dict(obj({
    restart: bool, required: boolOnly,
    condition: oneOf('service_started', 'service_healthy', 'service_completed_successfully'),
  }, { required: ['condition'] }), NAME_KEY, 'service name'),
});

const envFile = union({
  string: str,
  array: list(union({ string: str, object: obj({ path: str, format: str, required: bool }, { ext: false, required: ['path'] }) })),
});

const develop = union({
  null: any,
  object: obj({
    watch: list(obj({
      ignore: stringOrList, include: stringOrList, path: str,
      action: oneOf('rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'), target: str, exec: hook, initial_sync: boolOnly,
    }, { required: ['path', 'action'] })),
  }),
});

/** Every attribute a service may have. */
export const SERVICE_PROPS: Record<string, Spec> = {
  develop, deploy, annotations: listOrDict, attach: bool, build,
  blkio_config: obj({
    device_read_bps: list(blkioLimit), device_read_iops: list(blkioLimit), device_write_bps: list(blkioLimit),
    device_write_iops: list(blkioLimit), weight: int, weight_device: list(blkioWeight),
  }, { ext: false }),
  cap_add: listOfStrings, cap_drop: listOfStrings, cgroup: oneOf('host', 'private'), cgroup_parent: str, command,
  configs: fileRef, container_name: pattern(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/),
  cpu_count: union({ string: str, integer: scalar(['integer'], { min: 0 }) }),
  cpu_percent: union({ string: str, integer: scalar(['integer'], { min: 0, max: 100 }) }),
  cpu_shares: num, cpu_quota: num, cpu_period: num, cpu_rt_period: num, cpu_rt_runtime: num, cpus: num, cpuset: str,
  credential_spec: obj({ config: str, file: str, registry: str }),
  depends_on: dependsOn, device_cgroup_rules: listOfStrings,
  devices: list(union({ string: str, object: obj({ source: str, target: str, permissions: str }, { required: ['source'] }) })),
  dns: stringOrList, dns_opt: listOfStrings, dns_search: stringOrList, domainname: str, entrypoint: command,
  env_file: envFile, label_file: stringOrList, environment: listOrDict,
  expose: list(scalar(['string', 'number']), true),
  extends: union({ string: str, object: obj({ service: str, file: str }, { ext: false, required: ['service'] }) }),
  provider: obj({ type: str, options: dict(union({ string: any, number: any, boolean: any, array: list(scalar(['string', 'number', 'boolean'])) })) }, { required: ['type'] }),
  external_links: listOfStrings, extra_hosts: extraHosts,
  gpus: union({ string: oneOf('all'), array: list(deviceRequest) }),
  group_add: list(scalar(['string', 'number']), true), healthcheck, hostname: str, image: str, init: bool, ipc: str,
  isolation: str, labels: listOrDict, links: listOfStrings,
  logging: obj({ driver: str, options: dict(scalar(['string', 'number', 'null'])) }),
  mac_address: str, mem_limit: bytes, mem_reservation: bytes, mem_swappiness: int, memswap_limit: bytes,
  network_mode: str,
  models: union({ array: listOfStrings, object: dict(union({ null: any, object: obj({ endpoint_var: str, model_var: str }) }), NAME_KEY, 'model name') }),
  networks: serviceNetworks, oom_kill_disable: bool,
  oom_score_adj: union({ string: str, integer: scalar(['integer'], { min: -1000, max: 1000 }) }),
  pid: scalar(['string', 'null']), pids_limit: num, platform: str, ports: list(port, true),
  pre_start: list(preStartHook), post_start: list(hook), pre_stop: list(hook),
  privileged: bool, profiles: listOfStrings,
  pull_policy: pattern(/^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$/),
  pull_refresh_after: str, read_only: bool, restart: str, runtime: str, scale: int, security_opt: listOfStrings,
  shm_size: bytes, secrets: fileRef, sysctls: listOrDict, stdin_open: bool, stop_grace_period: duration,
  stop_signal: str, storage_opt: dict(any), tmpfs: stringOrList, tty: bool, ulimits, use_api_socket: boolOnly,
  user: str, uts: str, userns_mode: str, volumes: list(volumeMount, true), volumes_from: listOfStrings, working_dir: str,
};

/** A service definition. */
export const SERVICE: Spec = obj(SERVICE_PROPS);
