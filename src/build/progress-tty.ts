// Build progress for a terminal, after buildkit's tty mode: a `[+] Building 1.2s (3/6)` header and
// one line per step, redrawn in place (ANSI cursor up + erase); a running step shows its last few
// output lines, a finished build only the step lines, a failed step its output after the frame.
import type { BuildProgress, BuildVertex } from './progress';

/** A step as the tty view tracks it. */
export interface TtyStep {
  name: string;
  start: number;
  end?: number;
  cached: boolean;
  error?: string;
  /** complete output lines (the last few kept) and the unfinished one */
  lines: string[];
  partial: string;
}

/** Where and how big the view is, and the clock and timer it runs on. */
export interface TtyTerminal {
  write(text: string): void;
  now(): number;
  columns: number;
  rows: number;
  /** calls `tick` every `ms` until the returned function is called */
  every(ms: number, tick: () => void): () => void;
}

const LOG_LINES = 6;
const MAX_KEPT = 64 * 1024;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
const printable = (line: string): string => (line.split('\r').pop() ?? '').replace(/[\x00-\x1f\x7f]/g, '');

/** One step's line: ` => [CACHED|ERROR ]NAME ... 1.2s`, the time flush right within `width`. */
function stepLine(st: TtyStep, now: number, width: number): string {
  const left = ` => ${st.cached ? 'CACHED ' : st.error !== undefined ? 'ERROR ' : ''}${st.name}`;
  const time = secs((st.end ?? now) - st.start);
  const room = Math.max(width - time.length - 1, 10);
  const shown = left.length > room ? left.slice(0, room) : left.padEnd(room);
  return `${shown} ${time}`;
}

/** The frame for `steps` at `now`: header, step lines, running steps' recent output (pure). */
export function renderTty(steps: readonly TtyStep[], started: number, now: number, width: number, height: number, final: boolean): string[] {
  const done = steps.filter((s) => s.end !== undefined).length;
  const header = `[+] Building ${secs(now - started)} (${done}/${steps.length})${final ? ' FINISHED' : ''}`;
  const body: string[] = [];
  for (const st of steps) {
    body.push(stepLine(st, now, width));
    if (st.end !== undefined) continue;
    const recent = [...st.lines, ...(st.partial ? [st.partial] : [])].slice(-LOG_LINES);
    for (const l of recent) body.push(` => => # ${printable(l)}`.slice(0, width));
  }
  return [header.slice(0, width), ...body.slice(-Math.max(height - 2, 1))];
}

/** The text that replaces a frame of `previous` lines with `lines` (cursor left below it). */
export function redraw(previous: number, lines: readonly string[]): string {
  const up = previous > 0 ? `\x1b[${previous}A\r` : '';
  return `${up}${lines.map((l) => `${l}\x1b[K\n`).join('')}\x1b[J`;
}

/** A failed step's output after the final frame, as buildkit prints it. */
export function failureReport(st: TtyStep): string {
  const out = [...st.lines, ...(st.partial ? [st.partial] : [])].slice(-20).map(printable);
  return `------\n > ${st.name}:\n${out.map((l) => `${l}\n`).join('')}------\n`;
}

/** The tty renderer; close() stops the timer and draws the final frame (and any failed step's output). */
export function ttyBuildProgress(term: TtyTerminal): BuildProgress & { close(): void } {
  const steps: TtyStep[] = [];
  const started = term.now();
  let drawn = 0;
  let closed = false;
  const draw = (final: boolean): void => {
    const lines = renderTty(steps, started, term.now(), Math.max(term.columns, 20), Math.max(term.rows, 4), final);
    term.write(redraw(drawn, lines));
    drawn = lines.length;
  };
  const stop = term.every(100, () => draw(false));
  const warnings: string[] = [];
  return {
    warn: (text) => { warnings.push(`WARNING: ${text}\n`); },
    vertex(name) { return ttyVertex(steps, name, term.now); },
    close() {
      if (closed) return;
      closed = true;
      stop();
      draw(true);
      for (const st of steps) if (st.error !== undefined && (st.lines.length || st.partial)) term.write(failureReport(st));
      for (const w of warnings) term.write(w);
    },
  };
}

function ttyVertex(steps: TtyStep[], name: string, now: () => number): BuildVertex {
  const st: TtyStep = { name, start: now(), cached: false, lines: [], partial: '' };
  steps.push(st);
  let kept = '';
  return {
    log(text) {
      kept = (kept + text).slice(-MAX_KEPT);
      const parts = (st.partial + text).split('\n');
      st.partial = parts.pop()!;
      st.lines.push(...parts);
      if (st.lines.length > 20) st.lines.splice(0, st.lines.length - 20);
    },
    cached: () => { st.cached = true; st.end = st.start; },
    done: () => { st.end = now(); },
    error: (message) => { st.error = message; st.end = now(); },
    output: () => kept,
  };
}
