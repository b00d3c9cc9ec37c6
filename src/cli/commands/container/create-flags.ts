// The flags `create` and `run` share, and how they become the create options.
import type { CreateCommandOptions } from '../../../container/chunk';
import type { HealthOptions } from '../../../container/create-options';
import type { FlagValues, FlagsSpec } from '../../command';

export const createFlags = {
  name: { type: 'string', description: 'Assign a name to the container' },
  env: { type: 'string[]', short: 'e', description: 'Set environment variables' },
  'env-file': { type: 'string[]', complete: 'files', description: 'Read in a file of environment variables' },
  workdir: { type: 'string', short: 'w', description: 'Working directory inside the container' },
  user: { type: 'string', short: 'u', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  entrypoint: { type: 'string', description: 'Overwrite the default ENTRYPOINT of the image' },
  label: { type: 'string[]', short: 'l', description: 'Set meta data on a container' },
  'label-file': { type: 'string[]', complete: 'files', description: 'Read in a line delimited file of labels' },
  hostname: { type: 'string', short: 'h', description: 'Container host name' },
  rm: { type: 'boolean', description: 'Automatically remove the container when it exits' },
  restart: { type: 'string', default: 'no', complete: ['no', 'always', 'on-failure', 'unless-stopped'], description: 'Restart policy to apply when a container exits' },
  'stop-signal': { type: 'string', complete: 'signals', description: 'Signal to stop the container' },
  'stop-timeout': { type: 'number', description: 'Timeout (in seconds) to stop a container' },
  'read-only': { type: 'boolean', description: "Mount the container's root filesystem as read only" },
  tmpfs: { type: 'string[]', description: 'Mount a tmpfs directory' },
  volume: { type: 'string[]', short: 'v', description: 'Bind mount a volume' },
  mount: { type: 'string[]', description: 'Attach a filesystem mount to the container' },
  network: { type: 'string[]', aliases: ['net'], default: ['bridge'], complete: ['none', 'host', 'bridge'], description: 'Connect a container to a network' },
  pull: { type: 'string', choices: ['missing', 'always', 'never'], default: 'missing', description: 'Pull image before running' },
  platform: { type: 'string', complete: 'platforms', description: 'Set platform if server is multi-platform capable' },
  cidfile: { type: 'string', complete: 'files', description: 'Write the container ID to the file' },
  memory: { type: 'string', short: 'm', description: 'Memory limit' },
  cpus: { type: 'string', description: 'Number of CPUs' },
  'pids-limit': { type: 'number', description: 'Tune container pids limit (set -1 for unlimited)' },
  'cap-add': { type: 'string[]', description: 'Add Linux capabilities' },
  'cap-drop': { type: 'string[]', description: 'Drop Linux capabilities' },
  privileged: { type: 'boolean', description: 'Give extended privileges to this container' },
  'security-opt': { type: 'string[]', description: 'Security Options' },
  sysctl: { type: 'string[]', description: 'Sysctl options' },
  ulimit: { type: 'string[]', description: 'Ulimit options' },
  'shm-size': { type: 'string', description: 'Size of /dev/shm' },
  // json-file needs the per-container logger, which this build cannot start yet.
  'log-driver': { type: 'string', default: 'json-file', complete: ['none', 'json-file'], description: 'Logging driver for the container' },
  'log-opt': { type: 'string[]', description: 'Log driver options' },
  quiet: { type: 'boolean', short: 'q', description: 'Suppress the pull output' },
  interactive: { type: 'boolean', short: 'i', description: 'Keep STDIN open even if not attached' },
  tty: { type: 'boolean', short: 't', description: 'Allocate a pseudo-TTY' },
  publish: { type: 'string[]', short: 'p', description: "Publish a container's port(s) to the host" },
  'publish-all': { type: 'boolean', short: 'P', description: 'Publish all exposed ports to random ports' },
  expose: { type: 'string[]', description: 'Expose a port or a range of ports' },
  ip: { type: 'string', description: 'IPv4 address (e.g., 172.30.100.104)' },
  ip6: { type: 'string', description: 'IPv6 address (e.g., 2001:db8::33)' },
  'mac-address': { type: 'string', description: 'Container MAC address (e.g., 92:d0:c6:0a:29:33)' },
  'network-alias': { type: 'string[]', description: 'Add network-scoped alias for the container' },
  'add-host': { type: 'string[]', description: 'Add a custom host-to-IP mapping (host:ip)' },
  dns: { type: 'string[]', description: 'Set custom DNS servers' },
  'dns-search': { type: 'string[]', description: 'Set custom DNS search domains' },
  'dns-option': { type: 'string[]', aliases: ['dns-opt'], description: 'Set DNS options' },
  domainname: { type: 'string', description: 'Container NIS domain name' },
  'memory-swap': { type: 'string', description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  'memory-reservation': { type: 'string', description: 'Memory soft limit' },
  'memory-swappiness': { type: 'number', description: 'Tune container memory swappiness (0 to 100)' },
  'oom-kill-disable': { type: 'boolean', description: 'Disable OOM Killer' },
  'oom-score-adj': { type: 'number', description: "Tune host's OOM preferences (-1000 to 1000)" },
  'cpu-shares': { type: 'number', short: 'c', description: 'CPU shares (relative weight)' },
  'cpu-period': { type: 'number', description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  'cpu-quota': { type: 'number', description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
  'cpuset-cpus': { type: 'string', description: 'CPUs in which to allow execution (0-3, 0,1)' },
  'cpuset-mems': { type: 'string', description: 'MEMs in which to allow execution (0-3, 0,1)' },
  device: { type: 'string[]', description: 'Add a host device to the container' },
  'group-add': { type: 'string[]', description: 'Add additional groups to join' },
  init: { type: 'boolean', description: 'Run an init inside the container that forwards signals and reaps processes' },
  'init-binary': { type: 'string', description: 'The custom binary to use as the init process', hidden: true },
  'health-cmd': { type: 'string', description: 'Command to run to check health' },
  'health-interval': { type: 'duration', description: 'Time between running the check (ms|s|m|h) (default 0s)' },
  'health-timeout': { type: 'duration', description: 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)' },
  'health-retries': { type: 'number', description: 'Consecutive failures needed to report unhealthy' },
  'health-start-period': { type: 'duration', description: 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)' },
  'health-start-interval': { type: 'duration', description: 'Time between running the check during the start period (ms|s|m|h) (default 0s)' },
  'no-healthcheck': { type: 'boolean', description: 'Disable any container-specified HEALTHCHECK' },
  'volumes-from': { type: 'string[]', description: 'Mount volumes from the specified container(s)' },
  pid: { type: 'string', description: 'PID namespace to use' },
  ipc: { type: 'string', description: 'IPC mode to use' },
  uts: { type: 'string', description: 'UTS namespace to use' },
  cgroupns: { type: 'string', choices: ['host', 'private'], description: 'Cgroup namespace to use (host|private)' },
  'cgroup-parent': { type: 'string', description: 'Optional parent cgroup for the container' },
  runtime: { type: 'string', description: 'Runtime to use for this container' },
  annotation: { type: 'string[]', description: 'Add an annotation to the container (passed through to the OCI runtime)' },
  pidfile: { type: 'string', complete: 'files', description: 'File path to save the container PID' },
} as const satisfies FlagsSpec;

export type CreateFlagValues = FlagValues<typeof createFlags>;

/** Flag values and the IMAGE [COMMAND] [ARG...] words as create options. */
export function createOptionsFrom(f: CreateFlagValues, args: readonly string[]): CreateCommandOptions {
  const resources = definedOnly({
    memory: f.memory, cpus: f.cpus, pidsLimit: f.pidsLimit, memorySwap: f.memorySwap, memoryReservation: f.memoryReservation,
    memorySwappiness: f.memorySwappiness, oomKillDisable: f.oomKillDisable || undefined, oomScoreAdj: f.oomScoreAdj,
    cpuShares: f.cpuShares, cpuPeriod: f.cpuPeriod, cpuQuota: f.cpuQuota, cpusetCpus: f.cpusetCpus, cpusetMems: f.cpusetMems,
  });
  const lists = {
    env: f.env, envFiles: f.envFile, labels: f.label, labelFiles: f.labelFile, tmpfs: f.tmpfs, volumes: f.volume, mounts: f.mount,
    capAdd: f.capAdd, capDrop: f.capDrop, securityOpt: f.securityOpt, sysctls: f.sysctl, ulimits: f.ulimit, logOpts: f.logOpt,
    publish: f.publish, expose: f.expose, networkAliases: f.networkAlias, addHosts: f.addHost, dns: f.dns, dnsSearch: f.dnsSearch,
    dnsOptions: f.dnsOption, devices: f.device, groupAdd: f.groupAdd, volumesFrom: f.volumesFrom, annotations: f.annotation,
  };
  const health = healthFrom(f);
  const scalars = definedOnly({
    ip: f.ip, ip6: f.ip6, macAddress: f.macAddress, domainname: f.domainname, initBinary: f.initBinary, pid: f.pid, ipc: f.ipc,
    uts: f.uts, cgroupns: f.cgroupns, cgroupParent: f.cgroupParent, runtime: f.runtime, pidFile: f.pidfile,
  });
  return {
    quiet: f.quiet,
    ...(f.cidfile !== undefined && { cidfile: f.cidfile }),
    create: {
      image: args[0]!,
      ...(args.length > 1 && { command: args.slice(1) }),
      ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length > 0)),
      networks: f.network, pull: f.pull, restart: f.restart, logDriver: f.logDriver,
      autoRemove: f.rm, readOnly: f.readOnly, privileged: f.privileged,
      ...(Object.keys(resources).length > 0 && { resources }),
      ...(f.name !== undefined && { name: f.name }), ...(f.workdir !== undefined && { workdir: f.workdir }),
      ...(f.user !== undefined && { user: f.user }), ...(f.entrypoint !== undefined && { entrypoint: f.entrypoint }),
      ...(f.hostname !== undefined && { hostname: f.hostname }), ...(f.stopSignal !== undefined && { stopSignal: f.stopSignal }),
      ...(f.stopTimeout !== undefined && { stopTimeout: f.stopTimeout }), ...(f.platform !== undefined && { platform: f.platform }),
      ...(f.shmSize !== undefined && { shmSize: f.shmSize }),
      ...scalars, ...(health && { health }),
      ...(f.interactive && { interactive: true }), ...(f.tty && { tty: true }), ...(f.init && { init: true }),
      ...(f.publishAll && { publishAll: true }),
    },
  };
}

/** The object without its undefined entries (exactOptionalPropertyTypes-friendly). */
function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The --health-* flags as create's health options; undefined when none was given. */
function healthFrom(f: CreateFlagValues): HealthOptions | undefined {
  const health = definedOnly({
    test: f.healthCmd, interval: f.healthInterval, timeout: f.healthTimeout, startPeriod: f.healthStartPeriod,
    startInterval: f.healthStartInterval, retries: f.healthRetries, disable: f.noHealthcheck || undefined,
  });
  return Object.keys(health).length > 0 ? health : undefined;
}
