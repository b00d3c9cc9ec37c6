// docker's image prune filters: until=<timestamp|duration>, label[!]=key[=value], dangling=bool.
import { NerdtsError } from '../errors';
import { parseDuration } from '../units';

/** label=key[=value] (or label!= with negate). */
export interface LabelFilter { key: string; value?: string; negate: boolean }

/** The parsed --filter values. */
export interface PruneFilters {
  /** only images created locally before this time (epoch ms) */
  until?: number;
  labels: LabelFilter[];
  /** dangling=true|false given explicitly */
  dangling?: boolean;
}

/** docker's timetypes.GetTimestamp: a Go duration before `now`, unix seconds, or an RFC 3339 date. */
export function parseUntil(value: string, now: number): number | undefined {
  const duration = parseDuration(value);
  if (duration !== undefined) return now - duration;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** Parses `--filter` values; unknown keys and malformed values are errors, as in docker. */
export function parsePruneFilters(filters: readonly string[], now: number = Date.now()): PruneFilters {
  const out: PruneFilters = { labels: [] };
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new NerdtsError('invalid-argument', `bad format of filter (expected name=value)`);
    const key = f.slice(0, eq).trim().toLowerCase();
    const value = f.slice(eq + 1);
    if (key === 'until') {
      const t = parseUntil(value, now);
      if (t === undefined) throw new NerdtsError('invalid-argument', `failed to parse value as time or duration: "${value}"`);
      out.until = out.until === undefined ? t : Math.min(out.until, t);
    } else if (key === 'label' || key === 'label!') {
      const sep = value.indexOf('=');
      out.labels.push({ key: sep < 0 ? value : value.slice(0, sep), ...(sep >= 0 && { value: value.slice(sep + 1) }), negate: key === 'label!' });
    } else if (key === 'dangling') {
      if (!/^(true|false|1|0)$/i.test(value)) throw new NerdtsError('invalid-argument', `invalid filter 'dangling=${value}'`);
      out.dangling = /^(true|1)$/i.test(value);
    } else {
      throw new NerdtsError('invalid-argument', `invalid filter '${key}'`);
    }
  }
  return out;
}

/** True when the labels pass every label filter. */
export function matchesLabels(labels: Readonly<Record<string, string>>, filters: readonly LabelFilter[]): boolean {
  return filters.every((f) => {
    const hit = f.key in labels && (f.value === undefined || labels[f.key] === f.value);
    return f.negate ? !hit : hit;
  });
}
