// `--filter key=value` for image listings, parsed once into the library's typed filters.
import { usageError } from '../../../errors';

export interface ImageFilterValues {
  reference?: string[];
  before?: string[];
  since?: string[];
  label?: string[];
  dangling?: boolean;
}

const KEYS = new Set(['reference', 'before', 'since', 'label', 'dangling']);

/** Parses docker's image filters; unknown keys are errors as in docker. */
export function imageFilters(values: readonly string[]): ImageFilterValues {
  const out: ImageFilterValues = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = eq < 0 ? v : v.slice(0, eq);
    const value = eq < 0 ? '' : v.slice(eq + 1);
    if (!KEYS.has(key)) throw usageError(`invalid filter '${key}'`);
    if (key === 'dangling') {
      if (value !== 'true' && value !== 'false') throw usageError(`invalid filter 'dangling=${value}': expected true or false`);
      out.dangling = value === 'true';
    } else {
      const k = key as 'reference' | 'before' | 'since' | 'label';
      (out[k] ??= []).push(value);
    }
  }
  return out;
}
