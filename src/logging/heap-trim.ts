// A logger lives as long as its container (hours, days). What its polls and writes allocate gets
// promoted, and V8 lets the old generation grow to tens of MB before a full collection, so an idle
// logger's private memory doubled within the hour. A full collection of its small heap costs about
// a millisecond: one shortly after start-up (dropping start-up garbage) and then one per interval
// keep it at its start-up size. bin/nerdts starts the logger with --expose-gc; without it, nothing.
const FIRST_MS = 2_000;
const EVERY_MS = 30_000;

/** Starts the collections; returns the function that stops them. */
export function trimHeapPeriodically(gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
  firstMs = FIRST_MS, everyMs = EVERY_MS): () => void {
  if (!gc) return () => undefined;
  const first = setTimeout(() => gc(), firstMs);
  const every = setInterval(() => gc(), everyMs);
  first.unref();
  every.unref();
  return () => { clearTimeout(first); clearInterval(every); };
}
