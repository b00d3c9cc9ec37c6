// The base Linux spec every container starts from: containerd's default spec with nerdctl's
// changes (no /run tmpfs, a read-only /sys/fs/cgroup, no default RLIMIT_NOFILE, new privileges
// allowed) and docker's capability set, masked paths and read-only paths.
import type { DeviceCgroup, Mount, Spec } from './types';

/** The runtime-spec version containerd 1.6/1.7 and runc 1.1 write. */
export const OCI_VERSION = '1.0.2-dev';

/** PATH for processes whose image sets none (docker and containerd agree on it). */
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** docker's default capability set (bounding, effective and permitted). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** docker's masked paths (the host-dependent per-CPU thermal_throttle entries are left out). */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/acpi', '/proc/asound', '/proc/interrupts', '/proc/kcore', '/proc/keys',
  '/proc/latency_stats', '/proc/sched_debug', '/proc/scsi', '/proc/timer_list',
  '/proc/timer_stats', '/sys/devices/virtual/powercap', '/sys/firmware',
];

/** /proc entries made read-only (docker and containerd agree). */
export const DEFAULT_READONLY_PATHS: readonly string[] = [
  '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger',
];

/** Default /dev/shm size: 64 MiB, as docker and containerd. */
export const DEFAULT_SHM_BYTES = 64 * 1024 * 1024;

function defaultMounts(): Mount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    {
      destination: '/dev/pts', type: 'devpts', source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    // nerdctl adds this one; docker has it too, so `mount` inside looks the same under both.
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] },
  ];
}

const charDevice = (major: number, minor?: number): DeviceCgroup =>
  minor === undefined ? { allow: true, type: 'c', major, access: 'rwm' } : { allow: true, type: 'c', major, minor, access: 'rwm' };

/** Device cgroup rules: deny everything, then allow the devices every container gets. */
export function defaultDeviceRules(): DeviceCgroup[] {
  return [
    { allow: false, access: 'rwm' },
    charDevice(1, 3), // /dev/null
    charDevice(1, 8), // /dev/random
    charDevice(1, 7), // /dev/full
    charDevice(5, 0), // /dev/tty
    charDevice(1, 5), // /dev/zero
    charDevice(1, 9), // /dev/urandom
    charDevice(5, 1), // /dev/console
    charDevice(136), // /dev/pts/*
    charDevice(5, 2), // /dev/ptmx
  ];
}

export interface DefaultSpecOptions {
  id: string;
  /** containerd namespace; part of the default cgroupfs path. */
  namespace: string;
  /** Overrides `/<namespace>/<id>` (systemd "slice:prefix:name" or a cgroup-parent path). */
  cgroupsPath?: string;
  /** Defaults to the first 12 characters of the ID, as nerdctl. */
  hostname?: string;
}

/** A fresh default spec; mutators then adapt it to the image and the flags. */
export function defaultSpec(options: DefaultSpecOptions): Spec {
  const caps = (): string[] => [...DEFAULT_CAPABILITIES];
  return {
    ociVersion: OCI_VERSION,
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [],
      env: [DEFAULT_PATH_ENV],
      cwd: '/',
      capabilities: { bounding: caps(), effective: caps(), permitted: caps() },
      noNewPrivileges: false,
    },
    root: { path: 'rootfs' },
    hostname: options.hostname ?? options.id.slice(0, 12),
    mounts: defaultMounts(),
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }],
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
      resources: { devices: defaultDeviceRules() },
      cgroupsPath: options.cgroupsPath ?? `/${options.namespace}/${options.id}`,
    },
  };
}
