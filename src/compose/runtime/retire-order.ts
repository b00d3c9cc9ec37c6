// `compose down`'s order: a container is stopped once the containers of every service that
// depends on its service have stopped (dependents first, as docker compose does), and removed as
// soon as it has stopped. Removal gates nothing, so it overlaps with the stops still waiting on
// their dependents instead of following them as one more wave.
import { COMPOSE_LABELS } from './labels';

/** What ordering needs of a container: its service and its depends_on label. */
export interface RetireEntry {
  service: string;
  labels: Readonly<Record<string, string>>;
}

/** Stops and removes every container in that order; all are tried, the first failure is thrown at the end. */
export async function retireInOrder<T extends RetireEntry>(containers: readonly T[], stop: (c: T) => Promise<void>, remove: (c: T) => Promise<void>): Promise<void> {
  const dependents = dependentsOf(containers);
  const stopped = new Map<string, Promise<void>>();
  const removals: Promise<void>[] = [];
  const stopService = (service: string, seen: ReadonlySet<string>): Promise<void> => {
    const known = stopped.get(service);
    if (known) return known;
    const path = new Set([...seen, service]);
    // A cycle (refused by the loader, possible in hand-made labels) waits for nothing.
    const waits = [...dependents.get(service) ?? []].filter((d) => !path.has(d)).map((d) => stopService(d, path).catch(() => undefined));
    const done = Promise.all(waits).then(async () => {
      const mine = containers.filter((c) => c.service === service);
      const results = await Promise.allSettled(mine.map(async (c) => {
        try {
          await stop(c);
        } finally {
          removals.push(remove(c)); // a forced removal kills what did not stop
        }
      }));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
    stopped.set(service, done);
    return done;
  };
  const stops = await Promise.allSettled([...new Set(containers.map((c) => c.service))].map((s) => stopService(s, new Set())));
  const removed = await Promise.allSettled(removals);
  const failed = [...stops, ...removed].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** service -> the services whose containers declare a dependency on it. */
function dependentsOf(containers: readonly RetireEntry[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of containers) {
    const label = c.labels[COMPOSE_LABELS.dependsOn] ?? '';
    for (const dep of label ? label.split(',').map((d) => d.split(':')[0]!) : []) {
      if (dep === c.service) continue;
      let set = out.get(dep);
      if (!set) out.set(dep, set = new Set());
      set.add(c.service);
    }
  }
  return out;
}
