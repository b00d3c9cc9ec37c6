// The createRuntime/postStop hooks that re-enter nerdts (`nerdts <globals> internal oci-hook
// <event>`), as nerdctl wires its own (pkg/cmd/container/create.go withNerdctlOCIHook). runc runs
// them with exactly the env given here, so the global options travel as flags.
import { join } from 'node:path';
import { DEFAULT_CACHE_DIR } from '../../cni/result-cache';
import type { GlobalOptions } from '../config';
import { cniContainerId } from '../network/cni-runtime';
import type { Hook, HookStage } from './spec';

/** The global flags the hook needs to find the same containerd, namespace and state. */
export function hookGlobalFlags(globals: Pick<GlobalOptions, 'address' | 'namespace' | 'dataRoot' | 'cniPath' | 'cniNetconfPath'>): string[] {
  return [
    `--address=${globals.address}`,
    `--namespace=${globals.namespace}`,
    `--data-root=${globals.dataRoot}`,
    `--cni-path=${globals.cniPath}`,
    `--cni-netconfpath=${globals.cniNetconfPath}`,
  ];
}

// postStop through /bin/sh: the logger usually released the networks at the exit already
// (logging/network-release.ts), and then no CNI result is cached for the container and the hook
// ends without starting Node. Arguments: results dir, CNI container ID, the nerdts command line.
const POSTSTOP_SCRIPT = 'r=$1 c=$2; shift 2; for f in "$r"/*-"$c"-eth*; do [ -e "$f" ] && exec "$@"; done; exit 0';
const CNI_RESULTS_DIR = join(DEFAULT_CACHE_DIR, 'results');

/** Hooks for withHooks: the launcher with the global flags, PATH extended with the sbin dirs (iptables). */
export function networkHooks(launcher: string, globals: Parameters<typeof hookGlobalFlags>[0],
  env: Readonly<Record<string, string | undefined>>, containerId: string): Partial<Record<HookStage, Hook[]>> {
  const vars = Object.entries(env).filter(([k, v]) => v !== undefined && k !== 'PATH').map(([k, v]) => `${k}=${v}`);
  vars.push(`PATH=${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}:/usr/sbin:/sbin`);
  const command = (event: string): string[] => [launcher, ...hookGlobalFlags(globals), 'internal', 'oci-hook', event];
  const postStop: Hook = {
    path: '/bin/sh',
    args: ['sh', '-c', POSTSTOP_SCRIPT, 'nerdts-poststop', CNI_RESULTS_DIR, cniContainerId(globals.namespace, containerId), ...command('postStop')],
    env: vars,
  };
  return { createRuntime: [{ path: launcher, args: command('createRuntime'), env: vars }], poststop: [postStop] };
}
