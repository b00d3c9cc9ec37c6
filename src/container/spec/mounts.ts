// Mounts: user and system mounts merged over the defaults the way docker does (same destination
// replaces a default, a /dev mount drops the /dev/* defaults, shallow paths first), --tmpfs
// parsing, --shm-size and --read-only.
import { posix } from 'node:path';
import { NerdtsError } from '../../errors';
import { parseSizeFlag } from './flag-values';
import type { Mount, Spec } from './types';

// Mount flags that cancel each other keep only the last one given (ro/rw, exec/noexec, ...).
const FLAG_GROUPS: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly', suid: 'nosuid', nosuid: 'nosuid', dev: 'nodev', nodev: 'nodev',
  exec: 'noexec', noexec: 'noexec', sync: 'sync', async: 'sync', dirsync: 'dirsync', remount: 'remount',
  mand: 'mand', nomand: 'mand', atime: 'noatime', noatime: 'noatime', diratime: 'nodiratime',
  nodiratime: 'nodiratime', relatime: 'relatime', norelatime: 'relatime', strictatime: 'strictatime',
  nostrictatime: 'strictatime',
  // Only one propagation or bind mode survives.
  bind: 'propagation', rbind: 'propagation', unbindable: 'propagation', runbindable: 'propagation',
  private: 'propagation', rprivate: 'propagation', shared: 'propagation', rshared: 'propagation',
  slave: 'propagation', rslave: 'propagation',
};
const TMPFS_DATA = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

/** docker's tmpfs option merge: later options win over earlier ones of the same kind; unknown data is an error. */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = options.length - 1; i >= 0; i--) {
    const option = options[i]!;
    if (option === 'defaults') continue;
    let key = FLAG_GROUPS[option];
    if (key === undefined) {
      const eq = option.indexOf('=');
      const name = eq === -1 ? option : option.slice(0, eq);
      if (eq === -1 || !TMPFS_DATA.has(name)) throw new NerdtsError('invalid-argument', `invalid tmpfs option "${name}"`);
      key = `data:${name}`;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(option);
  }
  return out;
}

/** Parses --tmpfs "/path[:opt,opt]" into a tmpfs mount (noexec,nosuid,nodev,rprivate unless overridden). */
export function parseTmpfsFlag(value: string): Mount {
  const colon = value.indexOf(':');
  const destination = colon === -1 ? value : value.slice(0, colon);
  const data = colon === -1 ? '' : value.slice(colon + 1);
  checkDestination(destination);
  const options = ['noexec', 'nosuid', 'nodev', 'rprivate', ...(data ? data.split(',') : [])];
  return { destination, type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions(options) };
}

function checkDestination(destination: string): void {
  if (posix.normalize(destination).replace(/\/+$/, '') === '') {
    throw new NerdtsError('invalid-argument', "invalid specification: destination can't be '/'");
  }
  if (!destination.startsWith('/')) {
    throw new NerdtsError('invalid-argument', `invalid mount path: '${destination}' mount path must be absolute`);
  }
}

const clean = (p: string): string => posix.normalize(p).replace(/(.)\/+$/, '$1');
const depth = (p: string): number => clean(p).split('/').length - 1;

/** A mount to add; `optional` ones (e.g. /etc/hosts) give way to another mount at the same path. */
export interface MountRequest extends Mount {
  optional?: boolean;
}

export interface MountsInput {
  /** Resolved binds, volumes and system files (hosts, resolv.conf, hostname). */
  mounts?: readonly MountRequest[];
  /** --tmpfs values. */
  tmpfs?: readonly string[];
}

/** Merges the requested mounts into spec.mounts by docker's rules; duplicate destinations are an error. */
export function withMounts(spec: Spec, input: MountsInput): void {
  const requested: MountRequest[] = [...(input.mounts ?? []), ...(input.tmpfs ?? []).map(parseTmpfsFlag)];
  const required = new Set(requested.filter((m) => !m.optional).map((m) => clean(m.destination)));
  const chosen: Mount[] = [];
  const taken = new Set<string>();
  for (const m of requested) {
    const dest = clean(m.destination);
    checkDestination(m.destination);
    if (m.optional && required.has(dest)) continue;
    if (taken.has(dest)) throw new NerdtsError('invalid-argument', `Duplicate mount point: ${dest}`);
    taken.add(dest);
    const mount: Mount = { destination: dest };
    if (m.type !== undefined) mount.type = m.type;
    if (m.source !== undefined) mount.source = m.source;
    if (m.options !== undefined) mount.options = [...m.options];
    chosen.push(mount);
  }
  const devMounted = taken.has('/dev');
  spec.mounts = spec.mounts.filter((m) => {
    const dest = clean(m.destination);
    return !taken.has(dest) && !(devMounted && dest.startsWith('/dev/'));
  });
  // Shallow destinations first, so /etc is mounted before /etc/resolv.conf (the sort is stable).
  spec.mounts.push(...chosen.sort((a, b) => depth(a.destination) - depth(b.destination)));
}

/** --shm-size: the size of the default /dev/shm tmpfs, in bytes as docker writes it. */
export function withShmSize(spec: Spec, value: string): void {
  const bytes = parseSizeFlag(value, '--shm-size');
  const shm = spec.mounts.find((m) => clean(m.destination) === '/dev/shm' && m.type === 'tmpfs');
  if (!shm) return; // a bind-mounted (host or shared) /dev/shm has the size of its source
  shm.options = [...(shm.options ?? []).filter((o) => !o.startsWith('size=')), `size=${bytes}`];
}

// Mounts that stay writable under --read-only: the container needs them to work at all.
const WRITABLE_UNDER_READONLY = new Set(['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue']);

/** --read-only: a read-only root and read-only default mounts; requested mounts keep their own mode. */
export function withReadonlyRootfs(spec: Spec, defaultDestinations: ReadonlySet<string> = DEFAULT_DESTINATIONS): void {
  spec.root.readonly = true;
  for (const m of spec.mounts) {
    const dest = clean(m.destination);
    if (!defaultDestinations.has(dest) || WRITABLE_UNDER_READONLY.has(dest)) continue;
    if (!(m.options ?? []).includes('ro')) m.options = [...(m.options ?? []).filter((o) => o !== 'rw'), 'ro'];
  }
}

const DEFAULT_DESTINATIONS: ReadonlySet<string> = new Set([
  '/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys', '/sys/fs/cgroup',
]);
