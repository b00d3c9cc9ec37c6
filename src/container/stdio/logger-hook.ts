// What the logger adds for stdio: the attach socket while the container runs and, for --rm, the
// removal once it has exited. The logger is the one process that lives exactly as long as the
// container, so `run -d --rm` needs no waiting nerdts; a foreground `run --rm` client claims the
// removal itself (and if it dies first, the claim goes with its connection).
import { spawn } from 'node:child_process';
import { startAttachServer } from './attach-server';
import { readStdioConfig } from './paths';

export interface LoggerStdio {
  tap(stream: number, buf: Buffer, n: number): void;
  /** Call once the pump ended; `exited` means the container's init has exited. */
  finish(reason: string): void;
}

/** Starts the attach socket for the container of `stateDir`. */
export function startLoggerStdio(stateDir: string, onExitHint?: () => void): LoggerStdio {
  const config = readStdioConfig(stateDir);
  const server = startAttachServer(stateDir, config, undefined, onExitHint);
  return {
    tap: (stream, buf, n) => server?.tap(stream, buf, n),
    finish(reason) {
      const clientRemoves = server?.clientRemoves() ?? false;
      server?.close();
      const argv = config?.autoRemove;
      if (reason !== 'exited' || clientRemoves || !argv?.length) return;
      try {
        // The shim gives the logger no PATH; removal may run CNI plugins and iptables.
        const env = { ...process.env, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
        spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore', env }).unref();
      } catch { /* nothing to report to: the container stays, as after a failed docker --rm */ }
    },
  };
}
