// The functions docker adds to every --format template (docker/cli templates/templates.go), and the
// replacements docker uses while rendering a table header, which leave the column title intact.

import type { FuncSpec } from './funcs';
import { goJson } from './json';
import { formatValue } from './printf';
import { goTypeName, kindOf, sortedEntries, utf8Length } from './values';

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const SPACE = /\s/u;

// strings.Title's word boundary rule.
function isSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (LETTER_OR_DIGIT.test(ch)) return false;
  return SPACE.test(ch);
}

/** strings.Title: upper-cases the first letter of each word. */
export function title(s: string): string {
  let out = '';
  let prev = ' ';
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function repeat(n: number): string {
  if (n < 0) throw new Error('strings: negative Repeat count');
  return ' '.repeat(n);
}

/** docker's pad: surrounds a non-empty string with spaces. */
function pad(s: string, prefix: number, suffix: number): string {
  return s === '' ? s : repeat(prefix) + s + repeat(suffix);
}

/** docker's truncate: the first n bytes of s (all of it when shorter). */
function truncate(s: string, n: number): string {
  const len = utf8Length(s);
  if (len < n) return s;
  if (n < 0) throw new Error(`slice bounds out of range [:${n}]`);
  return len === s.length ? s.slice(0, n) : Buffer.from(s, 'utf8').subarray(0, n).toString('utf8');
}

/** docker's join: strings.Join for string slices; other slices and map values in fmt form. */
function join(elems: unknown, sep: string): string {
  if (elems === null || elems === undefined) return '';
  const k = kindOf(elems);
  if (k === 'slice') return (elems as unknown[]).map((e) => (typeof e === 'string' ? e : formatValue(e))).join(sep);
  if (k === 'map') return sortedEntries(elems as object).map(([, v]) => formatValue(v)).sort().join(sep);
  throw new Error(`expected slice, got ${goTypeName(elems)}`);
}

function split(s: string, sep: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep);
}

/** json, split, join, title, lower, upper, pad, truncate. */
export const DOCKER_FUNCS: Readonly<Record<string, FuncSpec>> = {
  json: { params: ['any'], fn: goJson },
  split: { params: ['string', 'string'], fn: split },
  join: { params: ['any', 'string'], fn: join },
  title: { params: ['string'], fn: title },
  lower: { params: ['string'], fn: (s: string) => s.toLowerCase() },
  upper: { params: ['string'], fn: (s: string) => s.toUpperCase() },
  pad: { params: ['string', 'int', 'int'], fn: pad },
  truncate: { params: ['string', 'int'], fn: truncate },
};

const same = (v: string): string => v;

/** docker's HeaderFunctions: used for the header row so `{{upper .Name}}` still shows NAME. */
export const DOCKER_HEADER_FUNCS: Readonly<Record<string, FuncSpec>> = {
  json: { params: ['string'], fn: same },
  split: { params: ['string', 'string'], fn: same },
  join: { params: ['string', 'string'], fn: same },
  title: { params: ['string'], fn: same },
  lower: { params: ['string'], fn: same },
  upper: { params: ['string'], fn: same },
  truncate: { params: ['string', 'int'], fn: same },
};
