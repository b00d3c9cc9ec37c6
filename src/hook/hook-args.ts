// The global flags a container's own postStop hook carries in its spec (oci-hooks.ts writes them
// as `--name=value`), read back so the logger can do the hook's work at the container's exit
// with the same containerd, namespace, data root and CNI directories.
import type { GlobalOptions } from '../config';

export type HookGlobals = Pick<GlobalOptions, 'address' | 'namespace' | 'dataRoot' | 'cniPath' | 'cniNetconfPath'>;

const FLAGS: Record<string, keyof HookGlobals> = {
  '--address': 'address', '--namespace': 'namespace', '--data-root': 'dataRoot',
  '--cni-path': 'cniPath', '--cni-netconfpath': 'cniNetconfPath',
};

interface SpecHook { path?: string; args?: string[] }

/** The globals of nerdts' postStop hook in a bundle spec; undefined when it has none (no CNI networks). */
export function postStopHookGlobals(spec: { hooks?: { poststop?: SpecHook[] } }): HookGlobals | undefined {
  const args = spec.hooks?.poststop?.find((h) => isOwnPostStop(h.args ?? []))?.args;
  return args ? hookGlobalsOf(args) : undefined;
}

/** The five `--name=value` globals in a hook command line; undefined unless all are there. */
export function hookGlobalsOf(args: readonly string[]): HookGlobals | undefined {
  const found: Partial<HookGlobals> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq > 0 ? FLAGS[arg.slice(0, eq)] : undefined;
    if (key) found[key] = arg.slice(eq + 1);
  }
  const { address, namespace, dataRoot, cniPath, cniNetconfPath } = found;
  if (!address || !namespace || !dataRoot || !cniPath || !cniNetconfPath) return undefined;
  return { address, namespace, dataRoot, cniPath, cniNetconfPath };
}

function isOwnPostStop(args: readonly string[]): boolean {
  const at = args.indexOf('oci-hook');
  return at > 0 && args[at - 1] === 'internal' && args[at + 1] === 'postStop';
}
