// What every loading stage shares: host access, the interpolation environment, the directory that
// relative paths resolve against, and the warnings collected so far.
import type { ComposeWarning } from '../errors';
import { ComposeError, isComposeError } from '../errors';
import type { ComposeHost } from '../host';
import type { NodeMap } from '../tree';
import { positionsOf } from '../parse/document';
import type { Pos } from '../parse/document';

/** Shared state of one load (and of its include/extends sub-loads). */
export interface LoadContext {
  host: ComposeHost;
  /** Variables for interpolation (shell first, then env files). */
  env: Record<string, string>;
  interpolate: boolean;
  resolvePaths: boolean;
  /** Directory relative paths resolve against (the project, extended file's or include's dir). */
  baseDir: string;
  home: string | undefined;
  warnings: ComposeWarning[];
  /** Files on the current include chain, to detect cycles. */
  includeStack: string[];
  /** Files loaded for `extends: {file}`, by absolute path. */
  extendsCache: Map<string, NodeMap>;
  /** Which file last defined `services.web`, `networks.front`, ... (to locate later errors). */
  origins: Map<string, string>;
  /** Text of every file read, to find line numbers when an error is reported. */
  texts: Map<string, string>;
}

/** Records a warning once. */
export function warn(ctx: LoadContext, message: string, file?: string): void {
  if (!ctx.warnings.some((w) => w.message === message && w.file === file)) ctx.warnings.push(file === undefined ? { message } : { message, file });
}

/** Reads a compose file (`-` is stdin, whose text the caller provided). */
export function readSource(ctx: LoadContext, file: string, content?: string): string {
  let text = content;
  if (text === undefined) {
    if (ctx.host.exists(file) !== 'file') throw new ComposeError(`open ${file}: no such file or directory`, { file }, { kind: 'not-found' });
    text = ctx.host.readFile(file);
  }
  ctx.texts.set(file, text);
  return text;
}

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];

/** Remembers which file defines each resource of `cfg`. */
export function noteOrigins(ctx: LoadContext, cfg: NodeMap, file: string): void {
  for (const section of SECTIONS) {
    const defs = cfg[section];
    if (defs && typeof defs === 'object' && !Array.isArray(defs)) for (const name of Object.keys(defs)) ctx.origins.set(`${section}.${name}`, file);
  }
}

/** Adds file and line to an error raised on the merged model (binding, consistency checks). */
export function locateInModel(err: unknown, ctx: LoadContext): unknown {
  if (!isComposeError(err) || err.file !== undefined) return err;
  if (err.path === undefined) return err;
  const only = ctx.texts.size === 1 ? [...ctx.texts.keys()][0] : undefined;
  const path = err.path;
  let best = '';
  for (const key of ctx.origins.keys()) {
    if ((path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) && key.length > best.length) best = key;
  }
  const file = best ? ctx.origins.get(best) : only;
  const text = file === undefined ? undefined : ctx.texts.get(file);
  if (file === undefined || text === undefined) return err;
  for (const positions of positionsOf(text, file)) {
    const pos = nearestPosition(positions, path);
    if (pos) return err.locate(file, pos);
  }
  return err.locate(file);
}

function nearestPosition(positions: Map<string, Pos> | undefined, path: string): Pos | undefined {
  let p = path;
  while (positions && p !== '') {
    const found = positions.get(p);
    if (found) return found;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut < 0 ? '' : p.slice(0, cut);
  }
  return undefined;
}

/** Runs a per-document stage; errors it throws get the file and the line of their path. */
export function located<T>(text: string, file: string, doc: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isComposeError(err) && err.file === undefined) {
      const pos = err.path ? nearestPosition(positionsOf(text, file)[doc], err.path) : undefined;
      err.locate(file, pos);
    }
    throw err;
  }
}
