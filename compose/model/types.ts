// The typed compose model: what the loader returns after every stage. Field names are the
// compose-spec keys; values are normalized (long syntax, durations in nanoseconds, sizes in bytes,
// absolute paths). Optional fields are absent when the file does not set them.
import type { ComposeWarning } from '../errors';
import type { FileObject, Model, Network, Volume } from './resource-types';

export type { FileObject, IpamPool, Model, Network, Volume } from './resource-types';

/** Free-form `x-*` extension values, kept as written. */
export type Extensions = Record<string, unknown>;
/** Variables: `null` means declared without a value (left unset). */
export type EnvMapping = Record<string, string | null>;

/** A loaded compose project: everything `up`, `down`, `config` ... need. */
export interface Project {
  name: string;
  /** Absolute project directory. */
  workingDir: string;
  /** Absolute paths of the compose files, in load order (`-` for stdin). */
  composeFiles: string[];
  /** Enabled services, by name. */
  services: Record<string, Service>;
  /** Services turned off by profiles (or not selected). */
  disabledServices: Record<string, Service>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  models: Record<string, Model>;
  /** Top-level `x-*` extensions. */
  extensions: Extensions;
  /** Active profiles. */
  profiles: string[];
  /** The environment used for interpolation (shell, then env files, plus COMPOSE_PROJECT_NAME). */
  environment: Record<string, string>;
  /** Env files read for the project environment, if any were given. */
  envFiles: string[];
  warnings: ComposeWarning[];
}

/** One service, fully normalized. */
export interface Service {
  name: string;
  profiles?: string[];
  annotations?: Record<string, string>;
  attach?: boolean;
  build?: BuildConfig;
  develop?: Record<string, unknown>;
  blkio_config?: BlkioConfig;
  cap_add?: string[];
  cap_drop?: string[];
  cgroup_parent?: string;
  cgroup?: string;
  cpu_count?: number;
  cpu_percent?: number;
  cpu_period?: number;
  cpu_quota?: number;
  cpu_rt_period?: number;
  cpu_rt_runtime?: number;
  cpus?: number;
  cpuset?: string;
  cpu_shares?: number;
  /** Unset when absent; `[]` when explicitly empty (which overrides the image's CMD). */
  command?: string[];
  configs?: FileReference[];
  container_name?: string;
  credential_spec?: { config?: string; file?: string; registry?: string };
  depends_on?: Record<string, ServiceDependency>;
  deploy?: DeployConfig;
  device_cgroup_rules?: string[];
  devices?: DeviceMapping[];
  dns?: string[];
  dns_opt?: string[];
  dns_search?: string[];
  domainname?: string;
  entrypoint?: string[];
  provider?: { type: string; options?: Record<string, unknown> };
  environment?: EnvMapping;
  env_file?: EnvFile[];
  expose?: string[];
  external_links?: string[];
  /** Host name -> addresses (`host:ip`, `host=ip` and map forms). */
  extra_hosts?: Record<string, string[]>;
  group_add?: string[];
  gpus?: DeviceRequest[];
  hostname?: string;
  healthcheck?: HealthCheck;
  image?: string;
  init?: boolean;
  ipc?: string;
  isolation?: string;
  labels?: Record<string, string>;
  label_file?: string[];
  links?: string[];
  logging?: { driver?: string; options?: Record<string, string> };
  mem_limit?: number;
  mem_reservation?: number;
  memswap_limit?: number;
  mem_swappiness?: number;
  mac_address?: string;
  models?: Record<string, { endpoint_var?: string; model_var?: string } | null>;
  network_mode?: string;
  /** Network key -> attachment options (`null` = attached with defaults). */
  networks?: Record<string, ServiceNetwork | null>;
  oom_kill_disable?: boolean;
  oom_score_adj?: number;
  pid?: string;
  pids_limit?: number;
  platform?: string;
  ports?: ServicePort[];
  privileged?: boolean;
  pull_policy?: string;
  read_only?: boolean;
  restart?: string;
  runtime?: string;
  scale?: number;
  secrets?: FileReference[];
  security_opt?: string[];
  shm_size?: number;
  stdin_open?: boolean;
  /** Nanoseconds. */
  stop_grace_period?: number;
  stop_signal?: string;
  storage_opt?: Record<string, string>;
  sysctls?: Record<string, string>;
  tmpfs?: string[];
  tty?: boolean;
  ulimits?: Record<string, Ulimit>;
  use_api_socket?: boolean;
  user?: string;
  userns_mode?: string;
  uts?: string;
  volumes?: ServiceVolume[];
  volumes_from?: string[];
  working_dir?: string;
  pre_start?: ServiceHook[];
  post_start?: ServiceHook[];
  pre_stop?: ServiceHook[];
  extensions?: Extensions;
}

