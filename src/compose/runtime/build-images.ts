// Service images from `build:` sections, built by the build chunk (loaded by the caller only when
// a build is needed, so compose commands that build nothing never load it), and the decision
// `up` makes per service: build always (--build, pull_policy: build), when missing, or never.
import { isAbsolute, join } from 'node:path';
import type { Project, Service } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { NerdtsError, isNotFound } from '../../errors';
import { findImageRecords } from '../../image/local';
import type { Progress } from './progress';

/** The part of the build chunk compose calls. */
export type Builder = Pick<typeof import('../../build/chunk'), 'buildImage' | 'plainBuildProgress' | 'quietBuildProgress'>;

/** Per-run overrides from the command line (compose build / up). */
export interface BuildRunOptions {
  noCache?: boolean;
  pull?: boolean;
  quiet?: boolean;
  /** --build-arg K=V (K alone takes the value from the environment) */
  buildArgs?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
}

/** `up`'s build mode: --build, --no-build, or neither. */
export type UpBuildMode = 'always' | 'missing' | 'never';

/** The image a service runs: its `image:`, else `<project>-<service>` as docker compose names built images. */
export function serviceImageName(project: Project, s: Service): string {
  return s.image ?? `${project.name}-${s.name}`;
}

/** --build-arg values as a map; `K` alone reads K from env (skipped when unset, as docker). */
export function parseBuildArgs(values: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i === 0) throw new NerdtsError('invalid-argument', `invalid build arg "${v}"`, { exitCode: 1 });
    if (i > 0) out[v.slice(0, i)] = v.slice(i + 1);
    else if (env[v] !== undefined) out[v] = env[v]!;
  }
  return out;
}

/** The builder's options for one service; contexts the builder cannot read are refused. */
export function serviceBuildOptions(project: Project, s: Service, o: BuildRunOptions = {}): Parameters<Builder['buildImage']>[2] {
  const b = s.build;
  if (!b) throw new NerdtsError('invalid-argument', `service "${s.name}" has no build section`, { exitCode: 1 });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(b.context) || b.context.startsWith('service:') || !isAbsolute(b.context)) {
    throw new NerdtsError('unimplemented', `service "${s.name}": build context "${b.context}" is not supported`, { hint: 'use a local directory as the build context', exitCode: 1 });
  }
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(b.args ?? {})) if (v !== null) args[k] = v;
  Object.assign(args, parseBuildArgs(o.buildArgs ?? [], o.env ?? {}));
  const tags = [serviceImageName(project, s), ...(b.tags ?? [])];
  return {
    contextDir: b.context, tags, buildArgs: args,
    ...(b.dockerfile_inline !== undefined ? { dockerfileText: b.dockerfile_inline }
      : b.dockerfile !== undefined && { dockerfile: isAbsolute(b.dockerfile) ? b.dockerfile : join(b.context, b.dockerfile) }),
    ...(b.target !== undefined && { target: b.target }),
    ...(b.labels && { labels: b.labels }),
    ...(b.network !== undefined && { network: b.network }),
    ...(b.additional_contexts && Object.keys(b.additional_contexts).length && { namedContexts: b.additional_contexts }),
    noCache: o.noCache ?? b.no_cache ?? false,
    pull: o.pull ?? b.pull ?? false,
  };
}

/** Builds the services one after another (docker compose prints one build log); service -> image name. */
export async function buildServices(client: ContainerdClient, globals: GlobalOptions, project: Project, services: readonly Service[],
  builder: Builder, o: BuildRunOptions, write: (text: string) => void, progress?: Progress): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  for (const s of services) {
    const name = serviceImageName(project, s);
    progress?.working('Image', name, 'Building');
    const sink = o.quiet ? builder.quietBuildProgress() : builder.plainBuildProgress(write);
    try {
      await builder.buildImage(client, globals, serviceBuildOptions(project, s, o), sink);
    } catch (err) {
      progress?.failed('Image', name, 'Error');
      throw err;
    }
    progress?.done('Image', name, 'Built');
    built.set(s.name, name);
  }
  return built;
}

async function present(client: ContainerdClient, name: string): Promise<boolean> {
  try {
    return (await findImageRecords(client, name)).length > 0;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The services `up` must build: --build or pull_policy: build always, otherwise those whose image is missing. */
export async function servicesToBuild(client: ContainerdClient, project: Project, services: readonly Service[], mode: UpBuildMode): Promise<Service[]> {
  const out: Service[] = [];
  for (const s of services) {
    if (!s.build) continue;
    if (mode === 'never') continue;
    if (mode === 'always' || s.pull_policy === 'build' || !await present(client, serviceImageName(project, s))) out.push(s);
  }
  return out;
}

/** `up`'s build step: builds what the mode asks for; service -> image name for every service with build:. */
export async function buildForUp(client: ContainerdClient, globals: GlobalOptions, project: Project, services: readonly Service[],
  mode: UpBuildMode, loadBuilder: (() => Builder) | undefined, write: (text: string) => void, progress: Progress): Promise<Map<string, string>> {
  const todo = await servicesToBuild(client, project, services, mode);
  if (todo.length) {
    if (!loadBuilder) throw new NerdtsError('unimplemented', `service "${todo[0]!.name}" needs a build, and no builder is available`, { exitCode: 1 });
    await buildServices(client, globals, project, todo, loadBuilder(), { env: {} }, write, progress);
  }
  return new Map(services.filter((s) => s.build).map((s) => [s.name, serviceImageName(project, s)]));
}
