// --sysctl: only namespaced sysctls (docker's allow-list), and only when the container owns the
// namespace they live in (runc's rule), plus the defaults docker sets for a private network.
import { NerdtsError } from '../../errors';
import { flagError } from './flag-values';
import type { NamespaceType, Spec } from './types';

// IPC-namespace sysctls outside the fs.mqueue.* family.
const IPC_SYSCTLS = new Set([
  'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax',
  'kernel.shmmni', 'kernel.shm_rmid_forced',
]);

type SysctlNamespace = 'ipc' | 'network';

function namespaceOf(key: string): SysctlNamespace | undefined {
  if (IPC_SYSCTLS.has(key) || key.startsWith('fs.mqueue.')) return 'ipc';
  if (key.startsWith('net.')) return 'network';
  return undefined;
}

/** Splits and checks one --sysctl "key=value"; docker's "is not allowed" for non-namespaced keys. */
export function parseSysctlFlag(value: string): [string, string] {
  const eq = value.indexOf('=');
  const key = eq === -1 ? '' : value.slice(0, eq);
  if (key === '' || !namespaceOf(key)) throw flagError(value, '--sysctl', `sysctl '${value}' is not allowed`);
  return [key, value.slice(eq + 1)];
}

const ownsNamespace = (spec: Spec, type: NamespaceType): boolean => spec.linux.namespaces.some((n) => n.type === type);

/** runc's check: each sysctl must live in a namespace the container has (not the host's). */
export function checkSysctlNamespaces(spec: Spec): void {
  for (const key of Object.keys(spec.linux.sysctl ?? {})) {
    const ns = namespaceOf(key);
    if (ns === 'ipc' && !ownsNamespace(spec, 'ipc')) {
      throw new NerdtsError('invalid-argument', `sysctl "${key}" is not allowed in the hosts ipc namespace`);
    }
    if (ns === 'network' && !ownsNamespace(spec, 'network')) {
      throw new NerdtsError('invalid-argument', `sysctl "${key}" is not allowed in the hosts network namespace`);
    }
    if (!ns && key === 'kernel.domainname' && !ownsNamespace(spec, 'uts')) {
      throw new NerdtsError('invalid-argument', `sysctl "${key}" is not in a separate kernel namespace`);
    }
  }
}

/**
 * Adds the user's sysctls (they override defaults) and checks them against the namespaces,
 * so apply it after the namespace mutators (withNetworkMode, withIpcMode, ...).
 */
export function withSysctls(spec: Spec, values: readonly string[]): void {
  const sysctl = (spec.linux.sysctl ??= {});
  for (const value of values) {
    const [key, v] = parseSysctlFlag(value);
    sysctl[key] = v;
  }
  checkSysctlNamespaces(spec);
}

export interface NetworkSysctlOptions {
  /** docker also lets any group open ICMP echo sockets; off for rootless (not settable in a userns). */
  pingGroupRange?: boolean;
}

/**
 * For a new private network namespace only: any user may bind ports below 1024 (nerdctl and
 * docker), and ping without CAP_NET_RAW (docker). User-set values are kept.
 */
export function withDefaultNetworkSysctls(spec: Spec, options: NetworkSysctlOptions = {}): void {
  const netns = spec.linux.namespaces.find((n) => n.type === 'network');
  if (!netns || netns.path) return;
  const sysctl = (spec.linux.sysctl ??= {});
  sysctl['net.ipv4.ip_unprivileged_port_start'] ??= '0';
  if (options.pingGroupRange ?? true) sysctl['net.ipv4.ping_group_range'] ??= '0 2147483647';
}
