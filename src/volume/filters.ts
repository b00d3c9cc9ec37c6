// docker's `volume ls --filter` keys: name (substring), label (key or key=value, also label!=),
// dangling (true|false) and driver. Pure: used by the CLI and by compose's lookups.
import { invalidArgument } from '../errors';

/** The parsed --filter values; every given key must match (values of one key are OR'ed). */
export interface VolumeFilters {
  names: string[];
  labels: Array<{ key: string; value?: string; negate: boolean }>;
  dangling?: boolean;
  drivers: string[];
}

/** Parses `--filter key=value` strings; unknown keys are errors, as in docker. */
export function parseVolumeFilters(filters: readonly string[]): VolumeFilters {
  const out: VolumeFilters = { names: [], labels: [], drivers: [] };
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw invalidArgument(`bad format of filter (expected name=value)`);
    const key = f.slice(0, eq).trim().toLowerCase();
    const value = f.slice(eq + 1);
    if (key === 'name') out.names.push(value);
    else if (key === 'driver') out.drivers.push(value);
    else if (key === 'label' || key === 'label!') {
      const sep = value.indexOf('=');
      out.labels.push({ key: sep < 0 ? value : value.slice(0, sep), ...(sep >= 0 && { value: value.slice(sep + 1) }), negate: key === 'label!' });
    } else if (key === 'dangling') {
      if (!/^(true|false|1|0)$/i.test(value)) throw invalidArgument(`invalid filter 'dangling=${value}'`);
      out.dangling = /^(true|1)$/i.test(value);
    } else throw invalidArgument(`invalid filter '${key}'`);
  }
  return out;
}

/** What a filter looks at for one volume. */
export interface VolumeCandidate {
  name: string;
  labels: Readonly<Record<string, string>>;
  inUse: boolean;
}

/** True when the volume passes every filter. */
export function matchesVolume(v: VolumeCandidate, f: VolumeFilters): boolean {
  if (f.names.length && !f.names.some((n) => v.name.includes(n))) return false;
  if (f.drivers.length && !f.drivers.includes('local')) return false;
  if (f.dangling !== undefined && f.dangling === v.inUse) return false;
  return f.labels.every((l) => {
    const hit = l.key in v.labels && (l.value === undefined || v.labels[l.key] === l.value);
    return l.negate ? !hit : hit;
  });
}

/** True when some filter needs to know which containers use volumes (a containerd round trip). */
export const needsUsage = (f: VolumeFilters): boolean => f.dangling !== undefined;