/** How to build a service image. */
export interface BuildConfig {
  /** Absolute directory, or a URL / `service:` reference. */
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  entitlements?: string[];
  args?: EnvMapping;
  provenance?: string;
  sbom?: string;
  /** id -> path ("" for the default agent). */
  ssh?: Record<string, string>;
  labels?: Record<string, string>;
  cache_from?: string[];
  cache_to?: string[];
  no_cache?: boolean;
  no_cache_filter?: string[];
  additional_contexts?: Record<string, string>;
  pull?: boolean;
  extra_hosts?: Record<string, string[]>;
  isolation?: string;
  network?: string;
  target?: string;
  secrets?: FileReference[];
  shm_size?: number;
  tags?: string[];
  ulimits?: Record<string, Ulimit>;
  platforms?: string[];
  privileged?: boolean;
  extensions?: Extensions;
}

/** Block IO weights and throttles. */
export interface BlkioConfig {
  weight?: number;
  weight_device?: { path: string; weight: number }[];
  device_read_bps?: { path: string; rate: number }[];
  device_read_iops?: { path: string; rate: number }[];
  device_write_bps?: { path: string; rate: number }[];
  device_write_iops?: { path: string; rate: number }[];
}

/** What a dependency must reach before dependents start. */
export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** One depends_on entry. */
export interface ServiceDependency {
  condition: DependencyCondition;
  /** Restart this service when the dependency is restarted or recreated by compose. */
  restart: boolean;
  /** When false, a failing dependency is only a warning. */
  required: boolean;
}

/** The deploy section (replicas, resources, restart policy; swarm-only parts kept as written). */
export interface DeployConfig {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  update_config?: Record<string, unknown>;
  rollback_config?: Record<string, unknown>;
  resources?: { limits?: Resource; reservations?: Resource };
  restart_policy?: { condition?: string; delay?: number; max_attempts?: number; window?: number };
  placement?: Record<string, unknown>;
  endpoint_mode?: string;
}

/** Resource limits or reservations. */
export interface Resource {
  cpus?: number;
  /** Bytes. */
  memory?: number;
  pids?: number;
  devices?: DeviceRequest[];
  generic_resources?: Record<string, unknown>[];
}

/** A GPU or other device request. */
export interface DeviceRequest {
  capabilities?: string[];
  driver?: string;
  /** -1 means all devices. */
  count?: number;
  device_ids?: string[];
  options?: Record<string, string>;
}

/** A host device made available in the container. */
export interface DeviceMapping { source: string; target: string; permissions: string }

/** An env_file entry. */
export interface EnvFile { path: string; required: boolean; format?: string }

/** A container healthcheck. */
export interface HealthCheck {
  /** `["CMD", ...]`, `["CMD-SHELL", cmd]` or `["NONE"]`. */
  test?: string[];
  /** Nanoseconds. */
  timeout?: number;
  interval?: number;
  retries?: number;
  start_period?: number;
  start_interval?: number;
  disable?: boolean;
}

/** How a service attaches to one network. */
export interface ServiceNetwork {
  aliases?: string[];
  driver_opts?: Record<string, string>;
  gw_priority?: number;
  interface_name?: string;
  ipv4_address?: string;
  ipv6_address?: string;
  link_local_ips?: string[];
  mac_address?: string;
  priority?: number;
}

/** A published or exposed port, long syntax. */
export interface ServicePort {
  name?: string;
  mode: string;
  host_ip?: string;
  target: number;
  /** Host port or range (`"8080"`, `"8000-8010"`); absent means an ephemeral port. */
  published?: string;
  protocol: string;
  app_protocol?: string;
}

/** A mount, long syntax. */
export interface ServiceVolume {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Absolute host path (bind), volume key (volume) or image; absent for anonymous volumes. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { selinux?: string; propagation?: string; create_host_path: boolean; recursive?: string };
  volume?: { labels?: Record<string, string>; nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
  image?: { subpath?: string };
}

/** A secret or config granted to a service. */
export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  /** File mode (e.g. 0o440). */
  mode?: number;
}

/** A ulimit: `single` for one value, else soft/hard. */
export interface Ulimit { single?: number; soft?: number; hard?: number }

/** A lifecycle hook command. */
export interface ServiceHook {
  command?: string[];
  image?: string;
  user?: string;
  privileged?: boolean;
  working_dir?: string;
  environment?: EnvMapping;
  per_replica?: boolean;
}
