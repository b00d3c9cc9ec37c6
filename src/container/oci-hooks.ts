// The createRuntime/postStop hooks that re-enter nerdts (`nerdts <globals> internal oci-hook
// <event>`), as nerdctl wires its own (pkg/cmd/container/create.go withNerdctlOCIHook). runc runs
// them with exactly the env given here, so the global options travel as flags.
import type { GlobalOptions } from '../config';
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

/** Hooks for withHooks: the launcher with the global flags, PATH extended with the sbin dirs (iptables). */
export function networkHooks(launcher: string, globals: Parameters<typeof hookGlobalFlags>[0],
  env: Readonly<Record<string, string | undefined>>): Partial<Record<HookStage, Hook[]>> {
  const vars = Object.entries(env).filter(([k, v]) => v !== undefined && k !== 'PATH').map(([k, v]) => `${k}=${v}`);
  vars.push(`PATH=${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}:/usr/sbin:/sbin`);
  const hook = (event: string): Hook => ({
    path: launcher, args: [launcher, ...hookGlobalFlags(globals), 'internal', 'oci-hook', event], env: vars,
  });
  return { createRuntime: [hook('createRuntime')], poststop: [hook('postStop')] };
}
