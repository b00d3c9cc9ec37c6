// Build progress in buildkit's plain style: each step a numbered vertex (`#3 [2/5] RUN ...`),
// its output lines prefixed with the vertex number and seconds since it started, then
// `#3 CACHED` or `#3 DONE 0.4s` (or `#3 ERROR: ...`).

/** One step as the user sees it. */
export interface BuildVertex {
  log(text: string): void;
  cached(): void;
  done(): void;
  error(message: string): void;
  /** Everything the step printed (kept for error messages). */
  output(): string;
}

/** Where the engine reports; the CLI picks plain, quiet or a test recorder. */
export interface BuildProgress {
  vertex(name: string): BuildVertex;
  warn(text: string): void;
}

const MAX_KEPT = 64 * 1024;

/** buildkit's plain renderer writing whole lines to `write`. */
export function plainBuildProgress(write: (text: string) => void, now: () => number = Date.now): BuildProgress {
  let next = 1;
  return {
    warn: (text) => write(`WARNING: ${text}\n`),
    vertex(name) {
      const n = next++;
      const start = now();
      let kept = '';
      let partial = '';
      write(`#${n} ${name}\n`);
      const secs = (): string => ((now() - start) / 1000).toFixed(3);
      const flush = (): void => { if (partial) { write(`#${n} ${secs()} ${partial}\n`); partial = ''; } };
      return {
        log(text) {
          kept = (kept + text).slice(-MAX_KEPT);
          const lines = (partial + text).split('\n');
          partial = lines.pop()!;
          for (const l of lines) write(`#${n} ${secs()} ${l}\n`);
        },
        cached: () => write(`#${n} CACHED\n\n`),
        done: () => { flush(); write(`#${n} DONE ${((now() - start) / 1000).toFixed(1)}s\n\n`); },
        error: (message) => { flush(); write(`#${n} ERROR: ${message}\n\n`); },
        output: () => kept,
      };
    },
  };
}

/** Prints nothing (-q) but keeps step output for error messages. */
export function quietBuildProgress(): BuildProgress {
  return {
    warn: () => {},
    vertex() {
      let kept = '';
      return { log: (t) => { kept = (kept + t).slice(-MAX_KEPT); }, cached() {}, done() {}, error() {}, output: () => kept };
    },
  };
}
