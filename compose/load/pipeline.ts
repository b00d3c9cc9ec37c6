// The per-file pipeline of compose-go's loader: parse -> interpolate -> validate -> canonical ->
// include -> reset -> extends -> merge -> unicity; then, once all files are in, defaults,
// semantic checks and relative paths. The result is a plain tree (the "model").
import { mergeTrees } from '../merge/merge';
import { enforceUnicity } from '../merge/unicity';
import type { ParsedDocument } from '../parse/document';
import { parseYaml } from '../parse/document';
import type { NodeMap } from '../tree';
import { isMap } from '../tree';
import { canonicalize } from '../transform/canonical';
import { setDefaultValues } from '../transform/defaults';
import { resolveResourceEnvironment } from '../transform/normalize';
import { resolveRelativePaths } from '../transform/paths';
import { validateSemantics } from '../validate/semantic';
import type { LoadContext } from './context';
import { located, noteOrigins, readSource } from './context';
import { applyExtends } from './extends';
import { applyInclude } from './include';
import { canonicalContext, prepareDocument } from './prepare';
import { applyResets } from './reset';

/** A compose file to load. */
export interface SourceFile {
  /** Absolute path, or `-` for stdin. */
  path: string;
  /** Text when already known (stdin). */
  content?: string;
  /** Documents when already parsed (the project name is read before loading). */
  docs?: ParsedDocument[];
}

/** Loads and merges files in order into one model (compose-go loadYamlModel). */
export function loadFiles(files: readonly SourceFile[], ctx: LoadContext): NodeMap {
  const model: NodeMap = {};
  for (const f of files) loadFileInto(model, f, ctx);
  setDefaultValues(model);
  validateSemantics(model);
  if (ctx.resolvePaths) resolveRelativePaths(model, ctx.baseDir, ctx.home);
  resolveResourceEnvironment(model, ctx.env);
  return model;
}

function loadFileInto(model: NodeMap, f: SourceFile, ctx: LoadContext): void {
  const text = readSource(ctx, f.path, f.content);
  const docs = f.docs ?? parseYaml(text, f.path);
  docs.forEach((doc, i) => {
    if (doc.value === undefined) return;
    const cfg = located(text, f.path, i, () => prepareDocument(doc.value!, ctx, f.path));
    noteOrigins(ctx, cfg, f.path);
    const composite = cfg.include !== undefined || hasExtends(cfg) || Object.keys(model).length > 0;
    applyInclude(cfg, ctx, f.path, doc.marks, loadFiles);
    applyResets(model, doc.marks);
    located(text, f.path, i, () => applyExtends(cfg, ctx, f.path, doc.marks));
    mergeTrees(model, cfg);
    if (composite) canonicalize(model, canonicalContext(ctx, f.path));
    enforceUnicity(model);
  });
}

function hasExtends(cfg: NodeMap): boolean {
  return isMap(cfg.services) && Object.values(cfg.services).some((s) => isMap(s) && s.extends !== undefined);
}
