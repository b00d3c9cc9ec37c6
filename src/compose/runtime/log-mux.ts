// Several containers' logs on one stream, as docker compose prints them: `web-1  | line`, the
// names padded to one width and each in its own color (unless --no-color), whole lines only.

// docker compose's rotation (pkg/compose/colors.go): cyan, yellow, green, magenta, blue, red, bright variants after.
const COLORS = [36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91];

export interface LogMuxOptions {
  /** false: --no-log-prefix. */
  prefix: boolean;
  /** false: --no-color (or not a terminal). */
  color: boolean;
}

/** Prefixes lines with their source's name; partial lines wait for their newline. */
export class LogMux {
  private width = 0;
  private next = 0;
  private readonly colors = new Map<string, number>();

  constructor(private readonly write: (text: string) => void, private readonly options: LogMuxOptions) {}

  /** Registers a source name (so the padding is known before the first line). */
  add(name: string): void {
    this.width = Math.max(this.width, name.length);
    if (!this.colors.has(name)) this.colors.set(name, COLORS[this.next++ % COLORS.length]!);
  }

  /** The prefix of `name`'s lines. */
  prefixOf(name: string): string {
    if (!this.options.prefix) return '';
    const text = `${name.padEnd(this.width)}  | `;
    return this.options.color ? `\x1b[${this.colors.get(name) ?? 0}m${text}\x1b[0m` : text;
  }

  /** A writer for one source and stream; `flush` prints a trailing partial line. */
  writer(name: string): { write: (text: string) => void; flush: () => void } {
    this.add(name);
    let pending = '';
    return {
      write: (text) => {
        pending += text;
        const end = pending.lastIndexOf('\n');
        if (end === -1) return;
        const lines = pending.slice(0, end).split('\n');
        pending = pending.slice(end + 1);
        this.write(lines.map((l) => `${this.prefixOf(name)}${l}\n`).join(''));
      },
      flush: () => {
        if (pending) this.write(`${this.prefixOf(name)}${pending}\n`);
        pending = '';
      },
    };
  }

  /** A line about a source (`web-1 exited with code 0`), colored like its logs. */
  notice(name: string, text: string): void {
    this.add(name);
    const line = this.options.color ? `\x1b[${this.colors.get(name)}m${text}\x1b[0m` : text;
    this.write(`${line}\n`);
  }
}
