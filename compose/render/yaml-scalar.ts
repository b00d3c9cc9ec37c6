// How go-yaml (v3/v4, libyaml's emitter) writes a string: plain when it reads back as the same
// string, else single-quoted, double-quoted or a literal block; the checks follow libyaml's
// analyze/select scalar style.
import { resolvePlain } from '../parse/scalar';

const OLD_BOOL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

function printable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}
function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

interface Analysis { blockPlain: boolean; single: boolean; block: boolean; multiline: boolean }

function analyze(s: string): Analysis {
  const n = s.length;
  if (n === 0) return { blockPlain: false, single: true, block: false, multiline: false };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false, lineBreaks = false, leadingSpace = false, leadingBreak = false;
  let trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
  let prevSpace = false, prevBreak = false;
  const blankz = (i: number): boolean => i >= n || s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9 || isBreak(s.charCodeAt(i));
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (i === 0) {
      if (FIRST_INDICATORS.includes(s[0]!)) blockIndicators = true;
      if ((c === 63 || c === 58 || c === 45) && blankz(1)) blockIndicators = true;
    } else if ((c === 58 && blankz(i + 1)) || (c === 35 && blankz(i - 1))) {
      blockIndicators = true;
    }
    // Surrogates are characters outside the BMP, which libyaml does not count as printable.
    if (!printable(c) || (c >= 0xd800 && c <= 0xdfff)) special = true;
    const brk = isBreak(c);
    if (brk) lineBreaks = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (brk) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true; prevSpace = false;
    } else {
      prevSpace = false; prevBreak = false;
    }
  }
  let blockPlain = true, single = true, block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) blockPlain = single = false;
  if (spaceBreak || special) blockPlain = single = block = false;
  if (lineBreaks || blockIndicators) blockPlain = false;
  return { blockPlain, single, block, multiline: lineBreaks };
}

const FIRST_INDICATORS = '#,[]{}&*!|>\'"%@`';

/**
 * Strings that are plain in any case: a letter, `_` or `/` first, then word characters and
 * `./@%+=~-`, or `:` followed by something other than a space or tab. One regular expression: the
 * emitter runs once per process, mostly in V8's interpreter, where a per-character loop costs more.
 */
const SAFE_PLAIN = /^[a-zA-Z_/](?:[a-zA-Z0-9_@%+=~./-]|:(?![ \t]|$))*$/;

/** Whether a plain scalar would read back as something other than this string. */
function ambiguous(s: string): boolean {
  const c = s.charCodeAt(0);
  // Words starting with other letters cannot be numbers, booleans, nulls or timestamps.
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && !'nNtTfFyYoO'.includes(s[0]!)) return false;
  return s === '<<' || typeof resolvePlain(s) !== 'string' || BASE60.test(s) || OLD_BOOL.has(s) || TIMESTAMP.test(s);
}

/** How a string is written in YAML. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

// Keys and many values repeat across services: remember the style of each string (bounded).
const keyStyles = new Map<string, ScalarStyle>();
const valueStyles = new Map<string, ScalarStyle>();
const STYLE_CACHE_LIMIT = 8192;

/** The style go-yaml picks for a string value (`key` for mapping keys). */
export function stringStyle(s: string, key: boolean): ScalarStyle {
  const cache = key ? keyStyles : valueStyles;
  let style = cache.get(s);
  if (style === undefined) {
    style = computeStyle(s, key);
    if (cache.size >= STYLE_CACHE_LIMIT) cache.clear();
    cache.set(s, style);
  }
  return style;
}

function computeStyle(s: string, key: boolean): ScalarStyle {
  if (SAFE_PLAIN.test(s) && !ambiguous(s)) return 'plain';
  const a = analyze(s);
  let style: ScalarStyle = s.includes('\n') ? 'literal' : ambiguous(s) ? 'double' : 'plain';
  if (style === 'plain' && (!a.blockPlain || (s === '' && key))) style = 'single';
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || key)) style = 'double';
  return style;
}

const ESC: Record<number, string> = {
  0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 34: '"', 92: '\\', 0x85: 'N', 0x2028: 'L', 0x2029: 'P',
};

/** A double-quoted YAML string with libyaml's escapes. */
export function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (printable(c) && !isBreak(c) && c !== 34 && c !== 92 && c !== 0xfeff) { out += ch; continue; }
    const e = ESC[c];
    if (e !== undefined) { out += `\\${e}`; continue; }
    const hex = c.toString(16).toUpperCase();
    out += c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A single-quoted YAML string (`'` doubled). */
export function singleQuoted(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The header of a literal block: `|`, plus an indentation hint and chomping indicator. */
export function literalHeader(s: string): string {
  let h = '|';
  const first = s.codePointAt(0)!;
  if (first === 32 || isBreak(first)) h += '2';
  const last = s.charCodeAt(s.length - 1);
  if (!isBreak(last)) h += '-';
  else if (s.length === 1 || isBreak(s.charCodeAt(s.length - 2))) h += '+';
  return h;
}
