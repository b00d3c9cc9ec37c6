// Linux capabilities: the known set, --cap-add/--cap-drop normalisation and docker's rules for
// combining them with the defaults (ALL on either side, drops before adds).
import { NerdtsError } from '../../errors';
import { DEFAULT_CAPABILITIES } from './defaults';
import type { Spec } from './types';

/** Every capability of Linux 5.9+ in kernel order (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40). */
export const KNOWN_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

const ALL = 'ALL';

/** Upper-cases and CAP_-prefixes names ("net_admin" -> "CAP_NET_ADMIN"); keeps ALL; throws on unknown names. */
export function normalizeCapabilities(names: readonly string[], known: readonly string[] = KNOWN_CAPABILITIES): string[] {
  return names.map((raw) => {
    let name = raw.toUpperCase();
    if (name === ALL) return name;
    if (!name.startsWith('CAP_')) name = `CAP_${name}`;
    if (!known.includes(name)) throw new NerdtsError('invalid-argument', `unknown capability: "${name}"`);
    return name;
  });
}

export interface CapabilityChanges {
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  privileged?: boolean;
  /** What ALL and --privileged grant; defaults to every known capability (the caller may pass the host's). */
  allCapabilities?: readonly string[];
  /** The starting set; defaults to docker's. */
  base?: readonly string[];
}

/** The resulting capability list, by docker's rules (privileged wins; add ALL minus drops; drop ALL keeps only adds). */
export function resolveCapabilities(changes: CapabilityChanges): string[] {
  const all = changes.allCapabilities ?? KNOWN_CAPABILITIES;
  if (changes.privileged) return [...all];
  const base = changes.base ?? DEFAULT_CAPABILITIES;
  const add = normalizeCapabilities(changes.capAdd ?? []);
  const drop = normalizeCapabilities(changes.capDrop ?? []);
  if (add.length === 0 && drop.length === 0) return [...base];
  let result: string[];
  if (add.includes(ALL)) result = all.filter((c) => !drop.includes(c));
  else if (drop.includes(ALL)) result = add;
  else result = [...base.filter((c) => !drop.includes(c)), ...add];
  return [...new Set(result)];
}

/** Sets bounding, effective and permitted to the resolved list (inheritable stays empty, as docker). */
export function withCapabilities(spec: Spec, changes: CapabilityChanges): void {
  const caps = resolveCapabilities(changes);
  spec.process.capabilities = { bounding: [...caps], effective: [...caps], permitted: [...caps] };
}

/**
 * The capabilities in a /proc/<pid>/status "CapBnd:" mask, for allCapabilities: docker grants
 * only what the runtime itself holds, since runc cannot raise a capability it lacks.
 */
export function boundingCapabilities(procStatus: string): string[] {
  const m = /^CapBnd:\s*([0-9a-fA-F]+)\s*$/m.exec(procStatus);
  if (!m) throw new NerdtsError('invalid-argument', 'no CapBnd line in the process status');
  const mask = BigInt(`0x${m[1]}`);
  return KNOWN_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}
