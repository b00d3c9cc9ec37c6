// After a container's exit its logger releases the container's CNI networks (logging/
// network-release.ts) and then ends. Deleting the task before that would make the postStop hook
// start a Node process only to wait for the same teardown, so removal waits for the logger first.
import { isLoggerAlive } from '../logging/lock';
import { loggerLockPath } from '../logging/paths';

const POLL_MS = 5;
/** Long enough for a CNI teardown on a busy machine; a stuck logger only delays the removal. */
export const LOGGER_END_WAIT_MS = 3000;

/** Waits (polling) until the container's logger ended, at most `maxMs`. */
export async function waitLoggerEnd(dataStore: string, namespace: string, id: string, maxMs: number = LOGGER_END_WAIT_MS,
  alive: (lockPath: string) => boolean = isLoggerAlive): Promise<void> {
  const lock = loggerLockPath(dataStore, namespace, id);
  const deadline = Date.now() + maxMs;
  while (alive(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
}
