// config.json text for a spec. JSON.stringify cannot write bigints (uint64 rlimits), so they
// travel as marked strings and are turned back into bare digits afterwards.
import type { Spec } from './types';

const MARK = '\u2063uint64:';
const MARKED = new RegExp(`"${MARK}(\\d+)"`, 'g');

/** The spec as runc reads it (uint64 values written exactly). */
export function serializeSpec(spec: Spec, indent?: number): string {
  const text = JSON.stringify(spec, (_key, value: unknown) => (typeof value === 'bigint' ? `${MARK}${value}` : value), indent);
  return text.replace(MARKED, '$1');
}
