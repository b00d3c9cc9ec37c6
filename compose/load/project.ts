// The loader's entry points: options in, model tree (loadModel) or typed Project (loadProject) out.
import { posix } from 'node:path';
import { substitute } from '../env/template';
import type { ComposeWarning } from '../errors';
import { ComposeError, isComposeError } from '../errors';
import type { ComposeHost } from '../host';
import { bindModel } from '../model/bind';
import type { Project } from '../model/types';
import { parseYaml } from '../parse/document';
import type { NodeMap } from '../tree';
import { isMap, sprint } from '../tree';
import { normalizeModel } from '../transform/normalize';
import type { LoadContext } from './context';
import { locateInModel, readSource, warn } from './context';
import { finishProject } from './finish';
import type { ProjectOptions, ResolvedOptions } from './options';
import { resolveOptions } from './options';
import type { SourceFile } from './pipeline';
import { loadFiles } from './pipeline';
import { checkProjectName, normalizeProjectName } from './project-name';

/** What to load and which stages to run (the defaults are those of `docker compose up`). */
export interface LoadOptions extends ProjectOptions {
  /** Services named on the command line: their profiles are enabled and only they (and their dependencies) are kept. */
  services?: string[];
  /** false: `--no-interpolate`. */
  interpolate?: boolean;
  /** false: `--no-normalize` (no default network, no resource names). */
  normalize?: boolean;
  /** false: `--no-path-resolution`. */
  resolvePaths?: boolean;
  /** false: `--no-consistency`. */
  consistency?: boolean;
  /** false: `--no-env-resolution` (env_file is not read into environment). */
  resolveEnvironment?: boolean;
  /** Drop env_file / label_file once read into environment / labels (`compose config`). */
  discardEnvFiles?: boolean;
  /** Keep networks, volumes, secrets and configs no service uses (`--all-resources`). */
  allResources?: boolean;
}

/** The merged model tree and what was resolved to load it. */
export interface LoadedModel {
  /** The merged, canonical (and normalized) model as a plain tree. */
  model: NodeMap;
  name: string;
  workingDir: string;
  composeFiles: string[];
  environment: Record<string, string>;
  envFiles: string[];
  profiles: string[];
  warnings: ComposeWarning[];
  /** @internal context for locating later errors. */
  context: LoadContext;
}

/** Loads and merges the compose files into a plain model tree (`compose config --no-interpolate`). */
export function loadModel(options: LoadOptions, host: ComposeHost): LoadedModel {
  const resolved = resolveOptions(options, host);
  const ctx: LoadContext = {
    host, env: resolved.environment, interpolate: options.interpolate !== false, resolvePaths: options.resolvePaths !== false,
    baseDir: resolved.workingDir, home: resolved.environment.HOME, warnings: resolved.warnings, includeStack: [],
    extendsCache: new Map(), origins: new Map(), texts: new Map(),
  };
  const sources = resolved.files.map((path) => {
    const content = readSource(ctx, path, path === '-' ? options.stdin ?? '' : undefined);
    return { path, content, docs: parseYaml(content, path) };
  });
  const name = projectName(resolved, sources, ctx, options);
  ctx.env.COMPOSE_PROJECT_NAME = name;
  let model: NodeMap;
  try {
    model = loadFiles(sources, ctx);
    if (Object.keys(model).length === 0) throw new ComposeError('empty compose file', { file: resolved.files[0] });
    if (name === '') throw new ComposeError('project name must not be empty', {}, { hint: 'use -p or a top-level name:' });
    if (options.normalize !== false) {
      model.name = name;
      normalizeModel(model, name, ctx.env);
    }
  } catch (err) {
    throw locateInModel(err, ctx);
  }
  return {
    model, name, workingDir: resolved.workingDir, composeFiles: resolved.files, environment: ctx.env,
    envFiles: resolved.envFiles, profiles: resolved.profiles, warnings: ctx.warnings, context: ctx,
  };
}

/** Loads compose files into a typed, validated Project (what `up`, `config`, ... work on). */
export function loadProject(options: LoadOptions, host: ComposeHost): Project {
  const loaded = loadModel(options, host);
  const ctx = loaded.context;
  try {
    const bound = bindModel(loaded.model, (message, path) => warn(ctx, `${path}: ${message}`));
    return finishProject(loaded, bound, options, host);
  } catch (err) {
    throw locateInModel(err, ctx);
  }
}

/** -p, then COMPOSE_PROJECT_NAME, then the last `name:` of the files, then the directory name. */
function projectName(resolved: ResolvedOptions, sources: SourceFile[], ctx: LoadContext, options: LoadOptions): string {
  if (resolved.imperativeName !== undefined) return checkProjectName(resolved.imperativeName);
  let fromFiles = '';
  let file = '';
  for (const s of sources) {
    for (const doc of s.docs ?? []) {
      const n = isMap(doc.value) ? doc.value.name : undefined;
      if (n !== undefined && n !== null && n !== '') { fromFiles = typeof n === 'string' ? n : sprint(n); file = s.path; }
    }
  }
  if (fromFiles === '') return normalizeProjectName(posix.basename(resolved.workingDir));
  let name = fromFiles;
  if (options.interpolate !== false) {
    try {
      name = substitute(fromFiles, (k) => (Object.hasOwn(ctx.env, k) ? ctx.env[k] : undefined));
    } catch (err) {
      if (isComposeError(err)) throw new ComposeError(err.reason, { file, path: 'name' });
      throw err;
    }
  }
  return options.normalize === false ? name : normalizeProjectName(name);
}
