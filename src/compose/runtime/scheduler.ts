// Runs tasks over a dependency graph: each task starts as soon as everything it needs has finished
// and its gate (a depends_on condition) has passed, with at most `limit` tasks running at once.
// A failed required prerequisite fails its dependents; an optional one is only a warning.

/** One prerequisite of a task. */
export interface Need {
  name: string;
  /** false: a failure here is a warning, the task still runs (depends_on `required: false`). */
  required: boolean;
  /** Waited for after the prerequisite's own task succeeded (service_healthy, ...). */
  gate?: () => Promise<void>;
}

export interface GraphTask {
  name: string;
  needs: readonly Need[];
  run: () => Promise<void>;
}

export interface GraphResult {
  /** Tasks that failed, with the error (their own or a dependency's). */
  failed: Map<string, Error>;
  /** Optional prerequisites that failed. */
  warnings: string[];
}

/** A task that did not run because a prerequisite failed. */
export class DependencyError extends Error {
  constructor(readonly dependency: string, readonly reason: Error) {
    super(`dependency failed to start: ${reason.message}`);
  }
}

/** A counting semaphore. */
class Slots {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) { this.free--; return; }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next(); else this.free++;
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Runs every task once its needs are met; never rejects. Needs on names outside `tasks` are ignored. */
export async function runGraph(tasks: readonly GraphTask[], limit = Number.POSITIVE_INFINITY): Promise<GraphResult> {
  const slots = new Slots(Math.max(1, limit));
  const result: GraphResult = { failed: new Map(), warnings: [] };
  const done = new Map<string, Promise<void>>();
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const settle = (t: GraphTask): Promise<void> => {
    let p = done.get(t.name);
    if (!p) {
      p = execute(t);
      done.set(t.name, p);
      p.catch((err: unknown) => { result.failed.set(t.name, asError(err)); });
    }
    return p;
  };
  const execute = async (t: GraphTask): Promise<void> => {
    await Promise.resolve(); // every promise is registered before any task body runs
    await Promise.all(t.needs.filter((n) => byName.has(n.name)).map(async (n) => {
      try {
        await settle(byName.get(n.name)!);
        await n.gate?.();
      } catch (err) {
        const reason = err instanceof DependencyError ? err.reason : asError(err);
        if (n.required) throw new DependencyError(n.name, reason);
        result.warnings.push(`optional dependency "${n.name}" of "${t.name}" failed: ${reason.message}`);
      }
    }));
    await slots.take();
    try {
      await t.run();
    } finally {
      slots.give();
    }
  };
  await Promise.allSettled(tasks.map(settle));
  return result;
}
