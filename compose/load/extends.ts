// `extends`: a service starts from another service (same file or another file) and overrides it,
// with the same merge rules as multiple files. Relative paths of an extended file resolve against
// that file's directory. compose-go loader/extends.go.
import { posix } from 'node:path';
import { ComposeError } from '../errors';
import { mergeTrees } from '../merge/merge';
import { enforceUnicity } from '../merge/unicity';
import type { ResetMark } from '../parse/document';
import { parseYaml } from '../parse/document';
import type { Node, NodeMap } from '../tree';
import { deepClone, isMap } from '../tree';
import { absolutePath, resolveRelativePaths } from '../transform/paths';
import type { LoadContext } from './context';
import { located, readSource } from './context';
import { prepareDocument } from './prepare';
import { applyResets } from './reset';

interface Ref { file: string; service: string }

/** Resolves every `extends` of one file's services, in place. */
export function applyExtends(cfg: NodeMap, ctx: LoadContext, file: string, marks: readonly ResetMark[]): void {
  const services = cfg.services;
  if (!isMap(services)) return;
  for (const name of Object.keys(services)) resolveService(name, services, file, ctx, marks, []);
}

function resolveService(name: string, services: NodeMap, file: string, ctx: LoadContext, marks: readonly ResetMark[], chain: Ref[]): Node {
  const svc = services[name]!;
  if (!isMap(svc) || svc.extends === undefined) return svc;
  const ext = svc.extends;
  if (!isMap(ext) || typeof ext.service !== 'string') throw new ComposeError('service is required', { path: `services.${name}.extends` });
  if (chain.some((r) => r.file === file && r.service === name)) throw circular([...chain, { file, service: name }]);
  const ref = ext.service;
  let baseServices = services;
  let baseFile = file;
  let baseCtx = ctx;
  if (typeof ext.file === 'string') {
    baseFile = absolutePath(ext.file, ctx.baseDir, ctx.home);
    baseServices = extendedFileServices(baseFile, ctx, name, file);
    baseCtx = { ...ctx, baseDir: posix.dirname(baseFile) };
    if (!Object.hasOwn(baseServices, ref)) {
      throw new ComposeError(`cannot extend service "${name}" in ${file}: service "${ref}" not found in ${ext.file}`);
    }
  } else if (!Object.hasOwn(services, ref)) {
    throw new ComposeError(`cannot extend service "${name}" in ${file}: service "${ref}" not found`, { path: `services.${name}.extends` });
  }
  const base = resolveService(ref, baseServices, baseFile, baseCtx, baseFile === file ? marks : [], [...chain, { file, service: name }]);
  const clone: NodeMap = isMap(base) ? deepClone(base) : {};
  applyResets(clone, marks, ['services', name]);
  const merged = mergeTrees(clone, svc, ['services', name]);
  delete merged.extends;
  services[name] = merged;
  return merged;
}

function circular(chain: Ref[]): ComposeError {
  const [first, ...rest] = chain;
  const parts = [`${first!.service} in ${first!.file}`, ...rest.map((r) => `extends ${r.service} in ${r.file}`)];
  return new ComposeError(`Circular reference: ${parts.join(', ')}`);
}

/** The services of a file used only as an `extends` base (interpolated, canonical, paths resolved). */
function extendedFileServices(file: string, ctx: LoadContext, name: string, from: string): NodeMap {
  let dict = ctx.extendsCache.get(file);
  if (!dict) {
    const text = readSource(ctx, file);
    const sub: LoadContext = { ...ctx, baseDir: posix.dirname(file) };
    const model: NodeMap = {};
    parseYaml(text, file).forEach((doc, i) => {
      if (doc.value === undefined) return;
      const cfg = located(text, file, i, () => prepareDocument(doc.value, sub, file));
      applyResets(model, doc.marks);
      mergeTrees(model, cfg);
      enforceUnicity(model);
    });
    resolveRelativePaths(model, posix.dirname(file), ctx.home);
    dict = model;
    ctx.extendsCache.set(file, dict);
  }
  if (!isMap(dict.services)) throw new ComposeError(`cannot extend service "${name}" in ${from}: no services section in ${file}`);
  return dict.services;
}
