// Where a container's logging files live, as nerdctl lays them out, so both tools read each other's logs.
import * as path from 'node:path';

/** `<dataStore>/containers/<ns>/<id>`: the per-container state directory. */
export function containerStateDir(dataStore: string, namespace: string, id: string): string {
  return path.join(dataStore, 'containers', namespace, id);
}

/** The log-config.json the logger reads at start. */
export function logConfigPath(dataStore: string, namespace: string, id: string): string {
  return path.join(containerStateDir(dataStore, namespace, id), 'log-config.json');
}

/** The json-file log: `--log-opt log-path` when given, else `<state-dir>/<id>-json.log` (docker's name). */
export function jsonLogPath(dataStore: string, namespace: string, id: string, logPath?: string): string {
  return logPath || path.join(containerStateDir(dataStore, namespace, id), `${id}-json.log`);
}

/** The file a running logger holds (see lock.ts for how liveness is read from it). */
export function loggerLockPath(dataStore: string, namespace: string, id: string): string {
  return path.join(containerStateDir(dataStore, namespace, id), 'logger-lock');
}
