// `ip` commands of one process run through one `ip -force -batch -` child per burst (a compose
// up's namespace adds, a down's deletes): starting a child costs more than the commands
// themselves, well under a millisecond each. Requests that arrive while a batch runs go into the
// next one; each learns only its own lines' failures.
import { ForkServer, toolEnv } from './fork-server';

const TIMEOUT_MS = 15_000;
// Words `ip -batch` takes as they are (it splits lines on blanks and reads quotes).
const PLAIN_WORD = /^[\w.:@/-]+$/;

interface Request {
  lines: string[];
  resolve(): void;
  reject(err: Error): void;
}

/** Runs one batch; resolves with the failures' messages by line number (1-based). */
export type BatchRunner = (lines: readonly string[]) => Promise<Map<number, string>>;

/** `Command failed -:N` after each failed line's message(s) (iproute2's -force output). */
export function batchFailures(stderr: string): Map<number, string> {
  const failures = new Map<number, string>();
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)$/.exec(line.trim());
    if (!m) {
      if (line.trim()) pending.push(line.trim());
      continue;
    }
    const n = Number(m[1]);
    if (!failures.has(n)) failures.set(n, pending.join('; ') || 'command failed');
    pending = [];
  }
  return failures;
}

// Through the fork server (fork-server.ts): this runs on the thread that drives a compose up.
const runIpBatch: BatchRunner = async (lines) => {
  const r = await ForkServer.shared().run({ file: 'ip', args: ['-force', '-batch', '-'], env: toolEnv(), input: `${lines.join('\n')}\n`, timeoutMs: TIMEOUT_MS });
  const failures = batchFailures(r.stderr);
  // Killed, or failed without naming a line: every line shares the blame.
  if (r.signal || (r.code !== 0 && failures.size === 0)) {
    const why = r.signal ? `ip killed by ${r.signal}` : r.stderr.trim() || `ip exited with ${r.code}`;
    lines.forEach((_, i) => failures.set(i + 1, why));
  }
  return failures;
};

/** A queue of `ip` commands run in batches through `run`. */
export class IpBatcher {
  private queue: Request[] = [];
  private running = false;

  constructor(private readonly run: BatchRunner = runIpBatch) {}

  /** Runs the commands (each an `ip` argument list, in order); rejects with the first failure's message. */
  exec(commands: ReadonlyArray<readonly string[]>): Promise<void> {
    const bad = commands.flat().find((w) => !PLAIN_WORD.test(w));
    if (bad !== undefined) return Promise.reject(new Error(`unexpected ip argument ${JSON.stringify(bad)}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ lines: commands.map((c) => c.join(' ')), resolve, reject });
      // Requests of the same moment (a burst of creates) share the first child too.
      if (!this.running) {
        this.running = true;
        setImmediate(() => { void this.drain(); });
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      let failures: Map<number, string>;
      try {
        failures = await this.run(batch.flatMap((r) => r.lines));
      } catch (err) {
        for (const r of batch) r.reject(err as Error);
        continue;
      }
      let first = 1;
      for (const r of batch) {
        const mine = r.lines.map((_, i) => failures.get(first + i)).find((m) => m !== undefined);
        first += r.lines.length;
        if (mine === undefined) r.resolve();
        else r.reject(new Error(mine));
      }
    }
    this.running = false;
  }
}
