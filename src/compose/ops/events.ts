// `nerdts compose events [--json] [SERVICE...]`: the project's container events as they happen,
// from containerd's event stream (namespace-filtered), matched to the project through the
// containers' labels. Runs until interrupted (or `signal` aborts).
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { NerdtsError, isNotFound } from '../../errors';
import type { Output } from '../../output';
import { toTimestamp } from '../../containerd/types';
import { LABELS } from '../../container/labels';
import { containerHealth } from '../../container/health/query';
import { dataStorePath } from '../../store/data-store';
import { composeEvent, envelopeAction, eventAttributes, formatEventJson, formatEventText, projectService, renameEvent } from '../runtime/events';
import type { ComposeEvent, EventContainer } from '../runtime/events';
import { pollHealth } from '../runtime/health-events';
import { connect, projectOrName } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface ComposeEventsOptions {
  project: ComposeProjectFlags;
  services: string[];
  json: boolean;
}

/** Container facts by id; a destroyed container is only known from before (the cache). */
class ContainerFacts {
  private readonly known = new Map<string, EventContainer | undefined>();
  constructor(private readonly client: ContainerdClient) {}

  async preload(): Promise<void> {
    for (const c of await this.client.containers.list()) this.known.set(c.id, { image: c.image, labels: c.labels });
  }

  async load(id: string, action: string): Promise<void> {
    if (this.known.get(id) !== undefined || action === 'destroy') return;
    try {
      const c = await this.client.containers.get(id);
      this.known.set(id, { image: c.image, labels: c.labels });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Reads the container again after an update; the name it had before when that changed. */
  async refresh(id: string): Promise<string | undefined> {
    const before = this.known.get(id)?.labels[LABELS.name];
    this.known.delete(id);
    await this.load(id, 'update');
    const after = this.known.get(id)?.labels[LABELS.name];
    return before !== undefined && after !== undefined && before !== after ? before : undefined;
  }

  get(id: string): EventContainer | undefined { return this.known.get(id); }
  entries(): Array<[string, EventContainer]> { return [...this.known].flatMap(([id, c]) => (c ? [[id, c] as [string, EventContainer]] : [])); }
  forget(id: string): void { this.known.delete(id); }
}

/** How often the recorded health is read for health_status events. */
const HEALTH_POLL_MS = 1000;

/** Starts the health_status events of the project's containers (health-events.ts). */
function watchHealth(globals: GlobalOptions, facts: ContainerFacts, name: string, services: readonly string[],
  emit: (e: ComposeEvent) => void, signal: AbortSignal): void {
  const where = { dataStore: dataStorePath(globals), namespace: globals.namespace };
  const read = (): Map<string, string> => new Map(facts.entries().flatMap(([id, c]) => {
    if (projectService(c, name, services) === undefined) return [];
    const status = containerHealth({ id, labels: c.labels }, where)?.Status;
    return status ? [[id, status] as [string, string]] : [];
  }));
  pollHealth(read, (id, status) => {
    const c = facts.get(id);
    if (!c) return;
    emit({ time: toTimestamp(Date.now()), service: projectService(c, name, services)!, id, action: `health_status: ${status}`, attributes: eventAttributes(c, {}) });
  }, HEALTH_POLL_MS, signal);
}

/** Runs `compose events`. */
export async function events(globals: GlobalOptions, o: ComposeEventsOptions, io: Output, signal?: AbortSignal): Promise<void> {
  const { name, project } = projectOrName(o.project, [], io);
  for (const s of o.services) {
    if (project && !project.services[s]) throw new NerdtsError('not-found', `no such service: ${s}`, { exitCode: 1 });
  }
  const client = await connect(globals, io);
  const facts = new ContainerFacts(client);
  const stream = client.events.subscribe([`namespace==${globals.namespace}`], signal ? { signal } : undefined);
  // Asking for the first event opens the stream; the containers already there are read meanwhile.
  const first = stream.next();
  first.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  await facts.preload();
  const print = (e: ComposeEvent): void => io.out(o.json ? formatEventJson(e) : formatEventText(e));
  const stopHealth = new AbortController();
  watchHealth(globals, facts, name, o.services, print, stopHealth.signal);
  try {
    for (let r = await first; !r.done; r = await stream.next()) {
      const action = envelopeAction(r.value);
      if (!action) continue;
      if (action.action === 'update') {
        const oldName = await facts.refresh(action.id);
        const renamed = oldName !== undefined ? renameEvent(r.value, action.id, oldName, name, o.services, (id) => facts.get(id)) : undefined;
        if (renamed) print(renamed);
        continue;
      }
      await facts.load(action.id, action.action);
      const event = composeEvent(r.value, name, o.services, (id) => facts.get(id));
      if (action.action === 'destroy') facts.forget(action.id);
      if (event) print(event);
    }
  } finally {
    stopHealth.abort();
  }
}
