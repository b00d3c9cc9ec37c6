// `compose events`: containerd's envelopes as docker's container actions (create, start, die,
// pause, unpause, oom, destroy, and the kill and stop nerdts publishes), and the two ways docker
// compose prints them (pkg/api Event.String and the --json object). Pure: container facts come
// through a lookup.
import type { Envelope } from '../../containerd/services/events';
import type { Timestamp } from '../../containerd/types';
import { timestampToIso } from '../../containerd/types';
import { ContainerCreate, ContainerDelete, ContainerUpdate } from '../../containerd/generated/api/events/container';
import { TaskExit, TaskOOM, TaskPaused, TaskResumed, TaskStart } from '../../containerd/generated/api/events/task';
import type { MessageType } from '../../containerd/rpc';
import { eventTypeUrl, unpackMessage } from '../../containerd/typeurl';
import { readAction } from '../../container/action-events';
import { INTERNAL_PREFIX, LABELS } from '../../container/labels';
import { displayImage } from '../../container/list';
import { goJson } from '../../format/json';
import { COMPOSE_LABELS } from './labels';

/** What an event needs to know about its container. */
export interface EventContainer {
  image: string;
  labels: Readonly<Record<string, string>>;
}

/** One compose event (docker compose's api.Event). */
export interface ComposeEvent {
  time: Timestamp;
  service: string;
  /** The full container id. */
  id: string;
  action: string;
  attributes: Record<string, string>;
}

/** The containerd topic, its payload type and docker's action. */
const TOPICS: Record<string, { name: string; type: MessageType<{ containerId?: string; id?: string }>; action: string }> = {
  '/containers/create': { name: 'ContainerCreate', type: ContainerCreate, action: 'create' },
  '/tasks/start': { name: 'TaskStart', type: TaskStart, action: 'start' },
  '/tasks/exit': { name: 'TaskExit', type: TaskExit, action: 'die' },
  '/tasks/paused': { name: 'TaskPaused', type: TaskPaused, action: 'pause' },
  '/tasks/resumed': { name: 'TaskResumed', type: TaskResumed, action: 'unpause' },
  '/tasks/oom': { name: 'TaskOOM', type: TaskOOM, action: 'oom' },
  '/containers/delete': { name: 'ContainerDelete', type: ContainerDelete, action: 'destroy' },
  // Not shown as such: a changed name becomes docker's `rename` (compose events, ops/events.ts).
  '/containers/update': { name: 'ContainerUpdate', type: ContainerUpdate, action: 'update' },
};

/** The decoded action of an envelope: container id, action, extra attributes; undefined for other topics and exec exits. */
export function envelopeAction(e: Envelope): { id: string; action: string; extra: Record<string, string> } | undefined {
  const t = TOPICS[e.topic];
  if (!t) return publishedAction(e);
  let msg: { containerId?: string; id?: string; exitStatus?: number };
  try {
    msg = unpackMessage(e.event, eventTypeUrl(t.name), t.type);
  } catch {
    return undefined; // a payload of another shape (another containerd version): not ours to report
  }
  const id = msg.containerId ?? msg.id ?? '';
  if (e.topic === '/tasks/exit') {
    // An exec's exit is not the container dying.
    if (msg.id !== undefined && msg.id !== '' && msg.id !== id) return undefined;
    return { id, action: t.action, extra: { exitCode: String(msg.exitStatus ?? 0) } };
  }
  return { id, action: t.action, extra: {} };
}

// kill and stop, which nerdts publishes itself (container/action-events.ts).
function publishedAction(e: Envelope): { id: string; action: string; extra: Record<string, string> } | undefined {
  const a = readAction(e.topic, e.event);
  if (!a) return undefined;
  const extra: Record<string, string> = a.event.signal !== undefined ? { signal: String(a.event.signal) } : {};
  return { id: a.event.containerId, action: a.action, extra };
}

// compose's own labels (docker compose drops them) and the runtime's bookkeeping, which docker has not.
const HIDDEN_PREFIXES = ['com.docker.compose.', INTERNAL_PREFIX, 'nerdts/', 'io.containerd.', 'containerd.io/'];

/** docker's actor attributes without compose's labels or nerdts's own: image, name, the user's labels. */
export function eventAttributes(c: EventContainer, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.labels)) {
    if (!HIDDEN_PREFIXES.some((p) => k.startsWith(p))) out[k] = v;
  }
  Object.assign(out, extra, { image: displayImage(c.image), name: c.labels[LABELS.name] ?? '' });
  return out;
}

/** The service of a container that belongs to `project` (not a one-off) and to `services` (if any). */
export function projectService(c: EventContainer | undefined, project: string, services: readonly string[]): string | undefined {
  if (!c || c.labels[COMPOSE_LABELS.project] !== project || c.labels[COMPOSE_LABELS.oneoff] === 'True') return undefined;
  const service = c.labels[COMPOSE_LABELS.service] ?? '';
  return services.length && !services.includes(service) ? undefined : service;
}

/** The compose event of an envelope, when it is about a non-one-off container of `project` (and of `services`, if any). */
export function composeEvent(e: Envelope, project: string, services: readonly string[], lookup: (id: string) => EventContainer | undefined): ComposeEvent | undefined {
  const a = envelopeAction(e);
  return a && a.action !== 'update' ? projectEvent(e, a, project, services, lookup) : undefined;
}

/** docker's `rename` event for a container whose name label changed from `oldName`. */
export function renameEvent(e: Envelope, id: string, oldName: string, project: string, services: readonly string[],
  lookup: (id: string) => EventContainer | undefined): ComposeEvent | undefined {
  return projectEvent(e, { id, action: 'rename', extra: { oldName: `/${oldName}` } }, project, services, lookup);
}

function projectEvent(e: Envelope, a: { id: string; action: string; extra: Record<string, string> }, project: string,
  services: readonly string[], lookup: (id: string) => EventContainer | undefined): ComposeEvent | undefined {
  const c = lookup(a.id);
  const service = projectService(c, project, services);
  if (service === undefined) return undefined;
  return { time: e.timestamp ?? { seconds: 0, nanos: 0 }, service, id: a.id, action: a.action, attributes: eventAttributes(c!, a.extra) };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's "2006-01-02 15:04:05.000000" in local time. */
export function eventTime(t: Timestamp): string {
  const d = new Date(t.seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    + `.${pad(Math.floor(t.nanos / 1000), 6)}`;
}

/**
 * docker compose's text line: `<time> container <action> <id> (k=v, ...)`. Its String() ends in a
 * newline and is then printed with Println, so each event is followed by an empty line.
 */
export function formatEventText(e: ComposeEvent): string {
  const attrs = Object.keys(e.attributes).sort().map((k) => `${k}=${e.attributes[k]}`).join(', ');
  return `${eventTime(e.time)} container ${e.action} ${e.id} (${attrs})\n\n`;
}

/** The --json line: Go's map marshalling (keys sorted, HTML-safe escapes). */
export function formatEventJson(e: ComposeEvent): string {
  const attributes: Record<string, string> = {};
  for (const k of Object.keys(e.attributes).sort()) attributes[k] = e.attributes[k]!;
  return `${goJson({ action: e.action, attributes, id: e.id, service: e.service, time: timestampToIso(e.time), type: 'container' })}\n`;
}
