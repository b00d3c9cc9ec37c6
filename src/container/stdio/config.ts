// What run/create record for the logger about a container's stdio (stdio.json).
import type { GlobalOptions } from '../../config';
import { dataStorePath } from '../../store/data-store';
import { containerStateDir } from '../../store/state-dir';
import { hookGlobalFlags } from '../oci-hooks';
import { writeStdioConfig, type StdioConfig } from './paths';

/** The launcher the logger re-enters for --rm (the same one the shim and hooks call). */
export const selfLauncher = (): string => process.env.NERDTS_SELF || process.argv[1] || 'nerdts';

/** Records -i, -t and --rm for the container's logger (and -d for inspect). */
export function recordStdio(globals: GlobalOptions, id: string, o: { interactive?: boolean; tty?: boolean; autoRemove?: boolean; detached?: boolean }): void {
  const stateDir = containerStateDir(dataStorePath(globals), globals.namespace, id);
  writeStdioConfig(stateDir, {
    interactive: Boolean(o.interactive), tty: Boolean(o.tty),
    ...(o.autoRemove && { autoRemove: [selfLauncher(), ...hookGlobalFlags(globals), 'rm', '-f', '-v', id] }),
    ...(o.detached && { detached: true }),
  });
}

/** docker's Config.AttachStdin/out/err, OpenStdin and StdinOnce: create and foreground runs attach, run -d does not. */
export interface AttachFields { AttachStdin: boolean; AttachStdout: boolean; AttachStderr: boolean; OpenStdin: boolean; StdinOnce: boolean }

/** The attach fields for a recorded stdio.json; all false without one (nerdctl's or compose's containers). */
export function attachFields(config: StdioConfig | undefined): AttachFields {
  if (!config) return { AttachStdin: false, AttachStdout: false, AttachStderr: false, OpenStdin: false, StdinOnce: false };
  const attached = !config.detached;
  const i = Boolean(config.interactive);
  return { AttachStdin: i && attached, AttachStdout: attached, AttachStderr: attached, OpenStdin: i, StdinOnce: i && attached };
}
