// Finding compose files when none is given: compose.yaml, compose.yml, docker-compose.yml,
// docker-compose.yaml in the directory or its parents, plus an override file next to it.
import { posix } from 'node:path';
import type { ComposeHost } from '../host';

/** Main compose file names, in order of preference. */
export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Override file names looked for next to the main file, in order of preference. */
export const OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

function present(dir: string, names: readonly string[], host: ComposeHost): string[] {
  return names.map((n) => posix.join(dir, n)).filter((p) => host.exists(p) === 'file');
}

/** The main file (and override, if any) found from `dir` upwards; empty when there is none. */
export function findDefaultFiles(dir: string, host: ComposeHost, warn: (m: string) => void): string[] {
  for (let d = dir; ; d = posix.dirname(d)) {
    const mains = present(d, DEFAULT_FILE_NAMES, host);
    if (mains.length > 0) {
      if (mains.length > 1) warn(`Found multiple config files with supported names: ${mains.join(', ')}\nUsing ${mains[0]}`);
      const overrides = present(d, OVERRIDE_FILE_NAMES, host);
      if (overrides.length > 1) warn(`Found multiple override files with supported names: ${overrides.join(', ')}\nUsing ${overrides[0]}`);
      return overrides.length > 0 ? [mains[0]!, overrides[0]!] : [mains[0]!];
    }
    if (posix.dirname(d) === d) return [];
  }
}
