// One service brought to the wanted state: its replicas created, recreated (docker compose's
// create-as-`<oldid12>_<name>`, stop, remove, rename), started, or removed above the scale.
import type { Project, Service } from '../../../compose';
import { serviceConfigHash } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { createContainer } from '../../container/create';
import type { CreatedContainer, FreshContainer } from '../../container/create-options';
import { removeContainer, startContainer, stopContainer } from '../../container/lifecycle';
import { renameContainer } from '../../container/rename';
import type { StopOptions } from '../../container/lifecycle';
import { NerdtsError } from '../../errors';
import { COMPOSE_LABELS, containerName, serviceContainerLabels } from './labels';
import type { ContainerAction, ProjectContainer } from './plan';
import { attachName, USER_NETWORKS } from './ports-of-call';
import type { Progress } from './progress';
import { serviceCreateOptions } from './service-options';
import type { ServiceImage } from './up-phases';
import { fileObjectResolver, projectStateDir } from './file-objects';

/** Shared by every service of one `up`. */
export interface ConvergeContext {
  client: ContainerdClient;
  globals: GlobalOptions;
  project: Project;
  progress: Progress;
  /** Service -> resolved image (name create gets, and its ID for the image label). */
  images: ReadonlyMap<string, ServiceImage>;
  /** -t for stops during recreate/scale-down. */
  timeoutSeconds?: number;
}

/** A container of the service after convergence. */
export interface ServiceContainer {
  id: string;
  name: string;
  service: string;
  /** Created or recreated by this run (so it must be started). */
  fresh: boolean;
  /** Running before, untouched. */
  running: boolean;
  /** Set when this process created it: what its first start needs without asking containerd. */
  created?: FreshContainer;
}

/** Engine networks, aliases and IP for a service (the mapping's network part). */
export function serviceNetworks(project: Project, s: Service, name: string): { networks: string[]; aliases: string[]; ip?: string } {
  if (s.network_mode !== undefined) return { networks: [], aliases: [] };
  const keys = Object.keys(s.networks ?? { default: null });
  const engine = [...new Set(keys.map((k) => attachName(project.networks[k]?.name ?? `${project.name}_${k}`)))];
  if (!USER_NETWORKS) return { networks: engine, aliases: [] };
  const first = s.networks?.[keys[0]!];
  const aliases = [s.name, name, ...keys.flatMap((k) => s.networks?.[k]?.aliases ?? [])];
  return { networks: engine, aliases: [...new Set(aliases)], ...(first?.ipv4_address && { ip: first.ipv4_address }) };
}

async function create(ctx: ConvergeContext, s: Service, n: number, replaces?: ProjectContainer): Promise<CreatedContainer> {
  const tempName = replaces && `${replaces.id.slice(0, 12)}_${replaces.name}`;
  const image = ctx.images.get(s.name);
  if (!image) throw new NerdtsError('invalid-argument', `service "${s.name}" has neither an image nor a build context specified`);
  const { project } = ctx;
  const name = containerName(project.name, s, n);
  const labels = serviceContainerLabels(project, s, n, serviceConfigHash(s), image.id);
  if (replaces) labels[COMPOSE_LABELS.replace] = replaces.name;
  const net = serviceNetworks(project, s, name);
  const options = serviceCreateOptions({
    project, service: s, name: tempName ?? name, image: image.name, labels, ...net,
    containerOf: (svc) => containerName(project.name, project.services[svc] ?? { name: svc }, 1),
    fileOf: fileObjectResolver(project, projectStateDir(ctx.globals, project.name)),
  });
  const created = await createContainer(ctx.client, ctx.globals, {
    ...options, pull: 'never', resolvedImage: image.ensured, ...(replaces && { replacing: replaces.id }),
  });
  for (const w of created.warnings) ctx.progress.warn(w);
  return created;
}

// -t, and the networks released by this process (container/lifecycle.ts).
const stopOptions = (ctx: Pick<ConvergeContext, 'timeoutSeconds' | 'globals'>): StopOptions =>
  ({ ...(ctx.timeoutSeconds !== undefined && { timeoutSeconds: ctx.timeoutSeconds }), release: ctx.globals });

