// `nerdts compose config`: load the project with the compose library and print it in docker
// compose's canonical shape, or one of its lists (--services, --volumes, --images, --hash ...).
import { writeFileSync } from 'node:fs';
import type { ComposeHost, ConfigFormat, LoadOptions, Project } from '../../../compose';
import {
  configHashes, configImages, configNetworks, configProfiles, configServices, configVolumes,
  loadModel, loadProject, nodeHost, renderModel, renderProject,
} from '../../../compose';
import type { GlobalOptions } from '../../config';
import { invalidArgument, NerdtsError, notFound } from '../../errors';
import type { Output } from '../../output';
import type { ComposeProjectFlags } from './project-options';
import { printWarnings, projectOptions, withComposeErrors } from './project-options';

/** Flags of `compose config` (camelCase of docker compose's names). */
export interface ConfigOptions {
  project: ComposeProjectFlags;
  /** SERVICE... arguments. */
  services: string[];
  format?: string;
  quiet?: boolean;
  listServices?: boolean;
  volumes?: boolean;
  networks?: boolean;
  profiles?: boolean;
  images?: boolean;
  /** `--hash '*'` or `--hash a,b`. */
  hash?: string;
  noInterpolate?: boolean;
  noNormalize?: boolean;
  noPathResolution?: boolean;
  noConsistency?: boolean;
  noEnvResolution?: boolean;
  resolveImageDigests?: boolean;
  /** `-o FILE`: write the rendered model there instead of stdout. */
  output?: string;
}

function configFormat(format: string | undefined): ConfigFormat {
  if (format === undefined || format === '' || format === 'yaml') return 'yaml';
  if (format === 'json') return 'json';
  throw invalidArgument(`unsupported format "${format}"`, { hint: 'use --format yaml or --format json' });
}

function loadOptions(o: ConfigOptions, services: string[]): LoadOptions {
  return {
    ...projectOptions(o.project), services,
    interpolate: !o.noInterpolate, normalize: !o.noNormalize, resolvePaths: !o.noPathResolution,
    consistency: !o.noConsistency, resolveEnvironment: !o.noEnvResolution, discardEnvFiles: true,
  };
}

function loadFor(o: ConfigOptions, services: string[], io: Output, host: ComposeHost): Project {
  const project = withComposeErrors(() => loadProject(loadOptions(o, services), host));
  printWarnings(project.warnings, io);
  return project;
}

const lines = (names: readonly string[]): string => names.map((n) => `${n}\n`).join('');

/** The list modes, in docker compose's order of precedence; undefined when none was asked for. */
function listing(o: ConfigOptions, io: Output, host: ComposeHost): string | undefined {
  if (o.listServices) return lines(configServices(loadFor(o, [], io, host)));
  if (o.volumes) return lines(configVolumes(loadFor(o, [], io, host)));
  if (o.networks) return lines(configNetworks(loadFor(o, [], io, host)));
  if (o.hash !== undefined && o.hash !== '') return hashLines(loadFor(o, [], io, host), o.hash);
  if (o.profiles) return lines(configProfiles(loadFor(o, o.services, io, host)));
  if (o.images) return lines(configImages(loadFor(o, o.services, io, host)));
  return undefined;
}

function hashLines(project: Project, spec: string): string {
  const names = spec === '*' ? '*' : spec.split(',');
  if (names !== '*') {
    const unknown = names.find((n) => !Object.hasOwn(project.services, n));
    if (unknown !== undefined) throw notFound(`no such service: ${unknown}`);
  }
  return configHashes(project, names).map(([n, h]) => `${n} ${h}\n`).join('');
}

/** The whole model: interpolated and typed, or (--no-interpolate) the merged raw tree. */
function renderConfig(o: ConfigOptions, format: ConfigFormat, io: Output, host: ComposeHost): string {
  if (o.noInterpolate) {
    const model = withComposeErrors(() => loadModel(loadOptions(o, o.services), host));
    printWarnings(model.warnings, io);
    return renderModel(model.model, format);
  }
  return renderProject(loadFor(o, o.services, io, host), format);
}

/** Runs `compose config`; -q only validates, -o writes the model to a file. */
export function config(_globals: GlobalOptions, o: ConfigOptions, io: Output): void {
  configWith(nodeHost(), o, io);
}

/** config over a given ComposeHost (the start-up snapshot's warm-up passes an in-memory one). */
export function configWith(host: ComposeHost, o: ConfigOptions, io: Output): void {
  if (o.resolveImageDigests) {
    throw new NerdtsError('unimplemented', '--resolve-image-digests is not supported yet', { hint: 'run without it; images keep their tags' });
  }
  const format = configFormat(o.format);
  const list = listing(o, io, host);
  if (list !== undefined) {
    if (!o.quiet) io.out(list);
    return;
  }
  const text = renderConfig(o, format, io, host);
  if (o.quiet) return;
  if (o.output !== undefined && o.output !== '') {
    if (text.length > 0) writeFileSync(o.output, text, { mode: 0o666 });
    return;
  }
  io.out(text);
}
