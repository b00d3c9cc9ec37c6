// The phases of `up` after loading: images, then containers created in dependency order, then
// started in dependency order with depends_on conditions as gates (runGraph, bounded parallelism).
import type { Project, Service } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { ensureImage } from '../../container/image';
import type { EnsuredImage, PullPolicy } from '../../container/image';
import { NerdtsError } from '../../errors';
import { serviceConfigHash } from '../../../compose';
import { waitCompleted, waitHealthy } from './conditions';
import { convergeService, startService } from './converge';
import type { ConvergeContext, ServiceContainer } from './converge';
import { replicas } from './labels';
import { planService } from './plan';
import type { ProjectContainer, RecreatePolicy } from './plan';
import type { Progress } from './progress';
import type { GraphResult, Need } from './scheduler';
import { runGraph } from './scheduler';

/** COMPOSE_PARALLEL_LIMIT's default in docker compose is unlimited; a bound keeps containerd calm. */
export const DEFAULT_PARALLEL = 16;

/** docker compose's pull_policy names as create's policy; `--pull` wins. */
export function pullPolicy(s: Service, flag: string | undefined): PullPolicy {
  const p = flag ?? s.pull_policy ?? 'missing';
  if (p === 'always') return 'always';
  if (p === 'never') return 'never';
  if (p === 'missing' || p === 'if_not_present' || p === 'build' || p === 'daily' || p === 'weekly') return 'missing';
  throw new NerdtsError('invalid-argument', `invalid pull policy "${p}"`, { exitCode: 1 });
}

/** A service's image once present: its name, ID, and what creating its containers needs. */
export interface ServiceImage {
  name: string;
  id: string;
  ensured: EnsuredImage;
}

/** Makes every service's image present (each distinct reference once); service -> its image. */
export async function ensureImages(client: ContainerdClient, globals: GlobalOptions, services: readonly Service[], pull: string | undefined,
  _progress: Progress, buildNames: ReadonlyMap<string, string> = new Map()): Promise<Map<string, ServiceImage>> {
  const byRef = new Map<string, Promise<ServiceImage>>();
  const out = new Map<string, ServiceImage>();
  await Promise.all(services.map(async (s) => {
    // A service with build: runs its local image (built before this phase, never pulled).
    const image = buildNames.get(s.name) ?? s.image;
    if (!image) throw new NerdtsError('invalid-argument', `service "${s.name}" has neither an image nor a build context specified`, { exitCode: 1 });
    const policy: PullPolicy = buildNames.has(s.name) ? 'never' : pullPolicy(s, pull);
    const key = `${image}\0${policy}\0${s.platform ?? ''}`;
    let p = byRef.get(key);
    if (!p) {
      p = ensureImage(client, globals, image, {
        pull: policy, ...(s.platform && { platform: s.platform }),
      }).then((img) => ({ name: img.record.name, id: img.id, ensured: img }));
      byRef.set(key, p);
    }
    out.set(s.name, await p);
  }));
  return out;
}

export interface CreatePhase {
  containers: Map<string, ServiceContainer[]>;
  /** The service's containers once they exist; rejects when its creation failed or was skipped. */
  createdOf(name: string): Promise<ServiceContainer[]>;
  /** Settles once every creation has. */
  done: Promise<GraphResult>;
}

// A promise settled from outside (one per service, for the start phase to wait on).
function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => undefined); // read through createdOf or the graph's result, never unhandled
  return { promise, resolve, reject };
}

/**
 * Creates/recreates/removes containers, dependencies first. Returns at once: `createdOf` lets each
 * service start as soon as its own containers exist, while the services after it are still being
 * created (creating is the client's work, starting mostly runc's and the shim's: they overlap).
 */
