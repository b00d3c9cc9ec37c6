// `nerdts compose logs`: the services' containers' logs, prefixed and colored like docker compose.
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { streamLogs } from '../runtime/follow';
import { LogMux } from '../runtime/log-mux';
import { projectContainers } from '../runtime/project-state';
import { connect, projectOrName } from '../runtime/session';
import { logName } from './up-attach';
import type { ComposeProjectFlags } from './project-options';

export interface ComposeLogsOptions {
  project: ComposeProjectFlags;
  services: string[];
  follow: boolean;
  tail: string;
  timestamps: boolean;
  noLogPrefix: boolean;
  noColor: boolean;
}

function tailCount(tail: string): number | undefined {
  if (tail === 'all' || tail === '') return undefined;
  const n = Number(tail);
  if (!Number.isInteger(n)) throw new NerdtsError('usage', `invalid value for --tail: "${tail}" (a number or "all")`);
  return n < 0 ? undefined : n;
}

/** Runs `compose logs`. */
export async function logs(globals: GlobalOptions, o: ComposeLogsOptions, io: Output): Promise<void> {
  const { name, project } = projectOrName(o.project, [], io);
  for (const s of o.services) {
    if (project && !project.services[s]) throw new NerdtsError('not-found', `no such service: ${s}`, { exitCode: 1 });
  }
  const client = await connect(globals, io);
  const containers = (await projectContainers(client, globals, name))
    .filter((c) => !c.oneoff && (!o.services.length || o.services.includes(c.service)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const mux = new LogMux((t) => io.out(t), { prefix: !o.noLogPrefix, color: !o.noColor && io.isTTY });
  for (const c of containers) mux.add(logName(name, c.name));
  const tail = tailCount(o.tail);
  await Promise.all(containers.map(async (c) => {
    const label = logName(name, c.name);
    const out = mux.writer(label);
    const err = mux.writer(label);
    await streamLogs(client, globals, c.id, { out: out.write, err: err.write },
      { follow: o.follow, timestamps: o.timestamps, ...(tail !== undefined && { tail }) });
    out.flush();
    err.flush();
  }));
}
