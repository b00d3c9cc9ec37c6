// `compose pull` (every selected service's image pulled again, each reference once) and
// `compose wait` (blocks until the services' containers stopped; prints their exit codes).
import type { GlobalOptions } from '../../config';
import { waitContainer } from '../../container/lifecycle';
import { ExitStatus, NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { progressWriter } from '../runtime/progress';
import { serviceContainers } from '../runtime/service-target';
import { connect, loadRuntimeProject, projectOrName } from '../runtime/session';
import { ensureImages } from '../runtime/up-phases';
import type { ComposeProjectFlags } from './project-options';

export interface ComposePullOptions {
  project: ComposeProjectFlags;
  services: string[];
  quiet: boolean;
  ignorePullFailures: boolean;
}

/** Pulls the images of the services (all when none named); services without an image are skipped. */
export async function composePull(globals: GlobalOptions, o: ComposePullOptions, io: Output): Promise<void> {
  const project = loadRuntimeProject(o.project, o.services, io);
  const names = (o.services.length ? o.services : Object.keys(project.services)).sort();
  // Each reference once, as the services sharing it would pull the same thing.
  const byImage = new Map(names.map((n) => project.services[n]!).filter((s) => s.image).map((s) => [s.image!, s]));
  const services = [...byImage.values()];
  const progress = progressWriter(o.quiet ? () => undefined : (t) => io.err(t), io.stderrIsTTY, o.quiet);
  const client = await connect(globals, io);
  for (const s of services) {
    progress.working('Image', s.image!, 'Pulling');
    try {
      await ensureImages(client, globals, [s], 'always', progress);
      progress.done('Image', s.image!, 'Pulled');
    } catch (err) {
      progress.failed('Image', s.image!, 'Error');
      if (!o.ignorePullFailures) throw err;
      io.err(`WARNING: ${(err as Error).message}\n`);
    }
  }
}

export interface ComposeWaitOptions { project: ComposeProjectFlags; services: string[] }

/** Waits for every container of the services to stop; exits with the first non-zero code. */
export async function composeWait(globals: GlobalOptions, o: ComposeWaitOptions, io: Output): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const containers = await serviceContainers(client, globals, name, o.services);
  if (!containers.length) throw new NerdtsError('not-found', 'no containers for project', { exitCode: 1 });
  const codes = await Promise.all(containers.map((c) => waitContainer(client, c.id)));
  io.out(codes.map((c) => `${c}\n`).join(''));
  const failed = codes.find((c) => c !== 0);
  if (failed !== undefined) throw new ExitStatus(failed);
}
