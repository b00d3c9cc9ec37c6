// Namespace modes (--network, --pid, --ipc, --uts, --cgroupns) and the cgroups path. Container
// references arrive already resolved to namespace paths such as /proc/<pid>/ns/net.
import { posix } from 'node:path';
import { NerdtsError } from '../../errors';
import type { NamespaceType, Spec } from './types';

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);

function dropNamespace(spec: Spec, type: NamespaceType): void {
  spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== type);
}

function setNamespace(spec: Spec, type: NamespaceType, path?: string): void {
  const entry = path === undefined ? { type } : { type, path };
  const i = spec.linux.namespaces.findIndex((n) => n.type === type);
  if (i === -1) spec.linux.namespaces.push(entry);
  else spec.linux.namespaces[i] = entry;
}

/** "container:<path>" or "ns:<path>" -> the path; undefined for other modes. */
function joinedPath(mode: string, what: string): string | undefined {
  for (const prefix of ['container:', 'ns:']) {
    if (!mode.startsWith(prefix)) continue;
    const path = mode.slice(prefix.length);
    if (!posix.isAbsolute(path)) throw invalid(`invalid ${what} namespace path ${JSON.stringify(path)}: must be absolute`);
    return path;
  }
  return undefined;
}

/**
 * --network: "host" shares the host's namespace; "container:<path>"/"ns:<path>" joins one; any
 * other mode (bridge, none, a network name) keeps a new private namespace.
 */
export function withNetworkMode(spec: Spec, mode: string): void {
  if (mode === 'host') return dropNamespace(spec, 'network');
  const path = joinedPath(mode, 'network');
  if (path) setNamespace(spec, 'network', path);
  else setNamespace(spec, 'network');
}

/** --pid: "host", "container:<path>" or private (""/"private"). */
export function withPidMode(spec: Spec, mode: string): void {
  if (mode === 'host') return dropNamespace(spec, 'pid');
  if (mode === '' || mode === 'private') return setNamespace(spec, 'pid');
  const path = joinedPath(mode, 'pid');
  if (!path) throw invalid(`invalid PID mode: ${mode}`);
  setNamespace(spec, 'pid', path);
}

export interface IpcModeInput {
  /** "", private, shareable, none, host, or container:<ipc ns path>. */
  mode: string;
  /** For shareable/container modes: the host directory backing the shared /dev/shm. */
  shmSource?: string;
}

/** --ipc: host shares the host's IPC namespace and /dev/shm; none drops /dev/shm; container joins. */
export function withIpcMode(spec: Spec, input: IpcModeInput): void {
  const { mode } = input;
  if (mode === 'host') {
    dropNamespace(spec, 'ipc');
    bindHostPath(spec, '/dev/shm', '/dev/shm');
    bindHostPath(spec, '/dev/mqueue', '/dev/mqueue');
    return;
  }
  if (mode === '' || mode === 'private' || mode === 'shareable' || mode === 'none') {
    setNamespace(spec, 'ipc');
    if (mode === 'none') spec.mounts = spec.mounts.filter((m) => m.destination !== '/dev/shm');
    if (mode === 'shareable' && input.shmSource) bindHostPath(spec, '/dev/shm', input.shmSource);
    return;
  }
  const path = joinedPath(mode, 'ipc');
  if (!path) throw invalid(`invalid IPC mode: ${mode}`);
  setNamespace(spec, 'ipc', path);
  if (input.shmSource) bindHostPath(spec, '/dev/shm', input.shmSource);
}

function bindHostPath(spec: Spec, destination: string, source: string): void {
  const mount = { destination, type: 'bind', source, options: ['rbind', 'nosuid', 'noexec', 'nodev'] };
  const i = spec.mounts.findIndex((m) => m.destination === destination);
  if (i === -1) spec.mounts.push(mount);
  else spec.mounts[i] = mount;
}

/**
 * --uts: "host" shares the host's hostname, so none may be set (docker's conflict error when
 * -h was given); the spec's hostname is removed because runc cannot set it there.
 */
export function withUtsMode(spec: Spec, mode: string, hostnameGiven = false): void {
  if (mode === '' || mode === 'private') return setNamespace(spec, 'uts');
  if (mode !== 'host') throw invalid(`invalid UTS mode: ${mode}`);
  if (hostnameGiven) throw invalid('conflicting options: hostname and the UTS mode');
  dropNamespace(spec, 'uts');
  delete spec.hostname;
}

/** --cgroupns: private (own cgroup namespace, the default on cgroup v2) or host. */
export function withCgroupns(spec: Spec, mode: string): void {
  if (mode === 'private') return setNamespace(spec, 'cgroup');
  if (mode === 'host') return dropNamespace(spec, 'cgroup');
  throw invalid(`invalid cgroup namespace mode: ${mode}`);
}

export interface CgroupsPathInput {
  id: string;
  namespace: string;
  manager: 'cgroupfs' | 'systemd' | 'none';
  /** --cgroup-parent */
  parent?: string;
  rootless?: boolean;
}

/** nerdctl's cgroupsPath: systemd "slice:nerdctl:<id>", cgroupfs "/<ns>/<id>" or "<parent>/<id>", none "". */
export function cgroupsPathFor(input: CgroupsPathInput): string {
  if (input.manager === 'none') return '';
  if (input.manager === 'systemd') {
    const parent = input.parent ?? (input.rootless ? 'user.slice' : 'system.slice');
    if (input.parent !== undefined && (parent.length <= 6 || !parent.endsWith('.slice'))) {
      throw invalid('cgroup-parent for systemd cgroup should be a valid slice named as "xxx.slice"');
    }
    return `${parent}:nerdctl:${input.id}`;
  }
  return input.parent ? posix.join(input.parent, input.id) : `/${input.namespace}/${input.id}`;
}
