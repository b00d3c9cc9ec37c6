// After a container's exit its logger releases the container's CNI networks (logging/
// network-release.ts) and then ends. Deleting the task before that would make the postStop hook
// start a Node process only to wait for the same teardown, so removal waits for the logger first.
import { waitForLoggerEnd } from '../logging/lock';
import { loggerLockPath } from '../logging/paths';

/** Long enough for a CNI teardown on a busy machine; a stuck logger only delays the removal. */
export const LOGGER_END_WAIT_MS = 3000;

/** Waits (polling every 5 ms) until the container's logger ended, at most `maxMs`. */
export function waitLoggerEnd(dataStore: string, namespace: string, id: string, maxMs: number = LOGGER_END_WAIT_MS): Promise<void> {
  return waitForLoggerEnd(loggerLockPath(dataStore, namespace, id), maxMs, 5);
}
