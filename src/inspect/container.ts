// docker's `container inspect` JSON (the ContainerJSON shape, docker's key order) from facts the
// container library has already decoded: the OCI spec, the task state, labels and paths. Pure.

/** The parts of the OCI spec inspect reads (field names as in config.json). */
export interface InspectSpec {
  process?: {
    terminal?: boolean; args?: string[]; env?: string[]; cwd?: string;
    capabilities?: { bounding?: string[] }; rlimits?: Array<{ type: string; hard: number | bigint; soft: number | bigint }>;
    apparmorProfile?: string; oomScoreAdj?: number;
  };
  root?: { readonly?: boolean };
  hostname?: string;
  mounts?: Array<{ destination: string; type?: string; source?: string; options?: string[] }>;
  linux?: {
    namespaces?: Array<{ type: string; path?: string }>;
    resources?: {
      memory?: { limit?: number; reservation?: number; swap?: number; swappiness?: number; disableOOMKiller?: boolean };
      cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
      pids?: { limit: number };
    };
    sysctl?: Record<string, string>;
    maskedPaths?: string[];
    readonlyPaths?: string[];
    cgroupsPath?: string;
  };
}

/** docker's MountPoint. */
export interface InspectMount {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export interface ContainerInspectInput {
  id: string;
  /** RFC 3339 with nanoseconds. */
  created: string;
  name: string;
  /** sha256:<config digest>, '' when the image is gone. */
  imageId: string;
  /** The image as the user named it (Config.Image). */
  imageName: string;
  spec: InspectSpec;
  state: {
    status: 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';
    pid: number; exitCode: number; error: string; startedAt: string; finishedAt: string;
  };
  restartCount: number;
  resolvConfPath: string;
  hostnamePath: string;
  hostsPath: string;
  logPath: string;
  snapshotter: string;
  runtime: string;
  labels: Record<string, string>;
  mounts: InspectMount[];
  restartPolicy: { Name: string; MaximumRetryCount: number };
  logConfig: { Type: string; Config: Record<string, string> };
  autoRemove: boolean;
  networks: string[];
  /** EndpointSettings per CNI network (src/network/endpoints.ts); empty endpoints when absent. */
  endpoints?: Record<string, Record<string, unknown>>;
  privileged: boolean;
  /** docker's default capability set, to tell added from dropped ones. */
  defaultCapabilities: readonly string[];
  user: string;
  domainname: string;
  dns: { servers: string[]; options: string[]; search: string[] };
  extraHosts: string[];
  /** The image config's Entrypoint, to split the process args into Entrypoint and Cmd. */
  imageEntrypoint: string[] | null;
  imageVolumes: Record<string, object> | null;
  exposedPorts: Record<string, object> | null;
  /** HostConfig.PortBindings and NetworkSettings.Ports (docker's PortMap shape). */
  portBindings?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  stopSignal: string;
  stopTimeout?: number;
  /** State.Health ({Status, FailingStreak, Log}) of a container with a healthcheck. */
  health?: unknown;
  /** Config.Healthcheck (docker's HealthConfig, durations in ns). */
  healthcheck?: unknown;
  /** HostConfig fields as given at create (nerdts/host-config); absent: derived from the spec. */
  given?: GivenHostFields;
  /** Config.AttachStdin/out/err, OpenStdin, StdinOnce (all false when absent). */
  attach?: { AttachStdin: boolean; AttachStdout: boolean; AttachStderr: boolean; OpenStdin: boolean; StdinOnce: boolean };
  /** HostConfig.ContainerIDFile (--cidfile as given). */
  cidfile?: string;
  /** HostConfig.Devices (docker's DeviceMapping objects). */
  devices?: Array<{ PathOnHost: string; PathInContainer: string; CgroupPermissions: string }>;
}

/** The HostConfig fields nerdts records as given; each present only when the flag was used. */
export interface GivenHostFields {
  CapAdd?: string[];
  CapDrop?: string[];
  GroupAdd?: string[];
  SecurityOpt?: string[];
  VolumesFrom?: string[];
  Tmpfs?: Record<string, string>;
  Init?: boolean;
}

const nsMode = (spec: InspectSpec, type: string, own: string): string => {
  const ns = spec.linux?.namespaces?.find((n) => n.type === type);
  return ns === undefined ? 'host' : ns.path ? `container:${ns.path}` : own;
};

// /dev/shm's size option ("65536k" or bytes), as docker's ShmSize.
function shmSize(spec: InspectSpec): number {
  const opt = spec.mounts?.find((m) => m.destination === '/dev/shm')?.options?.find((o) => o.startsWith('size='));
  const m = /^size=(\d+)([kmg]?)$/.exec(opt ?? '');
  if (!m) return 0;
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2] as '' | 'k' | 'm' | 'g']);
}

