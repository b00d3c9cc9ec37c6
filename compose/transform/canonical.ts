// The canonical stage: rewrites short syntax into long syntax, per file, so that merging and
// binding see one shape (compose-go transform/canonical.go). Rules are keyed by path.
import { ComposeError } from '../errors';
import type { Node, NodeMap, RuleCursor } from '../tree';
import { PathRules, formatPath, isMap, sprint } from '../tree';
import { parsePortSpec } from './ports';
import { parseVolumeSpec } from './volumes';

/** Settings of the canonical stage. */
export interface CanonicalContext {
  /** Interpolation was skipped: unparseable short syntax (e.g. `${PORT}:80`) is kept as written. */
  raw: boolean;
  warn: (message: string, path: string) => void;
}

type Rule = (v: Node, ctx: CanonicalContext, path: string) => Node;

function wrongType(what: string): never {
  throw new ComposeError(`invalid type for ${what}`);
}

const stringToList: Rule = (v) => (typeof v === 'string' ? [v] : v);
const listToNullMap: Rule = (v) => {
  if (!Array.isArray(v)) return v;
  const m: NodeMap = {};
  for (const k of v) m[String(k)] = null;
  return m;
};
const toStringValue: Rule = (v) => (typeof v === 'string' ? v : sprint(v));
const toBuild: Rule = (v) => (typeof v === 'string' ? { context: v } : isMap(v) ? v : wrongType('build'));
const toExtends: Rule = (v) => (typeof v === 'string' ? { service: v } : isMap(v) ? v : wrongType('extends'));
const toInclude: Rule = (v) => (typeof v === 'string' ? { path: v } : isMap(v) ? v : wrongType('include'));
const toFileRef: Rule = (v) => (typeof v === 'string' ? { source: v } : isMap(v) ? v : wrongType('a secret or config reference'));
const toGpus: Rule = (v) => (typeof v === 'string' ? [{ count: 'all' }] : v);

const toDependsOn: Rule = (v) => {
  if (Array.isArray(v)) {
    const m: NodeMap = {};
    for (const name of v) m[String(name)] = { condition: 'service_started', required: true };
    return m;
  }
  if (!isMap(v)) return wrongType('depends_on');
  for (const dep of Object.values(v)) {
    if (!isMap(dep)) return wrongType('depends_on');
    dep.condition ??= 'service_started';
    dep.required ??= true;
  }
  return v;
};

const toEnvFiles: Rule = (v) => {
  const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v : wrongType('env_file');
  return items.map((e) => {
    if (typeof e === 'string') return { path: e, required: true };
    if (isMap(e)) { e.required ??= true; return e; }
    return wrongType('env_file');
  });
};

const toVolumeMount: Rule = (v, ctx) => {
  if (isMap(v)) return v;
  if (typeof v !== 'string') return wrongType('a service volume');
  try {
    return parseVolumeSpec(v);
  } catch (err) {
    if (ctx.raw) return v;
    throw err;
  }
};

const toDevice: Rule = (v, ctx) => {
  if (isMap(v)) return v;
  if (typeof v !== 'string') return wrongType('a device');
  const parts = v.split(':');
  if (parts.length > 3) {
    if (ctx.raw) return v;
    throw new ComposeError(`confusing device mapping, please use long syntax: ${v}`);
  }
  const [source, target, permissions] = parts;
  return { source: source!, target: target || source!, permissions: permissions ?? 'rwm' };
};

const toPorts: Rule = (v, ctx, path) => {
  if (!Array.isArray(v)) return wrongType('ports');
  const out: Node[] = [];
  v.forEach((e, i) => {
    if (isMap(e)) {
      if (typeof e.published === 'number') e.published = String(e.published);
      out.push(e);
    } else if (typeof e === 'string' || typeof e === 'number') {
      try {
        out.push(...parsePortSpec(String(e)));
      } catch (err) {
        if (!ctx.raw && err instanceof ComposeError) throw new ComposeError(err.reason, { path: `${path}[${i}]` });
        if (!ctx.raw) throw err;
        out.push(e);
      }
    } else {
      wrongType('a port');
    }
  });
  return out;
};

