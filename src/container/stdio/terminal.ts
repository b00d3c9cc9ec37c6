// Our side of `-t`: the local terminal in raw mode (so keys, ctrl-c included, reach the container
// as bytes) and its size kept in step with the container's pty (SIGWINCH -> ResizePty).
import type { ReadStream } from 'node:tty';
import { NerdtsError } from '../../errors';

export interface LocalTerminal {
  /** Restores the terminal mode and stops following resizes. */
  restore(): void;
}

/** Puts stdin in raw mode when it is a terminal; follows our window size with `resize`. */
export function enterRawTerminal(resize: (cols: number, rows: number) => void): LocalTerminal {
  const stdin = process.stdin as ReadStream;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  const out = process.stdout;
  const sendSize = (): void => {
    if (out.isTTY && out.columns && out.rows) resize(out.columns, out.rows);
  };
  sendSize();
  process.on('SIGWINCH', sendSize);
  return {
    restore() {
      process.removeListener('SIGWINCH', sendSize);
      if (raw) stdin.setRawMode(false);
    },
  };
}

/** docker's refusal of -i -t when our stdin is not a terminal (a pipe, /dev/null, a CI job). */
export function requireTerminalInput(o: { interactive: boolean; tty: boolean; detach: boolean }, stdinIsTTY: boolean = process.stdin.isTTY === true): void {
  if (o.interactive && o.tty && !o.detach && !stdinIsTTY) {
    throw new NerdtsError('invalid-argument', 'the input device is not a TTY', { exitCode: 1, hint: 'drop -t, or run it from a terminal' });
  }
}