// Sysctls docker sets on its own for private networks; only the user's are reported.
const DEFAULT_SYSCTLS: Record<string, string> = { 'net.ipv4.ip_unprivileged_port_start': '0', 'net.ipv4.ping_group_range': '0 2147483647' };
const DEFAULT_TMPFS = new Set(['/dev', '/dev/shm']);

/** Splits the process args into Entrypoint and Cmd the way the image config had them. */
export function splitCommand(args: readonly string[], imageEntrypoint: readonly string[] | null): { entrypoint: string[] | null; cmd: string[] | null } {
  const ep = imageEntrypoint ?? [];
  if (ep.length && ep.every((a, i) => args[i] === a)) {
    const cmd = args.slice(ep.length);
    return { entrypoint: [...ep], cmd: cmd.length ? cmd : null };
  }
  return { entrypoint: null, cmd: args.length ? [...args] : null };
}

// The cgroup limits, in docker's HostConfig field order.
function resources(s: InspectSpec, devices: ContainerInspectInput['devices']): Record<string, unknown> {
  const mem = s.linux?.resources?.memory ?? {};
  const cpu = s.linux?.resources?.cpu ?? {};
  // --cpus is stored as a quota over docker's 100 ms period; other periods came from --cpu-period.
  const nano = cpu.period === 100_000 && cpu.quota && cpu.quota > 0 ? Math.round((cpu.quota * 1e9) / cpu.period) : 0;
  return {
    CpuShares: cpu.shares ?? 0,
    Memory: mem.limit ?? 0,
    NanoCpus: nano,
    CgroupParent: '',
    BlkioWeight: 0,
    CpuPeriod: nano ? 0 : cpu.period ?? 0,
    CpuQuota: nano ? 0 : cpu.quota ?? 0,
    CpusetCpus: cpu.cpus ?? '',
    CpusetMems: cpu.mems ?? '',
    Devices: devices ?? [],
    MemoryReservation: mem.reservation ?? 0,
    MemorySwap: mem.swap ?? 0,
    MemorySwappiness: mem.swappiness ?? null,
    OomKillDisable: mem.disableOOMKiller ?? null,
    PidsLimit: s.linux?.resources?.pids ? s.linux.resources.pids.limit : null,
    Ulimits: (s.process?.rlimits ?? []).map((r) => ({ Name: r.type.replace(/^RLIMIT_/, '').toLowerCase(), Hard: Number(r.hard), Soft: Number(r.soft) }))
      .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)),
  };
}

// CapAdd, CapDrop and Tmpfs: as given when recorded, else what the spec implies (nerdctl's containers).
function givenOrDerived(i: ContainerInspectInput): { capAdd: string[]; capDrop: string[]; tmpfs: Record<string, string> } {
  const s = i.spec;
  if (i.given) return { capAdd: i.given.CapAdd ?? [], capDrop: i.given.CapDrop ?? [], tmpfs: i.given.Tmpfs ?? {} };
  const caps = s.process?.capabilities?.bounding ?? [];
  return {
    capAdd: i.privileged ? [] : caps.filter((c) => !i.defaultCapabilities.includes(c)),
    capDrop: i.privileged ? [] : i.defaultCapabilities.filter((c) => !caps.includes(c)),
    tmpfs: Object.fromEntries((s.mounts ?? []).filter((m) => m.type === 'tmpfs' && !DEFAULT_TMPFS.has(m.destination))
      .map((m) => [m.destination, (m.options ?? []).join(',')])),
  };
}

const listOrNull = (l: readonly string[] | undefined): string[] | null => (l?.length ? [...l] : null);

function hostConfig(i: ContainerInspectInput): Record<string, unknown> {
  const s = i.spec;
  const binds = i.mounts.filter((m) => m.Type === 'bind').map((m) => `${m.Source}:${m.Destination}${m.Mode ? `:${m.Mode}` : ''}`);
  const { capAdd, capDrop, tmpfs } = givenOrDerived(i);
  const sysctls = Object.fromEntries(Object.entries(s.linux?.sysctl ?? {}).filter(([k, v]) => DEFAULT_SYSCTLS[k] !== v && k !== 'kernel.domainname'));
  return {
    Binds: binds.length ? binds : null,
    ContainerIDFile: i.cidfile ?? '',
    LogConfig: i.logConfig,
    NetworkMode: i.networks[0] ?? 'bridge',
    PortBindings: i.portBindings ?? {},
    RestartPolicy: i.restartPolicy,
    AutoRemove: i.autoRemove,
    VolumeDriver: '',
    VolumesFrom: listOrNull(i.given?.VolumesFrom),
    ConsoleSize: [0, 0],
    CapAdd: capAdd.length ? capAdd : null,
    CapDrop: capDrop.length ? capDrop : null,
    CgroupnsMode: nsMode(s, 'cgroup', 'private'),
    Dns: i.dns.servers,
    DnsOptions: i.dns.options,
    DnsSearch: i.dns.search,
    ExtraHosts: i.extraHosts.length ? i.extraHosts : null,
    GroupAdd: listOrNull(i.given?.GroupAdd),
    IpcMode: nsMode(s, 'ipc', 'private'),
    Cgroup: '',
    Links: null,
    OomScoreAdj: s.process?.oomScoreAdj ?? 0,
    PidMode: nsMode(s, 'pid', ''),
    Privileged: i.privileged,
    PublishAllPorts: false,
    ReadonlyRootfs: Boolean(s.root?.readonly),
    SecurityOpt: listOrNull(i.given?.SecurityOpt),
    ...(Object.keys(tmpfs).length ? { Tmpfs: tmpfs } : {}),
    UTSMode: nsMode(s, 'uts', ''),
    UsernsMode: '',
    ShmSize: shmSize(s),
    ...(Object.keys(sysctls).length ? { Sysctls: sysctls } : {}),
    Runtime: i.runtime,
    Isolation: '',
    ...resources(s, i.devices),
    MaskedPaths: s.linux?.maskedPaths ?? null,
    ReadonlyPaths: s.linux?.readonlyPaths ?? null,
    ...(i.given?.Init !== undefined ? { Init: i.given.Init } : {}),
  };
}

