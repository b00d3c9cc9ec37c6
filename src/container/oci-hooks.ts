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
// createRuntime of a container with a pinned namespace: the starting client attaches it
// (hook/early-attach.ts), so a cached result means there is nothing to do; without one (a
// restart by containerd's monitor) the hook attaches.
const CREATE_SCRIPT = 'r=$1 c=$2; shift 2; for f in "$r"/*-"$c"-eth*; do [ -e "$f" ] && exit 0; done; exec "$@"';
const CNI_RESULTS_DIR = join(DEFAULT_CACHE_DIR, 'results');

/** Hooks for withHooks: the launcher with the global flags, PATH extended with the sbin dirs (iptables). */
export function networkHooks(launcher: string, globals: Parameters<typeof hookGlobalFlags>[0],
  env: Readonly<Record<string, string | undefined>>, containerId: string, pinnedNetns = false): Partial<Record<HookStage, Hook[]>> {
  const vars = Object.entries(env).filter(([k, v]) => v !== undefined && k !== 'PATH').map(([k, v]) => `${k}=${v}`);
  vars.push(`PATH=${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}:/usr/sbin:/sbin`);
  const command = (event: string): string[] => [launcher, ...hookGlobalFlags(globals), 'internal', 'oci-hook', event];
  const guarded = (script: string, name: string, event: string): Hook => ({
    path: '/bin/sh',
    args: ['sh', '-c', script, name, CNI_RESULTS_DIR, cniContainerId(globals.namespace, containerId), ...command(event)],
    env: vars,
  });
  const createRuntime = pinnedNetns ? guarded(CREATE_SCRIPT, 'nerdts-create', 'createRuntime') : { path: launcher, args: command('createRuntime'), env: vars };
  return { createRuntime: [createRuntime], poststop: [guarded(POSTSTOP_SCRIPT, 'nerdts-poststop', 'postStop')] };
}
