// The interpolate stage: substitutes variables in every string value of one file's tree (never in
// keys), then casts strings back to numbers and booleans where the spec expects them.
import { ComposeError } from '../errors';
import type { Node, NodeMap, Path, RuleCursor } from '../tree';
import { PathRules, formatPath, isMap } from '../tree';
import type { Lookup } from './template';
import { substitute } from './template';

type Cast = (value: string, warn: (message: string) => void) => Node;

const toInt: Cast = (v) => {
  if (!/^[-+]?[0-9]+$/.test(v)) throw new Error(`"${v}" is not an integer`);
  return Number(v);
};
const toFloat: Cast = (v) => {
  const n = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new Error(`"${v}" is not a number`);
  return n;
};
const toFloat32: Cast = (v, w) => Math.fround(toFloat(v, w) as number);
const toBool: Cast = (v, warn) => {
  switch (v.toLowerCase()) {
    case 'true': return true;
    case 'false': return false;
    case 'y': case 'yes': case 'on':
      warn(`"${v}" for boolean is not supported by YAML 1.2, please use \`true\``);
      return true;
    case 'n': case 'no': case 'off':
      warn(`"${v}" for boolean is not supported by YAML 1.2, please use \`false\``);
      return false;
    default: throw new Error(`invalid boolean: ${v}`);
  }
};

const S = 'services.*.';
/** Where compose casts interpolated strings back (compose-go loader/interpolate.go). */
const CASTS = new PathRules<Cast>({
  [`${S}cpu_count`]: toInt, [`${S}cpu_percent`]: toFloat, [`${S}cpu_period`]: toInt,
  [`${S}cpu_quota`]: toInt, [`${S}cpu_rt_period`]: toInt, [`${S}cpu_rt_runtime`]: toInt,
  [`${S}cpus`]: toFloat32, [`${S}cpu_shares`]: toInt, [`${S}init`]: toBool,
  [`${S}depends_on.*.required`]: toBool, [`${S}depends_on.*.restart`]: toBool,
  [`${S}deploy.replicas`]: toInt, [`${S}deploy.update_config.parallelism`]: toInt,
  [`${S}deploy.update_config.max_failure_ratio`]: toFloat, [`${S}deploy.rollback_config.parallelism`]: toInt,
  [`${S}deploy.rollback_config.max_failure_ratio`]: toFloat, [`${S}deploy.restart_policy.max_attempts`]: toInt,
  [`${S}deploy.placement.max_replicas_per_node`]: toInt, [`${S}healthcheck.retries`]: toInt,
  [`${S}healthcheck.disable`]: toBool, [`${S}oom_kill_disable`]: toBool, [`${S}oom_score_adj`]: toInt,
  [`${S}pids_limit`]: toInt, [`${S}ports.[].target`]: toInt, [`${S}privileged`]: toBool,
  [`${S}read_only`]: toBool, [`${S}scale`]: toInt, [`${S}stdin_open`]: toBool, [`${S}tty`]: toBool,
  [`${S}ulimits.*`]: toInt, [`${S}ulimits.*.hard`]: toInt, [`${S}ulimits.*.soft`]: toInt,
  [`${S}volumes.[].read_only`]: toBool, [`${S}volumes.[].volume.nocopy`]: toBool,
  'networks.*.external': toBool, 'networks.*.internal': toBool, 'networks.*.attachable': toBool,
  'networks.*.enable_ipv4': toBool, 'networks.*.enable_ipv6': toBool, 'volumes.*.external': toBool,
  'secrets.*.external': toBool, 'configs.*.external': toBool,
});

/** Where variables come from and where warnings go. */
export interface InterpolateContext {
  lookup: Lookup;
  /** Called once per unset variable and per lenient boolean. */
  warn: (message: string) => void;
}

/** Interpolates a tree in place (it is a fresh tree from the parser). */
export function interpolateTree(root: NodeMap, ctx: InterpolateContext): void {
  const unset = new Set<string>();
  const onUnset = (name: string): void => {
    if (unset.has(name)) return;
    unset.add(name);
    ctx.warn(`The "${name}" variable is not set. Defaulting to a blank string.`);
  };
  walkMap(root, [], CASTS.start(), ctx, onUnset);
}

function walkMap(map: NodeMap, path: (string | number)[], cur: RuleCursor<Cast>, ctx: InterpolateContext, onUnset: (n: string) => void): void {
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    path.push(key);
    map[key] = visit(map[key]!, path, CASTS.step(cur, key), ctx, onUnset);
    path.pop();
  }
}

function visit(v: Node, path: (string | number)[], cur: RuleCursor<Cast>, ctx: InterpolateContext, onUnset: (n: string) => void): Node {
  if (typeof v === 'string') return interpolateString(v, path, cur, ctx, onUnset);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      v[i] = visit(v[i]!, path, CASTS.step(cur, i), ctx, onUnset);
      path.pop();
    }
  } else if (isMap(v)) {
    walkMap(v, path, cur, ctx, onUnset);
  }
  return v;
}

function interpolateString(v: string, path: Path, cur: RuleCursor<Cast>, ctx: InterpolateContext, onUnset: (n: string) => void): Node {
  let out: string;
  try {
    out = substitute(v, ctx.lookup, onUnset);
  } catch (err) {
    if (err instanceof ComposeError) throw new ComposeError(err.reason, { path: [...path] });
    throw err;
  }
  const cast = cur.length > 0 ? CASTS.rule(cur) : undefined;
  if (!cast) return out;
  try {
    return cast(out, ctx.warn);
  } catch (err) {
    throw new ComposeError(`failed to cast to expected type: ${(err as Error).message}`, { path: formatPath(path) });
  }
}
