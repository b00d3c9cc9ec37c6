// The attach socket is opened on demand: net.Server.listen loads node's cluster and child_process
// modules (~15 ms of CPU), which every logger would pay at start though few containers are ever
// attached. A client that finds no socket sends the logger SIGUSR2 (its pid is in the logger
// lock) and retries; the logger catches the signal from before it writes that lock, so the
// signal's default action (exit) can never end a logger.
import { join } from 'node:path';
import { recordedPid } from '../../logging/lock';

export const ATTACH_SIGNAL = 'SIGUSR2';

/** Requests for the attach socket, caught from the logger's start on. */
export interface AttachPokes {
  /** Runs `listen` now if a request came already, else at the first one. */
  onRequest(listen: () => void): void;
}

/** Catches ATTACH_SIGNAL for the rest of the process's life. */
export function catchAttachPokes(): AttachPokes {
  let requested = false;
  let handler: (() => void) | undefined;
  process.on(ATTACH_SIGNAL, () => {
    requested = true;
    handler?.();
  });
  return {
    onRequest(listen) {
      handler = listen;
      if (requested) listen();
    },
  };
}

/**
 * Asks the running logger of the container whose state directory is `stateDir` to open its
 * attach socket; false when no nerdts logger runs for it (yet).
 */
export function pokeLogger(stateDir: string): boolean {
  const pid = recordedPid(join(stateDir, 'logger-lock'));
  if (pid === undefined) return false;
  try {
    process.kill(pid, ATTACH_SIGNAL);
    return true;
  } catch {
    return false;
  }
}
