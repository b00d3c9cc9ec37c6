// nerdctl's "data store": <dataRoot>/<first 8 hex of sha256(socket path)>, so each containerd
// instance gets its own state and nerdctl and nerdts find each other's (nerdctl docs/dir.md).
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';

/** The 8-hex hash of the symlink-resolved socket path (unix:// stripped); "1935db59" for the default. */
export function addressHash(address: string, realpath: (p: string) => string = realpathSync): string {
  const path = address.startsWith('unix://') ? address.slice('unix://'.length) : address;
  let resolved = path;
  try {
    resolved = realpath(path);
  } catch {
    // nerdctl fails here; keeping the path as given lets offline commands work and gives the
    // same hash whenever the socket is not a symlink.
  }
  return createHash('sha256').update(resolved).digest('hex').slice(0, 8);
}

/** The data store directory for the global options (not created). */
export function dataStorePath(globals: Pick<GlobalOptions, 'dataRoot' | 'address'>,
  realpath?: (p: string) => string): string {
  return join(globals.dataRoot, addressHash(globals.address, realpath));
}

/** The data store directory, created (0700, like nerdctl) when missing. */
export function ensureDataStore(globals: Pick<GlobalOptions, 'dataRoot' | 'address'>): string {
  const dir = dataStorePath(globals);
  mkdirSync(globals.dataRoot, { recursive: true, mode: 0o700 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
