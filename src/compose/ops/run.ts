// `nerdts compose run SERVICE [CMD...]`: a one-off container `<project>-<service>-run-<hex>`
// (com.docker.compose.oneoff=True) from the service's definition without its ports or restart
// policy; its dependencies are brought up first (unless --no-deps), then it runs attached (or -d)
// through the container run path, so --rm, exit status and stdio behave as `nerdts run`.
import { randomBytes } from 'node:crypto';
import type { Project, Service } from '../../../compose';
import { serviceConfigHash } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { CreateOptions } from '../../container/create-options';
import { run } from '../../container/ops/run';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { serviceNetworks } from '../runtime/converge';
import { COMPOSE_LABELS, containerName, serviceContainerLabels } from '../runtime/labels';
import { progressWriter } from '../runtime/progress';
import { ensureResources } from '../runtime/resources';
import { serviceCreateOptions } from '../runtime/service-options';
import type { MappingContext } from '../runtime/service-options';
import { fileObjectResolver, projectStateDir } from '../runtime/file-objects';
import { connect, loadRuntimeProject } from '../runtime/session';
import { ensureImages } from '../runtime/up-phases';
import type { ComposeProjectFlags } from './project-options';
import { up } from './up';

export interface ComposeRunOptions {
  project: ComposeProjectFlags;
  service: string;
  /** Replaces the service's command when not empty. */
  command: string[];
  rm: boolean;
  env: string[];
  name?: string;
  entrypoint?: string;
  workdir?: string;
  user?: string;
  noDeps: boolean;
  /** -T not given and stdin is a terminal. */
  tty: boolean;
  detach: boolean;
  /** --service-ports: keep the service's published ports. */
  servicePorts?: boolean;
  /** -p values, added to (or instead of) the service's. */
  publish?: string[];
  /** -v values, added to the service's. */
  volumes?: string[];
  /** -l values (key=value). */
  labels?: string[];
}

/** docker compose's one-off name: `<project>-<service>-run-<12 hex>`. */
export function oneoffName(project: string, service: string, random: () => string = () => randomBytes(6).toString('hex')): string {
  return `${project}-${service}-run-${random()}`;
}

/** The one-off's create options: the service's, with run's overrides and no published ports. */
export function oneoffCreateOptions(project: Project, s: Service, image: { name: string; id: string }, name: string,
  o: ComposeRunOptions, fileOf: MappingContext['fileOf'] = (kind, ref) => project[kind][ref.source]?.file): CreateOptions {
  const labels = { ...serviceContainerLabels(project, s, 1, serviceConfigHash(s), image.id), [COMPOSE_LABELS.oneoff]: 'True' };
  const base = serviceCreateOptions({
    project, service: s, name, image: image.name, labels, ...serviceNetworks(project, s, name),
    containerOf: (svc) => containerName(project.name, project.services[svc] ?? { name: svc }, 1),
    fileOf,
  });
  const { publish: servicePublish, restart: _restart, ...rest } = base;
  const publish = [...(o.servicePorts ? servicePublish ?? [] : []), ...(o.publish ?? [])];
  return {
    ...rest, name, pull: 'never', tty: o.tty, interactive: !o.detach, autoRemove: o.rm,
    ...(publish.length > 0 && { publish }),
    ...(o.volumes?.length && { volumes: [...(base.volumes ?? []), ...o.volumes] }),
    ...(o.labels?.length && { labels: [...(base.labels ?? []), ...o.labels] }),
    ...(o.command.length > 0 && { command: o.command }),
    ...(o.entrypoint !== undefined && { entrypoint: o.entrypoint }),
    ...(o.env.length > 0 && { env: [...(base.env ?? []), ...o.env] }),
    ...(o.workdir !== undefined && { workdir: o.workdir }),
    ...(o.user !== undefined && { user: o.user }),
  };
}

/** Runs `compose run`; exits with the one-off's status when attached. */
export async function composeRun(globals: GlobalOptions, o: ComposeRunOptions, io: Output): Promise<void> {
  const project = loadRuntimeProject(o.project, [o.service], io);
  const s = project.services[o.service];
  if (!s) throw new NerdtsError('not-found', `no such service: ${o.service}`, { exitCode: 1 });
  const deps = Object.keys(s.depends_on ?? {});
  if (!o.noDeps && deps.length) {
    await up(globals, {
      project: o.project, services: deps, detach: true, wait: false, forceRecreate: false, noRecreate: false, removeOrphans: false,
      scale: [], noDeps: false, abortOnContainerExit: false, noStart: false, quietPull: false, noLogPrefix: false, noColor: false,
    }, io);
  }
  const progress = progressWriter((t) => io.err(t), io.stderrIsTTY);
  const client = await connect(globals, io);
  await ensureResources(client, globals, project, [o.service], progress);
  const image = (await ensureImages(client, globals, [s], undefined, progress)).get(o.service)!;
  const name = o.name ?? oneoffName(project.name, o.service);
  const fileOf = fileObjectResolver(project, projectStateDir(globals, project.name));
  await run(globals, { create: oneoffCreateOptions(project, s, image, name, o, fileOf), quiet: true, detach: o.detach }, io);
}
