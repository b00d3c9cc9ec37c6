// The host facts and side effects container operations use, in one interface so tests pass fakes:
// file reads, environment, hostname, randomness, the launcher path, device nodes, mount(8).
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, readFileSync, readdirSync, statSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { delimiter, join } from 'node:path';
import type { DeviceLookup, HostDevice } from './spec';
import { boundingCapabilities } from './spec';
import type { MountRunner } from './rootfs';
import { hostMountRunner } from './rootfs';
import type { NetworkResolver } from './network';
import type { PortProbe } from './ports';
import { cniNetworks } from '../network/resolver';

export interface ContainerHost {
  /** A file's text, undefined when it does not exist or cannot be read. */
  readText(path: string): string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  hostname(): string;
  /** Random bytes as hex (container IDs, volume names). */
  randomHex(bytes: number): string;
  now(): number;
  cwd(): string;
  /** Absolute path of the nerdts launcher, for the log URI and the OCI hooks. */
  launcher(): string;
  kernelVersion(): string;
  /** Capabilities the runtime can grant (what --privileged and ALL mean). */
  allCapabilities(): string[] | undefined;
  devices: DeviceLookup;
  /** Every host device node (--privileged). */
  hostDevices(): HostDevice[];
  /** Absolute path of an executable on PATH, or undefined. */
  which(name: string): string | undefined;
  mounts: MountRunner;
  networks: NetworkResolver;
  /** Whether a host port is free for -p/-P; default: iptables rules and a bind test. */
  portProbe?: PortProbe;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

// Linux's dev_t encoding (glibc major()/minor()).
const major = (rdev: number): number => Number(((BigInt(rdev) >> 8n) & 0xfffn) | ((BigInt(rdev) >> 32n) & ~0xfffn));
const minor = (rdev: number): number => Number((BigInt(rdev) & 0xffn) | ((BigInt(rdev) >> 12n) & ~0xffn));

/** Device nodes at a path: the node itself, or every node below a directory. */
export const hostDeviceLookup: DeviceLookup = (path) => {
  let st;
  try { st = statSync(path); } catch { return []; }
  if (st.isDirectory()) {
    return readdirSync(path).flatMap((name) => (['pts', 'shm', 'mqueue'].includes(name) && path === '/dev' ? [] : hostDeviceLookup(join(path, name))));
  }
  const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : undefined;
  if (!type) return [];
  const device: HostDevice = { path, type, major: major(st.rdev), minor: minor(st.rdev), fileMode: st.mode & 0o777, uid: st.uid, gid: st.gid };
  return [device];
};

/** The real host. */
export function realHost(): ContainerHost {
  return {
    readText,
    env: process.env,
    hostname,
    randomHex: (n) => randomBytes(n).toString('hex'),
    now: Date.now,
    cwd: () => process.cwd(),
    launcher: () => process.env.NERDTS_SELF || process.argv[1] || 'nerdts',
    kernelVersion: release,
    allCapabilities: () => {
      const status = readText('/proc/self/status');
      try { return status ? boundingCapabilities(status) : undefined; } catch { return undefined; }
    },
    devices: hostDeviceLookup,
    hostDevices: () => hostDeviceLookup('/dev'),
    which: (name) => {
      for (const dir of (process.env.PATH ?? '').split(delimiter)) {
        const p = join(dir, name);
        try { accessSync(p, fsConstants.X_OK); return p; } catch { /* next */ }
      }
      return undefined;
    },
    mounts: hostMountRunner,
    networks: cniNetworks,
  };
}
