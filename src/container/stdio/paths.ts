// Where a container's stdio plumbing lives. The attach socket cannot sit in the state directory:
// that path is longer than a unix socket address allows (108 bytes), so it goes under /run/nerdts
// named by a hash of the state directory (0700 directory: attaching gives a root shell's stdin).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directory of every attach socket. */
export const ATTACH_SOCKET_DIR = '/run/nerdts/attach';

/** The logger's attach socket for the container whose state directory is `stateDir`. */
export function attachSocketPath(stateDir: string, dir: string = ATTACH_SOCKET_DIR): string {
  return join(dir, `${fnv1a(stateDir, 0x811c9dc5)}${fnv1a(stateDir, 0x01000193)}.sock`);
}

// FNV-1a (32 bits, two seeds): node:crypto would cost the per-container logger memory and start-up time.
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The container's stdin FIFO (its writer is the logger, which relays attached clients' input). */
export const stdinFifoPath = (stateDir: string): string => join(stateDir, 'stdin.fifo');
/** stdout/stderr FIFOs, used only for a non-terminal -i task (the shim has no stdin with binary://). */
export const outputFifoPath = (stateDir: string, stream: 'stdout' | 'stderr'): string => join(stateDir, `${stream}.fifo`);

/** What the logger must know beyond log-config.json: written at create, read at each logger start. */
export interface StdioConfig {
  interactive: boolean;
  tty: boolean;
  /** --rm: argv that removes the container (launcher, global flags, rm -f -v id). */
  autoRemove?: string[];
  /** run -d (absent for create and foreground runs): docker's Config.Attach* and StdinOnce are false. */
  detached?: boolean;
}

export const stdioConfigPath = (stateDir: string): string => join(stateDir, 'stdio.json');

/** The container's stdio.json; undefined when absent (created by nerdctl or an older nerdts). */
export function readStdioConfig(stateDir: string): StdioConfig | undefined {
  try {
    return JSON.parse(readFileSync(stdioConfigPath(stateDir), 'utf8')) as StdioConfig;
  } catch {
    return undefined;
  }
}

/** Writes stdio.json (0600) into the container's state directory. */
export function writeStdioConfig(stateDir: string, config: StdioConfig): void {
  writeFileSync(stdioConfigPath(stateDir), JSON.stringify(config), { mode: 0o600 });
}
