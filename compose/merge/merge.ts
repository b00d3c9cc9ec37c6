// The merge stage: overlays one compose tree on another (`-f a -f b`, override files, extends,
// include). Mappings merge key by key, scalars are replaced, sequences are appended, and the
// attributes below follow their own rule (compose-spec 13-merge.md, compose-go override/merge.go).
import { ComposeError } from '../errors';
import type { Node, NodeMap, Path, RuleCursor } from '../tree';
import { PathRules, formatPath, isMap, sprint } from '../tree';

type Merger = (base: Node, over: Node, path: (string | number)[], cur: RuleCursor<Merger>) => Node;

/** Map-or-list attributes become `k=v` lists so both syntaxes mix (de-duplicated by unicity.ts). */
const toSequence: Merger = (base, over) => [...asSequence(base), ...asSequence(over)];
const replace: Merger = (_base, over) => over;

const mergeBuild: Merger = (base, over, path, cur) => mergeMaps(asBuild(base), asBuild(over), path, cur);
const mergeNetworks: Merger = (base, over, path, cur) => mergeMaps(asNullMap(base), asNullMap(over), path, cur);
const mergeDependsOn: Merger = (base, over, path, cur) => mergeMaps(asDependsOn(base), asDependsOn(over), path, cur);

/** Logging options merge only when both sides use the same driver (or one does not say). */
const mergeLogging: Merger = (base, over, path, cur) => {
  if (!isMap(base) || !isMap(over)) return over;
  const a = base.driver;
  const b = over.driver;
  if (a === undefined || b === undefined || a === b) return mergeMaps(base, over, path, cur);
  return over;
};

const mergeExtraHosts: Merger = (base, over) => {
  const left = asSequence(base);
  const right = asSequence(over).filter((e) => !left.includes(e));
  return [...left, ...right];
};

/** IPAM pools merge by subnet. */
const mergeIpamConfig: Merger = (base, over, path, cur) => {
  if (!Array.isArray(base) || !Array.isArray(over)) throw new ComposeError('must be a list', { path: formatPath(path) });
  const out: NodeMap[] = base.filter(isMap).map((m) => ({ ...m }));
  for (const o of over.filter(isMap)) {
    const i = out.findIndex((m) => m.subnet === o.subnet);
    if (i < 0) out.push(o);
    else out[i] = mergeMaps(out[i]!, o, path, cur);
  }
  return out;
};

const S = 'services.*.';
const SPECIAL = new PathRules<Merger>({
  'networks.*.ipam.config': mergeIpamConfig,
  'networks.*.labels': toSequence, 'volumes.*.labels': toSequence,
  [`${S}annotations`]: toSequence, [`${S}build`]: mergeBuild, [`${S}build.args`]: toSequence,
  [`${S}build.additional_contexts`]: toSequence, [`${S}build.extra_hosts`]: mergeExtraHosts,
  [`${S}build.labels`]: toSequence, [`${S}command`]: replace, [`${S}depends_on`]: mergeDependsOn,
  [`${S}deploy.labels`]: toSequence, [`${S}dns`]: toSequence, [`${S}dns_opt`]: toSequence,
  [`${S}dns_search`]: toSequence, [`${S}entrypoint`]: replace, [`${S}env_file`]: toSequence,
  [`${S}label_file`]: toSequence, [`${S}environment`]: toSequence, [`${S}extra_hosts`]: mergeExtraHosts,
  [`${S}healthcheck.test`]: replace, [`${S}labels`]: toSequence, [`${S}volumes.[].volume.labels`]: toSequence,
  [`${S}logging`]: mergeLogging, [`${S}models`]: mergeNetworks, [`${S}networks`]: mergeNetworks,
  [`${S}sysctls`]: toSequence, [`${S}tmpfs`]: toSequence, [`${S}ulimits.*`]: replace,
});

/** Merges `over` into `base` (mutating and returning base). `at` is where these trees sit in a model. */
export function mergeTrees(base: NodeMap, over: NodeMap, at: Path = []): NodeMap {
  let cur = SPECIAL.start();
  for (const seg of at) cur = SPECIAL.step(cur, seg);
  return mergeMaps(base, over, [...at], cur);
}

function mergeNode(base: Node, over: Node, path: (string | number)[], cur: RuleCursor<Merger>): Node {
  const special = cur.length > 0 ? SPECIAL.rule(cur) : undefined;
  if (special) return special(base, over, path, cur);
  if (over === null) return base;
  if (isMap(base)) {
    if (!isMap(over)) throw new ComposeError('cannot override a mapping with another type', { path: formatPath(path) });
    return mergeMaps(base, over, path, cur);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(over)) throw new ComposeError('cannot override a list with another type', { path: formatPath(path) });
    return [...base, ...over];
  }
  return over;
}

function mergeMaps(base: NodeMap, over: NodeMap, path: (string | number)[], cur: RuleCursor<Merger>): NodeMap {
  for (const k of Object.keys(over)) {
    if (!Object.hasOwn(base, k)) { base[k] = over[k]!; continue; }
    path.push(k);
    base[k] = mergeNode(base[k]!, over[k]!, path, SPECIAL.step(cur, k));
    path.pop();
  }
  return base;
}

/** `{A: 1, B: null}` -> `['A=1', 'B']` (sorted, as compose does); lists pass through. */
export function asSequence(v: Node): Node[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [v];
  if (!isMap(v)) return [];
  const out: string[] = [];
  for (const k of Object.keys(v)) {
    const val = v[k]!;
    if (val === null) out.push(k);
    else if (Array.isArray(val)) for (const e of val) out.push(`${k}=${sprint(e)}`);
    else out.push(`${k}=${sprint(val)}`);
  }
  return out.sort();
}

function asBuild(v: Node): NodeMap {
  return typeof v === 'string' ? { context: v } : isMap(v) ? v : {};
}

function asNullMap(v: Node): NodeMap {
  if (isMap(v)) return v;
  const m: NodeMap = {};
  if (Array.isArray(v)) for (const e of v) m[String(e)] = null;
  return m;
}

function asDependsOn(v: Node): NodeMap {
  if (isMap(v)) return v;
  const m: NodeMap = {};
  if (Array.isArray(v)) for (const e of v) m[String(e)] = { condition: 'service_started', required: true };
  return m;
}
