// What the logger adds for stdio: the attach socket while the container runs and, for --rm, the
// removal once it has exited. The logger is the one process that lives exactly as long as the
// container, so `run -d --rm` needs no waiting nerdts; a foreground `run --rm` client claims the
// removal itself (and if it dies first, the claim goes with its connection).
import { createRequire } from 'node:module';
import type { AttachPokes } from './attach-poke';
import { startAttachServer } from './attach-server';
import { readStdioConfig } from './paths';

export interface LoggerStdio {
  tap(stream: number, buf: Buffer, n: number): void;
  /** Call once the pump ended; `exited` means the container's init has exited. */
  finish(reason: string): void;
  /** Whether an attached `run --rm` client removes the container (and so releases its networks) itself. */
  removalClaimed(): boolean;
}

/**
 * Starts the attach socket for the container of `stateDir`: at once when a foreground client
 * (run, create then start -a) is about to connect, else at the first client's poke.
 */
export function startLoggerStdio(stateDir: string, pokes: AttachPokes, onExitHint?: () => void): LoggerStdio {
  const config = readStdioConfig(stateDir);
  const foreground = config !== undefined && !config.detached;
  const server = startAttachServer(stateDir, config, undefined, onExitHint, foreground ? undefined : pokes);
  return {
    tap: (stream, buf, n) => server?.tap(stream, buf, n),
    removalClaimed: () => server?.clientRemoves() ?? false,
    finish(reason) {
      const clientRemoves = server?.clientRemoves() ?? false;
      server?.close();
      const argv = config?.autoRemove;
      if (reason !== 'exited' || clientRemoves || !argv?.length) return;
      try {
        // The shim gives the logger no PATH; removal may run CNI plugins and iptables.
        const env = { ...process.env, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
        childProcess().spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore', env }).unref();
      } catch { /* nothing to report to: the container stays, as after a failed docker --rm */ }
    },
  };
}

// Loaded only for a --rm container's exit: every logger would otherwise pay for child_process at start.
function childProcess(): typeof import('node:child_process') {
  return createRequire(__filename)('node:child_process') as typeof import('node:child_process');
}
