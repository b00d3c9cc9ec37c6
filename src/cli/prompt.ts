// docker's "Are you sure you want to continue? [y/N]" for destructive commands without --force.
import { readSync } from 'node:fs';
import type { CommandIO } from './command';

function readLine(): string {
  const buf = Buffer.alloc(1);
  let line = '';
  for (;;) {
    let n = 0;
    try { n = readSync(0, buf, 0, 1, null); } catch (err) {
      if ((err as { code?: string }).code === 'EAGAIN') continue;
      return line;
    }
    if (n === 0 || buf[0] === 0x0a) return line;
    line += String.fromCharCode(buf[0]!);
  }
}

/** Prints the warning and reads y/yes from stdin; anything else (or EOF) is no. */
export function confirmer(io: CommandIO): (warning: string) => Promise<boolean> {
  return async (warning) => {
    io.out(`${warning}\nAre you sure you want to continue? [y/N] `);
    const answer = readLine().trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  };
}
