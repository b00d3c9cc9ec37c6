// compose start/stop/restart/kill/rm/pause/unpause/create over the project's containers (found by
// labels), with docker compose's progress lines; stop goes in reverse dependency order.
import type { GlobalOptions } from '../../config';
import {
  killContainer, pauseContainer, removeContainer, startContainer, stopContainer, unpauseContainer,
} from '../../container/lifecycle';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { projectContainers } from '../runtime/project-state';
import type { ProjectEntry } from '../runtime/project-state';
import { progressWriter } from '../runtime/progress';
import { connect, projectOrName } from '../runtime/session';
import { stopGroups } from './down';
import type { ComposeProjectFlags } from './project-options';

export type ManageVerb = 'start' | 'stop' | 'restart' | 'kill' | 'rm' | 'pause' | 'unpause';

export interface ManageOptions {
  project: ComposeProjectFlags;
  services: string[];
  /** -t seconds (stop, restart). */
  timeout?: number;
  /** -s (kill). */
  signal?: string;
  /** rm: -f, -s (stop first), -v. */
  force?: boolean;
  stop?: boolean;
  volumes?: boolean;
}

const WORDS: Record<ManageVerb, [string, string]> = {
  start: ['Starting', 'Started'], stop: ['Stopping', 'Stopped'], restart: ['Restarting', 'Started'], kill: ['Killing', 'Killed'],
  rm: ['Removing', 'Removed'], pause: ['Pausing', 'Paused'], unpause: ['Unpausing', 'Unpaused'],
};

function wanted(verb: ManageVerb, c: ProjectEntry): boolean {
  switch (verb) {
    case 'start': return c.state !== 'running' && c.state !== 'paused';
    case 'stop': case 'kill': case 'pause': return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    case 'unpause': return c.state === 'paused';
    case 'rm': return c.state !== 'running' && c.state !== 'paused';
    default: return true;
  }
}

/** Runs one of the per-container compose verbs on the selected services. */
export async function manage(globals: GlobalOptions, verb: ManageVerb, o: ManageOptions, io: Output): Promise<void> {
  const { name, project } = projectOrName(o.project, [], io);
  for (const s of o.services) {
    if (project && !project.services[s]) throw new NerdtsError('not-found', `no such service: ${s}`, { exitCode: 1 });
  }
  const progress = progressWriter((t) => io.err(t), io.stderrIsTTY);
  const client = await connect(globals, io);
  let containers = (await projectContainers(client, globals, name))
    .filter((c) => !c.oneoff && (!o.services.length || o.services.includes(c.service)));
  if (verb === 'rm' && (o.stop || o.force)) {
    for (const group of stopGroups(containers)) await Promise.all(group.map((c) => stopContainer(client, c.id, { release: globals }).catch(() => undefined)));
    containers = (await projectContainers(client, globals, name)).filter((c) => containers.some((x) => x.id === c.id));
  }
  const todo = containers.filter((c) => wanted(verb, c));
  if (verb === 'rm' && todo.length === 0) { io.err('No stopped containers\n'); return; }
  const groups = verb === 'start' || verb === 'unpause' ? stopGroups(todo).reverse() : stopGroups(todo);
  const stopOpts = { ...(o.timeout !== undefined && { timeoutSeconds: o.timeout }), release: globals };
  for (const group of groups) {
    await Promise.all(group.map(async (c) => {
      const [working, done] = WORDS[verb];
      progress.working('Container', c.name, working);
      switch (verb) {
        case 'start': await startContainer(client, globals, c.id); break;
        case 'stop': await stopContainer(client, c.id, stopOpts); break;
        case 'restart': await stopContainer(client, c.id, stopOpts); await startContainer(client, globals, c.id); break;
        case 'kill': await killContainer(client, c.id, o.signal || 'SIGKILL'); break;
        case 'rm': await removeContainer(client, globals, c.id, { force: true, volumes: Boolean(o.volumes) }); break;
        case 'pause': await pauseContainer(client, c.id); break;
        case 'unpause': await unpauseContainer(client, c.id); break;
      }
      progress.done('Container', c.name, done);
    }));
  }
}
