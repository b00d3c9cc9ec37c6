// `health_status: <status>` events for `compose events`. containerd has no health events (the
// health runner records results in the container's state dir), so the recorded status is read
// again every poll and a change is reported, as docker reports each health transition.

export type HealthReading = ReadonlyMap<string, string>;

/** Containers whose status differs from the last reading (new containers only set their baseline). */
export function healthTransitions(last: Map<string, string>, now: HealthReading): Array<{ id: string; status: string }> {
  const out: Array<{ id: string; status: string }> = [];
  for (const [id, status] of now) {
    const before = last.get(id);
    if (before !== undefined && before !== status) out.push({ id, status });
    last.set(id, status);
  }
  for (const id of [...last.keys()]) if (!now.has(id)) last.delete(id);
  return out;
}

/** Calls `read` every `intervalMs` and `emit` for each transition until the signal aborts. */
export function pollHealth(read: () => HealthReading, emit: (id: string, status: string) => void, intervalMs: number, signal: AbortSignal): void {
  const last = new Map<string, string>();
  healthTransitions(last, read());
  const timer = setInterval(() => {
    for (const t of healthTransitions(last, read())) emit(t.id, t.status);
  }, intervalMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
