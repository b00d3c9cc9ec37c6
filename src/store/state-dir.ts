// Per-container directories of the data store: containers/<ns>/<id> (resolv.conf, hostname,
// log-config.json, logs, lifecycle.json) and etchosts/<ns>/<id> (hosts, meta.json), nerdctl's layout.
import { mkdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** containers/<ns>/<id> under the data store. */
export function containerStateDir(dataStore: string, namespace: string, id: string): string {
  return join(dataStore, 'containers', namespace, id);
}

/** etchosts/<ns>/<id> under the data store (the container's /etc/hosts lives there). */
export function etcHostsDir(dataStore: string, namespace: string, id: string): string {
  return join(dataStore, 'etchosts', namespace, id);
}

/** Creates a directory and its missing parents, all 0700 (state may hold secrets: env files, logs). */
export function createPrivateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
}

/** Creates containers/<ns>/<id>; returns its path. */
export function createStateDir(dataStore: string, namespace: string, id: string): string {
  return createPrivateDir(containerStateDir(dataStore, namespace, id));
}

/** Removes a directory tree; a missing one is fine. */
export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** removeDir off the main thread (rm of several containers at once: the unlinks run in parallel). */
export function removeDirAsync(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true });
}
