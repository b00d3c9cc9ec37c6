// `network ls --filter` / `network prune --filter` with docker's semantics: values of one key
// are ORed, different keys ANDed; name is a substring match, id a prefix, label=key or key=value,
// driver exact, type=builtin|custom.
import { invalidArgument } from '../errors';
import type { NetworkSummary } from './network-facts';

export type NetworkFilters = Map<string, string[]>;

const KNOWN = new Set(['name', 'id', 'label', 'driver', 'type']);
const BUILTIN = new Set(['bridge', 'host', 'none']);

/** Parses key=value filter flags; docker's errors for unknown keys. */
export function parseNetworkFilters(values: readonly string[]): NetworkFilters {
  const out: NetworkFilters = new Map();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw invalidArgument(`bad format of filter (expected name=value)`);
    const key = v.slice(0, eq).toLowerCase();
    const value = v.slice(eq + 1);
    if (!KNOWN.has(key)) throw invalidArgument(`invalid filter '${key}'`);
    if (key === 'type' && value !== 'builtin' && value !== 'custom') throw invalidArgument(`invalid filter: 'type'='${value}'`);
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

function labelMatch(spec: string, labels: Readonly<Record<string, string>>): boolean {
  const eq = spec.indexOf('=');
  if (eq === -1) return spec in labels;
  return labels[spec.slice(0, eq)] === spec.slice(eq + 1);
}

/** True when the network passes every filter. */
export function matchesNetworkFilters(n: NetworkSummary, f: NetworkFilters): boolean {
  const any = (key: string, test: (v: string) => boolean): boolean => !f.has(key) || f.get(key)!.some(test);
  return any('name', (v) => n.name.includes(v))
    && any('id', (v) => n.id.startsWith(v))
    && (f.get('label') ?? []).every((v) => labelMatch(v, n.labels))
    && any('driver', (v) => v === n.driver)
    && any('type', (v) => (v === 'builtin') === BUILTIN.has(n.name));
}
