// Turns json-file lines into `logs` output: decode, filter by --since/--until, prefix with -t, and
// route to stdout or stderr. Output is batched per read block (consecutive text of one stream is
// joined) and written in order, so a large log costs one write per block, not one per line.
import { parseEntryTime, timestampPrefix, type UnixNanos } from './time';

/** Receives output text; may return a promise to apply backpressure. */
export type LogWrite = (text: string) => void | Promise<void>;

export interface PrintOptions {
  timestamps: boolean;
  since?: UnixNanos;
  until?: UnixNanos;
  stdout: LogWrite;
  stderr: LogWrite;
}

interface Entry {
  log?: unknown;
  stream?: unknown;
  time?: unknown;
}

const BATCH_CHARS = 64 * 1024;

/** Decodes and filters entries; `line()` queues output, `flush()` writes it. */
export class EntryPrinter {
  /** Set once an entry after --until was seen: the reader stops there, as docker does. */
  pastUntil = false;
  private readonly queue: Array<[LogWrite, string]> = [];
  private queuedChars = 0;

  constructor(private readonly opts: PrintOptions) {}

  /** Handles one line of the file (without its "\n"); malformed lines are skipped. */
  line(text: string): void {
    if (this.pastUntil || text.length === 0) return;
    let entry: Entry;
    try {
      entry = JSON.parse(text) as Entry;
    } catch {
      return;
    }
    if (typeof entry.log !== 'string' || typeof entry.time !== 'string') return;
    const { since, until } = this.opts;
    if (since !== undefined || until !== undefined) {
      const t = parseEntryTime(entry.time);
      if (t === undefined) return;
      if (since !== undefined && t < since) return;
      if (until !== undefined && t > until) {
        this.pastUntil = true;
        return;
      }
    }
    const write = entry.stream === 'stderr' ? this.opts.stderr : entry.stream === 'stdout' ? this.opts.stdout : undefined;
    if (!write) return;
    this.enqueue(write, this.opts.timestamps ? `${timestampPrefix(entry.time)} ${entry.log}` : entry.log);
  }

  private enqueue(write: LogWrite, text: string): void {
    const last = this.queue[this.queue.length - 1];
    if (last && last[0] === write && last[1].length < BATCH_CHARS) last[1] += text;
    else this.queue.push([write, text]);
    this.queuedChars += text.length;
  }

  /** True when enough output is queued that it should be written before reading on. */
  get full(): boolean {
    return this.queuedChars >= BATCH_CHARS * 4;
  }

  /** Writes the queued output in order. */
  async flush(): Promise<void> {
    const items = this.queue.splice(0);
    this.queuedChars = 0;
    for (const [write, text] of items) await write(text);
  }
}