// As docker compose: the replacement is created first (as `<oldid12>_<name>`; the old one's host
// ports do not count as taken), so a replacement that cannot be created leaves the old container
// running; then the old one stops and goes, and the replacement takes its name.
async function recreate(ctx: ConvergeContext, s: Service, n: number, old: ProjectContainer): Promise<ServiceContainer> {
  ctx.progress.working('Container', old.name, 'Recreate');
  const made = await create(ctx, s, n, old).catch((err: unknown) => { ctx.progress.failed('Container', old.name, 'Error'); throw err; });
  try {
    await stopContainer(ctx.client, old.id, stopOptions(ctx));
    await removeContainer(ctx.client, ctx.globals, old.id, { force: true });
  } catch (err) {
    // The old container stays (maybe stopped): the replacement goes, nothing is left half-made.
    await removeContainer(ctx.client, ctx.globals, made.id, { force: true }).catch(() => undefined);
    ctx.progress.failed('Container', old.name, 'Error');
    throw err;
  }
  await renameContainer(ctx.client, ctx.globals, made.id, old.name);
  ctx.progress.done('Container', old.name, 'Recreated');
  // Not `created`: its record still carries the temporary name.
  return { id: made.id, name: old.name, service: s.name, fresh: true, running: false };
}

type RetireContext = Pick<ConvergeContext, 'client' | 'globals' | 'progress' | 'timeoutSeconds'>;

/** Removes a container as down and scale-down do: stop (with -t), then remove. */
export async function retire(ctx: RetireContext, c: Pick<ProjectContainer, 'id' | 'name'>, volumes = false): Promise<void> {
  await halt(ctx, c);
  await discard(ctx, c, volumes);
}

/** The stop half of retire (down stops in dependency order, then removes everything at once). */
export async function halt(ctx: RetireContext, c: Pick<ProjectContainer, 'id' | 'name'>): Promise<void> {
  ctx.progress.working('Container', c.name, 'Stopping');
  // The removal (discard) detaches the networks: dependencies stop as soon as the process is gone.
  await stopContainer(ctx.client, c.id, { ...stopOptions(ctx), releaseByRemoval: true });
  ctx.progress.done('Container', c.name, 'Stopped');
}

/** The removal half of retire. */
export async function discard(ctx: RetireContext, c: Pick<ProjectContainer, 'id' | 'name'>, volumes = false): Promise<void> {
  ctx.progress.working('Container', c.name, 'Removing');
  await removeContainer(ctx.client, ctx.globals, c.id, { force: true, volumes });
  ctx.progress.done('Container', c.name, 'Removed');
}

/** Applies the plan's actions for one service (no starts); returns the containers it ends with. */
export async function convergeService(ctx: ConvergeContext, s: Service, actions: readonly ContainerAction[]): Promise<ServiceContainer[]> {
  const out: ServiceContainer[] = [];
  for (const a of actions) {
    if (a.kind === 'remove') { await retire(ctx, a.container); continue; }
    if (a.kind === 'recreate') { out.push(await recreate(ctx, s, a.number, a.container)); continue; }
    if (a.kind === 'create') {
      const name = containerName(ctx.project.name, s, a.number);
      ctx.progress.working('Container', name, 'Creating');
      const made = await create(ctx, s, a.number).catch((err: unknown) => { ctx.progress.failed('Container', name, 'Error'); throw err; });
      ctx.progress.done('Container', name, 'Created');
      out.push({ id: made.id, name, service: s.name, fresh: true, running: false, created: made.fresh });
      continue;
    }
    out.push({ id: a.container.id, name: a.container.name, service: s.name, fresh: false, running: a.kind === 'keep' });
  }
  return out;
}

/** Starts the service's containers that are not running ("Running" for those left alone). */
export async function startService(ctx: Pick<ConvergeContext, 'client' | 'globals' | 'progress'>, containers: readonly ServiceContainer[], restart = false): Promise<void> {
  await Promise.all(containers.map(async (c) => {
    if (c.running && !restart) { ctx.progress.done('Container', c.name, 'Running'); return; }
    if (c.running) {
      ctx.progress.working('Container', c.name, 'Restarting');
      await stopContainer(ctx.client, c.id, { release: ctx.globals });
    }
    ctx.progress.working('Container', c.name, 'Starting');
    try {
      // A first start right after our own create skips the lookups.
      await startContainer(ctx.client, ctx.globals, c.id, undefined, undefined, c.created);
    } catch (err) {
      ctx.progress.failed('Container', c.name, 'Error');
      throw err;
    }
    ctx.progress.done('Container', c.name, c.running ? 'Restarted' : 'Started');
  }));
}