function config(i: ContainerInspectInput): Record<string, unknown> {
  const p = i.spec.process ?? {};
  const { entrypoint, cmd } = splitCommand(p.args ?? [], i.imageEntrypoint);
  return {
    Hostname: i.spec.hostname ?? '',
    Domainname: i.domainname,
    User: i.user,
    AttachStdin: i.attach?.AttachStdin ?? false,
    AttachStdout: i.attach?.AttachStdout ?? false,
    AttachStderr: i.attach?.AttachStderr ?? false,
    ...(i.exposedPorts ? { ExposedPorts: i.exposedPorts } : {}),
    Tty: Boolean(p.terminal),
    OpenStdin: i.attach?.OpenStdin ?? false,
    StdinOnce: i.attach?.StdinOnce ?? false,
    Env: p.env ?? null,
    Cmd: cmd,
    ...(i.healthcheck !== undefined ? { Healthcheck: i.healthcheck } : {}),
    Image: i.imageName,
    Volumes: i.imageVolumes,
    WorkingDir: p.cwd && p.cwd !== '/' ? p.cwd : '',
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: i.labels,
    ...(i.stopSignal ? { StopSignal: i.stopSignal } : {}),
    ...(i.stopTimeout !== undefined ? { StopTimeout: i.stopTimeout } : {}),
  };
}

// An endpoint with nothing attached: what docker shows for none/host and never-started containers.
function emptyEndpoint(): Record<string, unknown> {
  return {
    IPAMConfig: null, Links: null, Aliases: null, MacAddress: '', NetworkID: '', EndpointID: '', Gateway: '',
    IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DriverOpts: null, DNSNames: null,
  };
}

function networkSettings(i: ContainerInspectInput): Record<string, unknown> {
  // docker fills the top-level address fields for the default bridge only.
  const bridge = i.endpoints?.['bridge'];
  return {
    Bridge: '', SandboxID: '', SandboxKey: i.state.pid && i.networks[0] !== 'host' ? `/proc/${i.state.pid}/ns/net` : '',
    Ports: i.ports ?? {}, HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null, SecondaryIPv6Addresses: null, EndpointID: '', Gateway: bridge?.Gateway ?? '', GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0, IPAddress: bridge?.IPAddress ?? '', IPPrefixLen: bridge?.IPPrefixLen ?? 0, IPv6Gateway: '',
    MacAddress: bridge?.MacAddress ?? '',
    Networks: i.endpoints ?? Object.fromEntries(i.networks.map((n) => [n, emptyEndpoint()])),
  };
}

/** The inspect object for one container. */
export function containerInspect(i: ContainerInspectInput): Record<string, unknown> {
  const args = i.spec.process?.args ?? [];
  const st = i.state;
  return {
    Id: i.id,
    Created: i.created,
    Path: args[0] ?? '',
    Args: args.slice(1),
    State: {
      Status: st.status, Running: st.status === 'running' || st.status === 'paused', Paused: st.status === 'paused',
      Restarting: st.status === 'restarting', OOMKilled: false, Dead: st.status === 'dead', Pid: st.pid,
      ExitCode: st.exitCode, Error: st.error, StartedAt: st.startedAt, FinishedAt: st.finishedAt,
      ...(i.health !== undefined ? { Health: i.health } : {}),
    },
    Image: i.imageId,
    ResolvConfPath: i.resolvConfPath,
    HostnamePath: i.hostnamePath,
    HostsPath: i.hostsPath,
    LogPath: i.logPath,
    Name: `/${i.name}`,
    RestartCount: i.restartCount,
    Driver: i.snapshotter,
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: i.spec.process?.apparmorProfile ?? '',
    ExecIDs: null,
    HostConfig: hostConfig(i),
    GraphDriver: { Data: null, Name: i.snapshotter },
    Mounts: i.mounts,
    Config: config(i),
    NetworkSettings: networkSettings(i),
  };
}
