// `ps --filter` with docker's semantics: values of one key are ORed, different keys ANDed;
// name and id are unanchored regular expressions; label=key or key=value (all must match);
// status/exited/before/since/ancestor/volume/network. Pure over prepared candidates.
import { invalidArgument } from '../errors';
import { CONTAINER_STATES } from './status';
import { parseExpose } from './ports';
import type { ContainerState } from './status';

/** What a filter looks at for one container. */
export interface FilterCandidate {
  id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  state: ContainerState;
  exitCode: number;
  createdMs: number;
  /** The containerd image name. */
  image: string;
  /** Volume names and mount destinations. */
  volumes: readonly string[];
  networks: readonly string[];
  /** Published container ports ("80/tcp") and exposed ones; set when a publish/expose filter is used. */
  published?: readonly string[];
  exposed?: readonly string[];
  /** starting|healthy|unhealthy|none; set when a health filter is used. */
  health?: string;
}

export type ParsedFilters = Map<string, string[]>;

const KNOWN = new Set(['id', 'name', 'label', 'status', 'exited', 'ancestor', 'volume', 'network', 'before', 'since', 'publish', 'expose', 'health']);
const HEALTH_VALUES = ['starting', 'healthy', 'unhealthy', 'none'];

/** Parses "key=value" filter flags; docker's errors for unknown keys and bad values. */
export function parseFilters(values: readonly string[] = []): ParsedFilters {
  const out: ParsedFilters = new Map();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw invalidArgument(`bad format of filter (expected name=value)`);
    const key = v.slice(0, eq).toLowerCase();
    const value = v.slice(eq + 1);
    if (!KNOWN.has(key)) throw invalidArgument(`invalid filter '${key}'`);
    if (key === 'status' && !CONTAINER_STATES.includes(value as ContainerState) && value !== 'removing') {
      throw invalidArgument(`Unrecognised filter value for status: ${value}`);
    }
    if (key === 'health' && !HEALTH_VALUES.includes(value)) throw invalidArgument(`Unrecognised filter value for health: ${value}`);
    if (key === 'exited' && !/^-?\d+$/.test(value)) throw invalidArgument(`invalid filter 'exited=${value}'`);
    if (key === 'publish' || key === 'expose') portFilterValues(key, value);
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/** Filters that show stopped containers without -a. */
export const impliesAll = (f: ParsedFilters): boolean => f.has('status') || f.has('exited');

function regexMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

function labelMatch(spec: string, labels: Readonly<Record<string, string>>): boolean {
  const eq = spec.indexOf('=');
  if (eq === -1) return spec in labels;
  return labels[spec.slice(0, eq)] === spec.slice(eq + 1);
}

export interface FilterContext {
  /** Image names that `ancestor=<value>` stands for (resolved by the caller). */
  ancestors?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Creation times of the containers named by before=/since= values. */
  createdOf?: ReadonlyMap<string, number>;
}

/** True when the candidate passes every filter. */
export function matchesFilters(c: FilterCandidate, f: ParsedFilters, ctx: FilterContext = {}): boolean {
  const any = (key: string, test: (v: string) => boolean): boolean => !f.has(key) || f.get(key)!.some(test);
  return any('id', (v) => regexMatch(v, c.id))
    && any('name', (v) => regexMatch(v, `/${c.name}`) || regexMatch(v, c.name))
    && (f.get('label') ?? []).every((v) => labelMatch(v, c.labels))
    && any('status', (v) => v === c.state)
    && any('exited', (v) => c.state === 'exited' && Number(v) === c.exitCode)
    && any('ancestor', (v) => ctx.ancestors?.get(v)?.has(c.image) ?? false)
    && any('volume', (v) => c.volumes.includes(v))
    && any('network', (v) => c.networks.includes(v))
    && any('health', (v) => v === (c.health ?? 'none'))
    && any('publish', (v) => portFilterValues('publish', v).some((k) => c.published?.includes(k)))
    && any('expose', (v) => portFilterValues('expose', v).some((k) => c.exposed?.includes(k)))
    && (f.get('before') ?? []).every((v) => c.createdMs < (ctx.createdOf?.get(v) ?? -Infinity))
    && (f.get('since') ?? []).every((v) => c.createdMs > (ctx.createdOf?.get(v) ?? Infinity));
}

/** docker's publish=/expose= values: "80", "80/udp" or "8000-8080/tcp" as "port/proto" keys. */
function portFilterValues(key: string, value: string): string[] {
  if (value.includes(':')) throw invalidArgument(`filter for '${key}' should not contain ':': ${value}`);
  try {
    return parseExpose(value);
  } catch (err) {
    throw invalidArgument(`error while looking up for ${key} ${value}: ${(err as Error).message.replace(/^invalid range format for --expose: /, '')}`);
  }
}
