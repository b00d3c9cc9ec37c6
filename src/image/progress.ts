// Transfer progress for pull and push: nerdctl-style bars redrawn in place on a terminal, one plain
// line per finished item otherwise, nothing with -q.
import { binarySize } from '../units';

export type TransferStatus =
  | 'resolving' | 'resolved' | 'waiting' | 'downloading' | 'uploading' | 'committing'
  | 'unpacking' | 'done' | 'exists' | 'failed';

interface Item { name: string; status: TransferStatus; offset: number; total: number }

/** What pull and push report to; the CLI decides how it is shown. */
export interface ProgressSink {
  update(name: string, status: TransferStatus, offset?: number, total?: number): void;
  /** Stops redrawing and prints the final state. */
  finish(ok: boolean): void;
}

export const silentProgress: ProgressSink = { update() {}, finish() {} };

const BAR = 40;
const FINAL: ReadonlySet<TransferStatus> = new Set(['done', 'exists', 'resolved', 'failed']);

function bar(item: Item): string {
  const frac = FINAL.has(item.status) && item.status !== 'failed' ? 1 : item.total > 0 ? item.offset / item.total : 0;
  const filled = Math.max(0, Math.min(BAR, Math.round(frac * BAR)));
  return `|${'+'.repeat(filled)}${'-'.repeat(BAR - filled)}|`;
}

function sizes(item: Item): string {
  if (item.status === 'downloading' || item.status === 'uploading') {
    return ` ${binarySize(item.offset)}/${binarySize(item.total)}`;
  }
  return '';
}

/** Renders the whole table once (pure, for tests and the TTY redraw). */
export function renderTable(items: readonly Item[], elapsedMs: number, width: number): string[] {
  // room for " status(12) |bar(40)| 123.4MiB/123.4MiB" after the name
  const nameWidth = Math.min(Math.max(...items.map((i) => i.name.length + 1), 8), Math.max(20, width - 80));
  const lines = items.map((i) => {
    const name = (i.name.length + 1 > nameWidth ? `${i.name.slice(0, nameWidth - 2)}…` : i.name) + ':';
    return `${name.padEnd(nameWidth + 1)} ${i.status.padEnd(12)} ${bar(i)}${sizes(i)}`;
  });
  const total = items.reduce((s, i) => s + (i.name.startsWith('layer-') || i.name.startsWith('config-') ? i.total : 0), 0);
  const done = items.reduce((s, i) => s + (FINAL.has(i.status) ? i.total : i.offset), 0);
  const secs = elapsedMs / 1000;
  const rate = secs > 0 ? `${binarySize(done / secs)}/s` : '';
  lines.push(`elapsed: ${secs.toFixed(1)} s`.padEnd(nameWidth + 2) + ` total: ${binarySize(Math.min(done, total || done))} (${rate})`);
  return lines;
}

/** A terminal display: redraws the table in place every 100 ms. */
export function ttyProgress(write: (text: string) => void, columns: number, now: () => number = Date.now): ProgressSink {
  const items = new Map<string, Item>();
  const start = now();
  let drawn = 0;
  const draw = (): void => {
    const lines = renderTable([...items.values()], now() - start, columns);
    const up = drawn > 0 ? `\x1b[${drawn}A` : '';
    write(up + lines.map((l) => `\x1b[2K${l.slice(0, columns - 1)}\n`).join(''));
    drawn = lines.length;
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    update(name, status, offset, total) {
      const item = items.get(name) ?? { name, status, offset: 0, total: 0 };
      item.status = status;
      if (offset !== undefined) item.offset = offset;
      if (total !== undefined) item.total = total;
      items.set(name, item);
    },
    finish() { clearInterval(timer); if (items.size) draw(); },
  };
}

/** A pipe or file: one line when an item reaches a final state. */
export function plainProgress(write: (text: string) => void, now: () => number = Date.now): ProgressSink {
  const seen = new Map<string, TransferStatus>();
  const sizesOf = new Map<string, number>();
  const start = now();
  return {
    update(name, status, _offset, total) {
      if (total !== undefined) sizesOf.set(name, total);
      const before = seen.get(name);
      if (before === status || (before !== undefined && FINAL.has(before))) return;
      seen.set(name, status);
      if (!FINAL.has(status)) return;
      const size = sizesOf.get(name);
      write(`${name}: ${status}${size ? ` (${binarySize(size)})` : ''}\n`);
    },
    finish(ok) {
      const total = [...sizesOf.values()].reduce((a, b) => a + b, 0);
      if (ok && seen.size) write(`elapsed: ${((now() - start) / 1000).toFixed(1)} s total: ${binarySize(total)}\n`);
    },
  };
}
