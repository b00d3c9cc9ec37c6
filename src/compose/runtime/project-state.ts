// A project's containers read back from containerd through their com.docker.compose.* labels:
// one Containers.List and one Tasks.List (listContainers), whatever the compose file says.
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { listContainers } from '../../container/list';
import type { ContainerListEntry } from '../../container/list';
import { COMPOSE_LABELS } from './labels';
import type { ProjectContainer } from './plan';

/** A project container with its listing row (for ps). */
export interface ProjectEntry extends ProjectContainer {
  entry: ContainerListEntry;
}

/** The plan's view of a listed container. */
export function toProjectContainer(e: ContainerListEntry): ProjectEntry {
  const l = e.container.labels;
  return {
    id: e.container.id, name: e.name, service: l[COMPOSE_LABELS.service] ?? '', number: Number(l[COMPOSE_LABELS.number] ?? 0) || 0,
    hash: l[COMPOSE_LABELS.configHash] ?? '', imageDigest: l[COMPOSE_LABELS.image] ?? '', state: e.row.State,
    oneoff: l[COMPOSE_LABELS.oneoff] === 'True', createdMs: e.createdMs, labels: l, entry: e,
  };
}

/** Every container (any state) of the project; all compose containers when `project` is undefined. */
export async function projectContainers(client: ContainerdClient, globals: GlobalOptions, project: string | undefined): Promise<ProjectEntry[]> {
  const entries = await listContainers(client, globals, { all: true });
  return entries
    .filter((e) => {
      const p = e.container.labels[COMPOSE_LABELS.project];
      return p !== undefined && (project === undefined || p === project);
    })
    .map(toProjectContainer);
}
