// The containers a per-service command (exec, port, top, images, wait) works on, found through
// the project's labels; one-off `run` containers are left out as docker compose does.
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { NerdtsError } from '../../errors';
import { projectContainers } from './project-state';
import type { ProjectEntry } from './project-state';

/** The project's service containers (not one-offs), optionally only `services`, sorted by name. */
export async function serviceContainers(client: ContainerdClient, globals: GlobalOptions, project: string,
  services: readonly string[] = []): Promise<ProjectEntry[]> {
  return (await projectContainers(client, globals, project))
    .filter((c) => !c.oneoff && (!services.length || services.includes(c.service)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Replica `index` (1-based, docker's --index) of `service`; docker's error when it has none running. */
export async function serviceReplica(client: ContainerdClient, globals: GlobalOptions, project: string, service: string,
  index = 1): Promise<ProjectEntry> {
  const all = await serviceContainers(client, globals, project, [service]);
  const running = all.filter((c) => c.state === 'running');
  const hit = running.find((c) => c.number === index);
  if (hit) return hit;
  if (!running.length) throw new NerdtsError('not-found', `service "${service}" is not running`, { exitCode: 1 });
  throw new NerdtsError('not-found', `service "${service}" is not running container #${index}`, { exitCode: 1 });
}
