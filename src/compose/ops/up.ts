// `nerdts compose up`: networks and volumes, images, containers created then started in
// dependency order (depends_on conditions honoured), idempotent through the config hash; then
// either detached (optionally --wait) or attached to every service's logs until they exit or ctrl-c.
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { waitCompleted, waitHealthy } from '../runtime/conditions';
import type { ConvergeContext, ServiceContainer } from '../runtime/converge';
import { retire } from '../runtime/converge';
import { buildForUp } from '../runtime/build-images';
import type { Builder, UpBuildMode } from '../runtime/build-images';
import { orphans } from '../runtime/plan';
import type { RecreatePolicy } from '../runtime/plan';
import { projectContainers } from '../runtime/project-state';
import { progressWriter } from '../runtime/progress';
import { ensureResources } from '../runtime/resources';
import { connect, loadRuntimeProject } from '../runtime/session';
import { DEFAULT_PARALLEL, createPhase, ensureImages, phaseError, startPhase } from '../runtime/up-phases';
import { attachLogs } from './up-attach';
import type { ComposeProjectFlags } from './project-options';

export interface UpOptions {
  project: ComposeProjectFlags;
  services: string[];
  detach: boolean;
  wait: boolean;
  /** --wait-timeout, seconds. */
  waitTimeout?: number;
  forceRecreate: boolean;
  noRecreate: boolean;
  removeOrphans: boolean;
  /** --scale svc=N values. */
  scale: string[];
  noDeps: boolean;
  pull?: string;
  abortOnContainerExit: boolean;
  exitCodeFrom?: string;
  /** -t, seconds. */
  timeout?: number;
  noStart: boolean;
  quietPull: boolean;
  noLogPrefix: boolean;
  noColor: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  /** --build (always), --no-build (never); default builds missing images. */
  build?: UpBuildMode;
  /** Loads the build chunk, called only when a service needs a build. */
  builder?: () => Builder;
}

/** --scale values as a map; docker's error for a bad one. */
export function parseScale(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) {
    const [name, n] = v.split('=');
    if (!name || n === undefined || !/^\d+$/.test(n)) throw new NerdtsError('invalid-argument', `invalid --scale option "${v}": expected SERVICE=NUM`, { exitCode: 1 });
    out.set(name, Number(n));
  }
  return out;
}

function policyOf(o: UpOptions): RecreatePolicy {
  if (o.forceRecreate && o.noRecreate) throw new NerdtsError('invalid-argument', '--force-recreate and --no-recreate are incompatible', { exitCode: 1 });
  return o.forceRecreate ? 'force' : o.noRecreate ? 'never' : 'diverged';
}

/** Runs `compose up`. */
export async function up(globals: GlobalOptions, o: UpOptions, io: Output): Promise<void> {
  const policy = policyOf(o);
  const scale = parseScale(o.scale);
  if (o.exitCodeFrom !== undefined && !o.abortOnContainerExit) o = { ...o, abortOnContainerExit: true };
  if (o.detach && o.abortOnContainerExit) throw new NerdtsError('invalid-argument', '--abort-on-container-exit and --detach are incompatible', { exitCode: 1 });
  const project = loadRuntimeProject(o.project, o.services, io);
  for (const n of scale.keys()) if (!project.services[n]) throw new NerdtsError('not-found', `no such service: ${n}`, { exitCode: 1 });
  const names = (o.noDeps && o.services.length ? o.services : Object.keys(project.services)).sort();
  const progress = progressWriter((t) => io.err(t), io.stderrIsTTY);
  const client = await connect(globals, io);
  const existing = await projectContainers(client, globals, project.name);
  const known = new Set([...Object.keys(project.services), ...Object.keys(project.disabledServices)]);
  const lost = orphans(existing, known);
  const env = o.env ?? process.env;
  if (lost.length && (o.removeOrphans || env.COMPOSE_REMOVE_ORPHANS === 'true')) {
    for (const c of lost) await retire({ client, globals, progress }, c);
  } else if (lost.length && env.COMPOSE_IGNORE_ORPHANS !== 'true') {
    progress.warn(`Found orphan containers (${lost.map((c) => c.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`);
  }
  await ensureResources(client, globals, project, names, progress);
  const services = names.map((n) => project.services[n]!);
  const buildNames = await buildForUp(client, globals, project, services, o.build ?? 'missing', o.builder, (t) => io.err(t), progress);
  const images = await ensureImages(client, globals, services, o.pull, o.quietPull ? progressWriter(() => undefined, false, true) : progress, buildNames);
  const ctx: ConvergeContext = { client, globals, project, progress, images, ...(o.timeout !== undefined && { timeoutSeconds: o.timeout }) };
  const limit = Number(env.COMPOSE_PARALLEL_LIMIT) > 0 ? Number(env.COMPOSE_PARALLEL_LIMIT) : DEFAULT_PARALLEL;
  const created = createPhase(ctx, names, existing, policy, scale, limit);
  // Each service starts once its containers exist and its dependencies allow; what was created
  // starts even when another service failed: a failed up leaves the rest running.
  const [createResult, started] = await Promise.all([created.done, o.noStart ? undefined : startPhase(ctx, names, created, limit)]);
  for (const w of createResult.warnings) progress.warn(w);
  const createErr = phaseError(createResult);
  if (createErr && o.noStart) throw createErr;
  if (!started) return;
  for (const w of started.warnings) progress.warn(w);
  const startErr = createErr ?? phaseError(started);
  if (startErr) throw startErr;
  const all = names.flatMap((n) => created.containers.get(n) ?? []);
  if (o.detach || o.wait) {
    if (o.wait) await waitAll(ctx, all, o.waitTimeout);
    return;
  }
  await attachLogs(ctx, all, o, io);
}

/** --wait: every container healthy (with a healthcheck) or running; dependencies of completed conditions exited 0. */
async function waitAll(ctx: ConvergeContext, containers: readonly ServiceContainer[], timeoutSeconds: number | undefined): Promise<void> {
  const completedDeps = new Set(Object.values(ctx.project.services).flatMap((s) =>
    Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n)));
  const abort = new AbortController();
  const work = Promise.all(containers.map(async (c) => {
    const s = ctx.project.services[c.service]!;
    if (completedDeps.has(c.service)) return waitCompleted(ctx.client, { id: c.id, service: c.service }, abort.signal);
    if (s.healthcheck && !s.healthcheck.disable && s.healthcheck.test?.[0] !== 'NONE') {
      ctx.progress.working('Container', c.name, 'Waiting');
      await waitHealthy(ctx.client, ctx.globals, c, s.healthcheck, undefined, abort.signal);
      ctx.progress.done('Container', c.name, 'Healthy');
    }
    return undefined;
  }));
  let timer: NodeJS.Timeout | undefined;
  const limit = timeoutSeconds && timeoutSeconds > 0
    ? new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new NerdtsError('deadline-exceeded', `application not healthy after ${timeoutSeconds}s`, { exitCode: 1 })), timeoutSeconds * 1000); })
    : undefined;
  try {
    await (limit ? Promise.race([work, limit]) : work);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