export function createPhase(ctx: ConvergeContext, names: readonly string[], existing: readonly ProjectContainer[],
  policy: RecreatePolicy, scale: ReadonlyMap<string, number>, limit = DEFAULT_PARALLEL): CreatePhase {
  const containers = new Map<string, ServiceContainer[]>();
  const pending = new Map(names.map((n) => [n, deferred<ServiceContainer[]>()]));
  const done = runGraph(names.map((n) => {
    const s = ctx.project.services[n]!;
    const own = pending.get(n)!;
    return {
      name: n,
      needs: Object.entries(s.depends_on ?? {}).map(([d, dep]) => ({ name: d, required: dep.required })),
      run: async () => {
        try {
          const image = ctx.images.get(n);
          const actions = planService({ name: n, replicas: replicas(s, scale.get(n)), hash: serviceConfigHash(s), ...(image && { imageDigest: image.id }) }, existing, policy);
          const list = await convergeService(ctx, s, actions);
          containers.set(n, list);
          own.resolve(list);
        } catch (err) {
          own.reject(err);
          throw err;
        }
      },
    };
  }), limit).then((result) => {
    // A creation skipped for a failed prerequisite never ran: its start fails with the same error.
    for (const [n, err] of result.failed) pending.get(n)?.reject(err);
    return result;
  });
  return {
    containers, done,
    createdOf: (n) => pending.get(n)?.promise ?? Promise.reject(new Error(`service "${n}" was not created`)),
  };
}

/** The gate of one depends_on condition, shared by every dependent of the same service. */
function gates(ctx: ConvergeContext, containers: ReadonlyMap<string, ServiceContainer[]>): (dep: string, condition: string) => Promise<void> {
  const memo = new Map<string, Promise<void>>();
  return (dep, condition) => {
    const key = `${dep}\0${condition}`;
    let p = memo.get(key);
    if (!p) {
      const list = containers.get(dep) ?? [];
      const s = ctx.project.services[dep]!;
      p = Promise.all(list.map(async (c) => {
        if (condition === 'service_healthy') {
          ctx.progress.working('Container', c.name, 'Waiting');
          await waitHealthy(ctx.client, ctx.globals, c, s.healthcheck).catch((err: unknown) => { ctx.progress.failed('Container', c.name, 'Error'); throw err; });
          ctx.progress.done('Container', c.name, 'Healthy');
        } else if (condition === 'service_completed_successfully') {
          ctx.progress.working('Container', c.name, 'Waiting');
          await waitCompleted(ctx.client, { id: c.id, service: dep });
          ctx.progress.done('Container', c.name, 'Exited');
        }
      })).then(() => undefined);
      memo.set(key, p);
    }
    return p;
  };
}

/**
 * Starts each service once its own containers exist and its dependencies' conditions hold;
 * `restart: true` dependents restart when a dependency changed. A service whose creation failed
 * fails here too, so its dependents do not start.
 */
export async function startPhase(ctx: ConvergeContext, names: readonly string[], created: CreatePhase,
  limit = DEFAULT_PARALLEL): Promise<GraphResult> {
  const { containers } = created;
  const gate = gates(ctx, containers);
  const changed = (svc: string): boolean => (containers.get(svc) ?? []).some((c) => c.fresh || !c.running);
  return runGraph(names.map((n) => {
    const deps = Object.entries(ctx.project.services[n]!.depends_on ?? {});
    const needs: Need[] = deps.map(([d, dep]) => ({ name: d, required: dep.required, gate: () => gate(d, dep.condition) }));
    return {
      name: n, needs,
      run: async () => startService(ctx, await created.createdOf(n), deps.some(([d, dep]) => dep.restart && changed(d))),
    };
  }), limit);
}

/** The first failure of a phase as the error up exits with (docker compose: exit 1). */
export function phaseError(result: GraphResult): NerdtsError | undefined {
  const first = [...result.failed.values()][0];
  if (!first) return undefined;
  return first instanceof NerdtsError && first.exitCode !== undefined ? first
    : new NerdtsError('failed-precondition', first.message, { exitCode: 1, cause: first });
}

/** Services of the project in a stable order (names sorted). */
export function serviceNames(project: Project): string[] {
  return Object.keys(project.services).sort();
}
