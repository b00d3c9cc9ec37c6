// The first stages of every compose document: interpolate, validate against the spec, drop the
// obsolete `version`, and rewrite short syntax into long syntax.
import { interpolateTree } from '../env/interpolate';
import { ComposeError } from '../errors';
import type { NodeMap } from '../tree';
import { isMap } from '../tree';
import type { CanonicalContext } from '../transform/canonical';
import { canonicalize } from '../transform/canonical';
import { checkDocument } from '../validate/schema';
import { COMPOSE_FILE } from '../validate/spec-top';
import type { LoadContext } from './context';
import { warn } from './context';

/** Interpolates, validates and canonicalizes one YAML document of a file. */
export function prepareDocument(value: unknown, ctx: LoadContext, file: string): NodeMap {
  if (!isMap(value)) throw new ComposeError('top-level object must be a mapping');
  const cfg = value;
  if (ctx.interpolate) {
    interpolateTree(cfg, { lookup: (k) => (Object.hasOwn(ctx.env, k) ? ctx.env[k] : undefined), warn: (m) => warn(ctx, m) });
  }
  checkDocument(cfg, COMPOSE_FILE, { raw: !ctx.interpolate });
  if (cfg.version !== undefined) {
    warn(ctx, `${file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`, file);
    delete cfg.version;
  }
  canonicalize(cfg, canonicalContext(ctx, file));
  return cfg;
}

/** Canonicalization settings for a file loaded with `ctx`. */
export function canonicalContext(ctx: LoadContext, file: string): CanonicalContext {
  return { raw: !ctx.interpolate, warn: (m) => warn(ctx, m, file) };
}
