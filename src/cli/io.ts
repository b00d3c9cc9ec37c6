// The process's output for commands: synchronous fs.writeSync on fds 1 and 2. Creating
// process.stdout costs ~9 ms and loading node:tty ~3 ms, so both are avoided unless a command
// asks for the terminal width.
import { readlinkSync, writeSync } from 'node:fs';
import type { CommandIO } from './command';
import { ExitStatus } from '../errors';

/** Writes all of `text`, waiting out EAGAIN on non-blocking pipes; a closed reader ends the process like SIGPIPE. */
export function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length > 0) {
    let n: number;
    try {
      n = writeSync(fd, buf);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EAGAIN') { pause(1); continue; }
      if (code === 'EPIPE') throw new ExitStatus(141);
      throw err;
    }
    buf = buf.subarray(n);
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True when fd is a terminal. Linux-only shortcut through /proc, node:tty as the fallback. */
export function isTerminal(fd: number): boolean {
  try {
    return /^\/dev\/(pts\/\d+|tty\w*|console)$/.test(readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    return (require('node:tty') as typeof import('node:tty')).isatty(fd);
  }
}

/** The real process IO; `env` supplies COLUMNS. */
export function processIO(env: Readonly<Record<string, string | undefined>>): CommandIO {
  const cache = new Map<string, boolean | number>();
  const memo = <T extends boolean | number>(key: string, f: () => T): T => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as T;
  };
  return {
    out: (text) => writeAll(1, text),
    err: (text) => writeAll(2, text),
    get isTTY() { return memo('out', () => isTerminal(1)); },
    get stdinIsTTY() { return memo('in', () => isTerminal(0)); },
    get stderrIsTTY() { return memo('err', () => isTerminal(2)); },
    get columns() {
      return memo('cols', () => {
        const fromEnv = Number(env.COLUMNS);
        if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
        return isTerminal(1) ? process.stdout.columns || 80 : 80;
      });
    },
  };
}
