// What run/create record for the logger about a container's stdio (stdio.json).
import type { GlobalOptions } from '../../config';
import { dataStorePath } from '../../store/data-store';
import { containerStateDir } from '../../store/state-dir';
import { hookGlobalFlags } from '../oci-hooks';
import { writeStdioConfig } from './paths';

/** The launcher the logger re-enters for --rm (the same one the shim and hooks call). */
export const selfLauncher = (): string => process.env.NERDTS_SELF || process.argv[1] || 'nerdts';

/** Records -i, -t and --rm for the container's logger. */
export function recordStdio(globals: GlobalOptions, id: string, o: { interactive?: boolean; tty?: boolean; autoRemove?: boolean }): void {
  const stateDir = containerStateDir(dataStorePath(globals), globals.namespace, id);
  writeStdioConfig(stateDir, {
    interactive: Boolean(o.interactive), tty: Boolean(o.tty),
    ...(o.autoRemove && { autoRemove: [selfLauncher(), ...hookGlobalFlags(globals), 'rm', '-f', '-v', id] }),
  });
}
