// `nerdts compose build`: builds the images of the services with a build: section (all, or the
// named ones), one after another, with the build chunk the caller loads.
import type { GlobalOptions } from '../../config';
import type { Output } from '../../output';
import { buildServices } from '../runtime/build-images';
import type { Builder } from '../runtime/build-images';
import { connect, loadRuntimeProject } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface ComposeBuildOptions {
  project: ComposeProjectFlags;
  services: string[];
  noCache: boolean;
  pull: boolean;
  quiet: boolean;
  /** --build-arg K=V */
  buildArgs: string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Loads the build chunk (only when a service has something to build). */
  builder: () => Builder;
}

/** Runs `compose build`. */
export async function build(globals: GlobalOptions, o: ComposeBuildOptions, io: Output): Promise<void> {
  const project = loadRuntimeProject(o.project, o.services, io);
  const names = (o.services.length ? o.services : Object.keys(project.services)).sort();
  const services = names.map((n) => project.services[n]!).filter((s) => s.build);
  if (!services.length) return;
  const client = await connect(globals, io);
  await buildServices(client, globals, project, services, o.builder(), {
    noCache: o.noCache, pull: o.pull, quiet: o.quiet, buildArgs: o.buildArgs, env: o.env ?? process.env,
  }, (t) => io.err(t));
}
