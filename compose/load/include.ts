// `include`: other compose projects loaded on their own (own directory, own .env) whose services,
// networks, volumes, secrets and configs are imported; local definitions of the same name are
// merged over them. compose-go loader/include.go.
import { posix } from 'node:path';
import { readEnvFiles, mergeMissing } from '../env/env-files';
import { ComposeError } from '../errors';
import { mergeTrees } from '../merge/merge';
import type { ResetMark } from '../parse/document';
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';
import { absolutePath } from '../transform/paths';
import type { LoadContext } from './context';
import { applyResets } from './reset';

const RESOURCES = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'];

function asList(v: Node | undefined): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Loads a set of files as one model (the pipeline's loadFiles, passed in to avoid an import cycle). */
export type LoadFiles = (files: { path: string }[], ctx: LoadContext) => NodeMap;

/** Loads every `include` entry of `cfg` and imports its resources into `cfg`, in place. */
export function applyInclude(cfg: NodeMap, ctx: LoadContext, file: string, marks: readonly ResetMark[], loadFiles: LoadFiles): void {
  const entries = cfg.include;
  if (entries === undefined) return;
  if (!Array.isArray(entries)) throw new ComposeError('`include` must be a list', { file, path: 'include' });
  entries.forEach((entry, i) => {
    if (!isMap(entry)) throw new ComposeError('must be a path or a mapping', { file, path: `include[${i}]` });
    const imported = loadIncluded(entry, ctx, file, i, loadFiles);
    importResources(imported, cfg, marks);
  });
  delete cfg.include;
}

function loadIncluded(entry: NodeMap, ctx: LoadContext, file: string, i: number, loadFiles: LoadFiles): NodeMap {
  const paths = asList(entry.path).map((p) => absolutePath(p, ctx.baseDir, ctx.home));
  if (paths.length === 0) throw new ComposeError('path is required', { file, path: `include[${i}]` });
  const main = paths[0]!;
  const stack = [...ctx.includeStack, file];
  if (stack.includes(main)) throw new ComposeError(`include cycle detected: ${[...stack, main].join(' include ')}`);
  const projectDir = entry.project_directory === undefined ? posix.dirname(main) : absolutePath(String(entry.project_directory), ctx.baseDir, ctx.home);
  const env = { ...ctx.env };
  mergeMissing(env, readEnvFiles(includeEnvFiles(entry, ctx, projectDir), ctx.env, ctx.host));
  const sub: LoadContext = { ...ctx, env, baseDir: projectDir, resolvePaths: true, includeStack: stack, extendsCache: new Map() };
  return loadFiles(paths.map((path) => ({ path })), sub);
}

function includeEnvFiles(entry: NodeMap, ctx: LoadContext, projectDir: string): string[] {
  if (entry.env_file === undefined) {
    const dotenv = posix.join(projectDir, '.env');
    return ctx.host.exists(dotenv) === 'file' ? [dotenv] : [];
  }
  return asList(entry.env_file).filter((f) => f !== '/dev/null').map((f) => {
    const abs = absolutePath(f, ctx.baseDir, ctx.home);
    if (ctx.host.exists(abs) === 'directory') throw new ComposeError(`${abs} is not a file`);
    return abs;
  });
}

/** Adds imported resources; a resource also defined locally is merged with the local one winning. */
function importResources(source: NodeMap, target: NodeMap, marks: readonly ResetMark[]): void {
  for (const key of RESOURCES) {
    const from = source[key];
    if (!isMap(from)) continue;
    const to: NodeMap = isMap(target[key]) ? target[key] : {};
    for (const [name, imported] of Object.entries(from)) {
      const local = Object.hasOwn(to, name) ? to[name]! : undefined;
      if (local === undefined || !isMap(imported)) { if (local === undefined) to[name] = imported; continue; }
      applyResets(imported, marks, [key, name]);
      to[name] = isMap(local) ? mergeTrees(imported, local, [key, name]) : imported;
    }
    target[key] = to;
  }
}
