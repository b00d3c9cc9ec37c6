// The typed options of `create` (and the create half of `run`), one field per docker flag that
// shapes a container. The CLI fills it from argv; compose fills it from a service.
import type { ProgressSink } from '../image/progress';
import type { Container } from '../containerd/services/containers';
import type { Mount } from '../containerd/types';
import type { EnsuredImage, PullPolicy } from './image';
import type { ResourceFlags } from './spec';

export interface CreateOptions {
  /** Image reference or ID. */
  image: string;
  /** The image as ensureImage found it already (compose resolves each once): no lookups, no pull. */
  resolvedImage?: EnsuredImage;
  /** ID of the running container this one will replace (compose recreate): its host ports are not taken. */
  replacing?: string;
  /** --pull (default missing). */
  pull?: PullPolicy;
  /** --platform */
  platform?: string;
  /** Receives pull progress; finished by create. */
  progress?: ProgressSink;
  /** Called before an implicit pull. */
  onPull?: (reference: string) => void;
  /** --name; default nerdctl's "<image base>-<5 hex of the ID>". */
  name?: string;
  /** Arguments after the image (they replace the image's Cmd). */
  command?: string[];
  /** --entrypoint: one word, "" to clear, or a list (compose). */
  entrypoint?: string | string[];
  /** -e/--env */
  env?: string[];
  /** --env-file paths. */
  envFiles?: string[];
  /** -w/--workdir */
  workdir?: string;
  /** -u/--user */
  user?: string;
  /** --group-add */
  groupAdd?: string[];
  /** -l/--label */
  labels?: string[];
  /** --label-file paths. */
  labelFiles?: string[];
  /** Labels set by callers (compose), applied after the user's. */
  extraLabels?: Record<string, string>;
  /** --annotation */
  annotations?: string[];
  /** -h/--hostname */
  hostname?: string;
  /** --domainname */
  domainname?: string;
  /** -t/--tty */
  tty?: boolean;
  /** -i/--interactive */
  interactive?: boolean;
  /** --restart (no|always|on-failure[:N]|unless-stopped) */
  restart?: string;
  /** --stop-signal */
  stopSignal?: string;
  /** --stop-timeout, seconds. */
  stopTimeout?: number;
  /** --read-only */
  readOnly?: boolean;
  /** --tmpfs */
  tmpfs?: string[];
  /** -v/--volume */
  volumes?: string[];
  /** --mount */
  mounts?: string[];
  /** -m, --cpus, --pids-limit, ... */
  resources?: ResourceFlags;
  /** --ulimit */
  ulimits?: string[];
  /** --shm-size */
  shmSize?: string;
  /** --device */
  devices?: string[];
  /** --privileged */
  privileged?: boolean;
  /** --cap-add / --cap-drop */
  capAdd?: string[];
  capDrop?: string[];
  /** --security-opt */
  securityOpt?: string[];
  /** --sysctl */
  sysctls?: string[];
  /** --init, and --init-binary (default tini on PATH). */
  init?: boolean;
  initBinary?: string;
  /** --pid, --ipc, --uts, --cgroupns, --cgroup-parent */
  pid?: string;
  ipc?: string;
  uts?: string;
  cgroupns?: string;
  cgroupParent?: string;
  /** --log-driver (default json-file; "none": a logger that relays output for attach but writes no log) and --log-opt. */
  logDriver?: string;
  logOpts?: string[];
  /** --network values (default ["bridge"]). */
  networks?: string[];
  /** --dns, --dns-search, --dns-option, --add-host */
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  addHosts?: string[];
  /** -p/--publish specs: [ip:][hostPort[-range]:]containerPort[-range][/proto]. */
  publish?: string[];
  /** -P/--publish-all: every exposed port on a free host port. */
  publishAll?: boolean;
  /** --expose ports or ranges (joined with the image's ExposedPorts). */
  expose?: string[];
  /** --ip, --ip6, --mac-address: for the first CNI network. */
  ip?: string;
  ip6?: string;
  macAddress?: string;
  /** --network-alias: extra names on user networks (compose: service name and aliases). */
  networkAliases?: string[];
  /** --health-* and --no-healthcheck; unset fields fall back to the image's HEALTHCHECK. */
  health?: HealthOptions;
  /** --volumes-from containers (name or ID, optional :ro|:rw). */
  volumesFrom?: string[];
  /** --rm: recorded for `run` and for nerdctl. */
  autoRemove?: boolean;
  /** --runtime (default io.containerd.runc.v2). */
  runtime?: string;
  /** --pidfile */
  pidFile?: string;
  /** --cidfile, recorded for inspect's HostConfig.ContainerIDFile (run/create write the file). */
  cidfile?: string;
  signal?: AbortSignal;
}

/** The healthcheck flags; durations in milliseconds. */
export interface HealthOptions {
  /** --health-cmd: a shell command (CMD-SHELL), or a compose test list (["CMD", ...] / ["CMD-SHELL", "..."] / ["NONE"]). */
  test?: string | string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
  /** --no-healthcheck: disable any image HEALTHCHECK. */
  disable?: boolean;
}

/** What create made. */
export interface CreatedContainer {
  id: string;
  name: string;
  /** The full containerd image name. */
  image: string;
  /** Non-fatal notes for the user (docker prints them as WARNING lines). */
  warnings: string[];
  /** What a start right after needs without asking containerd again (startContainer's `fresh`). */
  fresh: FreshContainer;
}

/** A container this process has just created: its record and its snapshot's mounts; no task yet. */
export interface FreshContainer {
  record: Container;
  rootfs: Mount[];
}
