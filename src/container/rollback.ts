// Undo steps of a multi-step operation: each step registers how to undo itself once it has
// happened; on failure they run newest first, and one failing undo does not stop the others.

export class Rollback {
  private readonly steps: Array<{ what: string; undo: () => unknown }> = [];

  /** Registers the undo of something that has just been done. */
  add(what: string, undo: () => unknown): void {
    this.steps.push({ what, undo });
  }

  /** Forgets every step (the operation succeeded). */
  commit(): void {
    this.steps.length = 0;
  }

  /** Undoes everything, newest first; returns a line per undo that failed. */
  async run(): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.undo();
      } catch (err) {
        failures.push(`${step.what}: ${(err as Error).message}`);
      }
    }
    return failures;
  }
}