const toSSH: Rule = (v) => {
  if (!Array.isArray(v)) return v;
  const m: NodeMap = {};
  for (const e of v) {
    const s = String(e);
    const eq = s.indexOf('=');
    if (eq < 0 && s !== 'default') throw new ComposeError(`invalid ssh key "${s}"`);
    m[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? null : s.slice(eq + 1);
  }
  return m;
};

const toKeyValueMap: Rule = (v, ctx) => {
  if (!Array.isArray(v)) return v;
  const m: NodeMap = {};
  for (const e of v) {
    const s = String(e);
    const eq = s.indexOf('=');
    if (eq < 0) {
      if (ctx.raw) return v;
      throw new ComposeError(`invalid value ${s}, expected key=value`);
    }
    m[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return m;
};

const toDns: Rule = (v) => {
  const list = typeof v === 'string' ? [v] : v;
  return Array.isArray(list) ? list.filter((e) => e !== '' && e !== null) : list;
};

/** `external: {name: x}` (deprecated) becomes `external: true` plus `name: x`. */
const toExternal: Rule = (v, ctx, path) => {
  if (!isMap(v) || !isMap(v.external)) return v;
  const extName = v.external.name;
  v.external = true;
  if (extName === undefined) return v;
  ctx.warn(`${path}: external.name is deprecated. Please set name and external: true`, path);
  if (v.name !== undefined && v.name !== extName) throw new ComposeError('name and external.name conflict; only use name');
  v.name ??= extName;
  return v;
};

const RULES = new PathRules<Rule>({
  'services.*.build': toBuild,
  'services.*.build.secrets.[]': toFileRef,
  'services.*.build.ssh': toSSH,
  'services.*.build.additional_contexts': toKeyValueMap,
  'services.*.build.provenance': toStringValue,
  'services.*.build.sbom': toStringValue,
  'services.*.depends_on': toDependsOn,
  'services.*.env_file': toEnvFiles,
  'services.*.label_file': stringToList,
  'services.*.extends': toExtends,
  'services.*.gpus': toGpus,
  'services.*.networks': listToNullMap,
  'services.*.models': listToNullMap,
  'services.*.volumes.[]': toVolumeMount,
  'services.*.dns': toDns,
  'services.*.devices.[]': toDevice,
  'services.*.secrets.[]': toFileRef,
  'services.*.configs.[]': toFileRef,
  'services.*.ports': toPorts,
  'services.*.develop.watch.[].ignore': stringToList,
  'services.*.develop.watch.[].include': stringToList,
  'volumes.*': toExternal,
  'networks.*': toExternal,
  'secrets.*': toExternal,
  'configs.*': toExternal,
  'include.[]': toInclude,
});

/** Rewrites one file's tree into canonical (long) syntax, in place. */
export function canonicalize(root: NodeMap, ctx: CanonicalContext): void {
  walkMap(root, [], RULES.start(), ctx);
}

function walkMap(m: NodeMap, path: (string | number)[], cur: RuleCursor<Rule>, ctx: CanonicalContext): void {
  const keys = Object.keys(m);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    path.push(k);
    m[k] = visit(m[k]!, path, RULES.step(cur, k), ctx);
    path.pop();
  }
}

function visit(v: Node, path: (string | number)[], cur: RuleCursor<Rule>, ctx: CanonicalContext): Node {
  if (cur.length === 0) return v;
  const rule = RULES.rule(cur);
  if (rule) {
    try {
      v = rule(v, ctx, formatPath(path));
    } catch (err) {
      if (err instanceof ComposeError && err.path === undefined) throw new ComposeError(err.reason, { path: formatPath(path) });
      throw err;
    }
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      v[i] = visit(v[i]!, path, RULES.step(cur, i), ctx);
      path.pop();
    }
  } else if (isMap(v)) {
    walkMap(v, path, cur, ctx);
  }
  return v;
}
