// The global flags, nerdctl's names. Accepted before the command and, like nerdctl's persistent
// flags, after it unless the command has a flag of the same name (`ps -n` is --last, not --namespace).
// Defaults live in src/config.ts because env and nerdts.toml sit between flag and default.
import type { FlagsSpec, FlagValues } from './flags';
import type { GlobalFlagValues } from '../config';

export const GLOBAL_FLAGS = {
  address: {
    type: 'string', short: 'a', aliases: ['H', 'host'], complete: 'files',
    description: 'containerd address, optionally with "unix://" prefix', defaultLabel: '"/run/containerd/containerd.sock"',
  },
  namespace: {
    type: 'string', short: 'n', complete: 'namespaces',
    description: 'containerd namespace, such as "moby" for Docker, "k8s.io" for Kubernetes', defaultLabel: '"default"',
  },
  snapshotter: {
    type: 'string', aliases: ['storage-driver'], complete: 'snapshotters',
    description: 'containerd snapshotter', defaultLabel: '"overlayfs"',
  },
  'data-root': {
    type: 'string', complete: 'directories',
    description: 'Root directory of persistent state (shared with nerdctl)', defaultLabel: '"/var/lib/nerdctl"',
  },
  'cni-path': {
    type: 'string', complete: 'directories', description: 'cni plugins binary directory',
    defaultLabel: 'first existing of /opt/cni/bin, /usr/local/libexec/cni, /usr/local/lib/cni, /usr/libexec/cni, /usr/lib/cni',
  },
  'cni-netconfpath': {
    type: 'string', complete: 'directories', description: 'cni config directory', defaultLabel: '"/etc/cni/net.d"',
  },
  'hosts-dir': {
    type: 'string[]', split: true, complete: 'directories', valueName: 'strings',
    description: 'A directory that contains <HOST:PORT>/hosts.toml (containerd style) or <HOST:PORT>/{ca.cert, cert.pem, key.pem} (docker style)',
    defaultLabel: '[/etc/containerd/certs.d,/etc/docker/certs.d]',
  },
  'insecure-registry': {
    type: 'string[]', optionalValue: '*', valueName: 'host',
    description: 'Skip verifying HTTPS certs and allow plain HTTP: for every registry, or for one host[:port] with =HOST (repeatable)',
  },
  'cgroup-manager': {
    type: 'string', choices: ['cgroupfs', 'systemd', 'none'], description: 'Cgroup manager to use ("cgroupfs"|"systemd")',
  },
  debug: { type: 'boolean', description: 'debug mode' },
  'no-autostart': { type: 'boolean', description: 'Do not start containerd when its socket does not answer' },
} as const satisfies FlagsSpec;

/** Flags only meaningful before a command. */
export const ROOT_FLAGS = {
  version: { type: 'boolean', short: 'v', description: 'Print version information and quit' },
} as const satisfies FlagsSpec;

/** Accepted everywhere, after every other flag of the same name. Hidden like docker's. */
export const HELP_FLAGS = {
  help: { type: 'boolean', short: 'h', hidden: true, description: 'Print usage' },
} as const satisfies FlagsSpec;

// The CLI table and config.ts must agree on names and types.
type Parsed = Partial<FlagValues<typeof GLOBAL_FLAGS>>;
type SameKeys = [keyof Parsed] extends [keyof GlobalFlagValues] ? ([keyof GlobalFlagValues] extends [keyof Parsed] ? true : never) : never;
export type GlobalFlagsAgree = Parsed extends GlobalFlagValues ? SameKeys : never;
export const globalFlagsAgree: GlobalFlagsAgree = true;
