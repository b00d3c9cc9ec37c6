// docker's container actions that containerd has no event for (kill, stop): nerdts publishes them
// on containerd's event bus under its own topics, so `compose events` (and any subscriber) sees
// the sequence docker shows: kill (signal=N), die, stop.
import type { ContainerdClient } from '../containerd/client';
import { packJson, unpackJson } from '../containerd/typeurl';
import type { Any } from '../containerd/types';

export const ACTION_TOPICS = { kill: '/nerdts/container/kill', stop: '/nerdts/container/stop' } as const;
export type PublishedAction = keyof typeof ACTION_TOPICS;

/** The payload's type URL (JSON in the Any's value: `ctr events` skips it as unknown). */
export const ACTION_TYPE_URL = 'nerdts.events.ContainerAction';

export interface ContainerActionEvent {
  containerId: string;
  /** kill: the signal's number. */
  signal?: number;
}

/** Publishes an action; never fails the command that did it (the event is informational). */
export function publishAction(client: ContainerdClient, action: PublishedAction, event: ContainerActionEvent): Promise<void> {
  return client.events.publish(ACTION_TOPICS[action], packJson(ACTION_TYPE_URL, event)).catch(() => undefined);
}

/** The action and payload of a published envelope; undefined for other topics or payloads. */
export function readAction(topic: string, event: Any | undefined): { action: PublishedAction; event: ContainerActionEvent } | undefined {
  const action = (Object.keys(ACTION_TOPICS) as PublishedAction[]).find((a) => ACTION_TOPICS[a] === topic);
  if (!action) return undefined;
  try {
    const e = unpackJson<ContainerActionEvent>(event, ACTION_TYPE_URL);
    return typeof e.containerId === 'string' ? { action, event: e } : undefined;
  } catch {
    return undefined;
  }
}
