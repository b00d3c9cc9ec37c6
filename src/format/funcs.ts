// Go text/template's builtin functions (and, or, not, len, index, slice, eq..ge, print*, html, js,
// urlquery, call) with Go's error texts. The evaluator checks arity and parameter types from the
// FuncSpec before calling, and wraps a thrown message as `error calling NAME: ...`.

import { formatValue, sprint, sprintln } from './printf';
import { isPrintRune } from './quote';
import { sprintf } from './sprintf';
import { goTypeName, isTrue, kindOf, mapSize, utf8Length } from './values';

/** Parameter types the evaluator enforces: 'any' (Go's interface{}), 'string', 'int'. */
export type ParamType = 'any' | 'string' | 'int';

/** A template function: fixed parameters, an optional variadic tail, and its implementation. */
export interface FuncSpec {
  params: readonly ParamType[];
  variadic?: ParamType;
  // Arguments arrive checked against params, so implementations may declare precise types.
  fn: (...args: any[]) => unknown;
  /** and/or short-circuit; call receives its first argument uninvoked. */
  special?: 'and' | 'or' | 'call';
}

type Basic = 'bool' | 'number' | 'string';

function basicKind(v: unknown): Basic | undefined {
  const k = kindOf(v);
  if (k === 'int' || k === 'float') return 'number';
  return k === 'bool' || k === 'string' ? k : undefined;
}

function incompatible(a: unknown, b: unknown): Error {
  return new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

function eqOne(a: unknown, b: unknown): boolean {
  const ka = basicKind(a), kb = basicKind(b);
  if (ka !== kb) {
    if (a !== null && a !== undefined && b !== null && b !== undefined) throw incompatible(a, b);
    return false;
  }
  if (ka === 'number') return Number(a) === Number(b);
  if (ka !== undefined) return a === b;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof b === 'object') throw new Error(`non-comparable type ${formatValue(b)}: ${goTypeName(b)}`);
  return a === b;
}

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  for (const b of rest) if (eqOne(a, b)) return true;
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a), kb = basicKind(b);
  if (ka === undefined || kb === undefined) throw new Error('invalid type for comparison');
  if (ka !== kb) throw incompatible(a, b);
  if (ka === 'bool') throw new Error('invalid type for comparison');
  return ka === 'number' ? Number(a) < Number(b) : (a as string) < (b as string);
}

const le = (a: unknown, b: unknown): boolean => lt(a, b) || eq(a, b);

function indexArg(i: unknown, cap: number): number {
  if (i === null || i === undefined) throw new Error('cannot index slice/array with nil');
  if (kindOf(i) !== 'int') throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  const x = Number(i);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

// Go returns the element type's zero value for a missing key: "" for string maps such as labels.
function mapZero(m: object): unknown {
  const values = m instanceof Map ? [...m.values()] : Object.values(m);
  return values.every((v) => typeof v === 'string' || v === undefined) ? '' : undefined;
}

function mapIndex(m: object, key: unknown): unknown {
  if (m instanceof Map) return m.has(key) && m.get(key) !== undefined ? m.get(key) : mapZero(m);
  if (key === null || key === undefined) throw new Error('value is nil; should be of type string');
  if (typeof key !== 'string') throw new Error(`value has type ${goTypeName(key)}; should be string`);
  const v = Object.hasOwn(m, key) ? (m as Record<string, unknown>)[key] : undefined;
  return v === undefined ? mapZero(m) : v;
}

function indexOne(item: unknown, i: unknown): unknown {
  if (item === null) throw new Error('index of nil pointer');
  const k = kindOf(item);
  if (k === 'string' || k === 'slice' || k === 'bytes') {
    const s = item as string | unknown[] | Uint8Array;
    const len = typeof s === 'string' ? utf8Length(s) : s.length;
    const x = indexArg(i, len);
    if (x === len) throw new Error(`reflect: ${k === 'string' ? 'string' : 'slice'} index out of range`);
    return typeof s === 'string' ? Buffer.from(s, 'utf8')[x] : s[x];
  }
  if (k === 'map') return mapIndex(item as object, i);
  throw new Error(`can't index item of type ${goTypeName(item)}`);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === null || item === undefined) throw new Error('index of untyped nil');
  let cur: unknown = item;
  for (const i of indexes) cur = indexOne(cur, i);
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === null || item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  if (k === 'string' && indexes.length === 3) throw new Error('cannot 3-index slice a string');
  if (k !== 'string' && k !== 'slice' && k !== 'bytes') throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const s = item as string | unknown[] | Uint8Array;
  const len = typeof s === 'string' ? utf8Length(s) : s.length;
  const idx = [0, len, len];
  indexes.forEach((v, n) => { idx[n] = indexArg(v, len); });
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof s !== 'string') return s.slice(idx[0], idx[1]);
  return len === s.length ? s.slice(idx[0], idx[1]) : Buffer.from(s, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
}

function length(v: unknown): number {
  if (v === null || v === undefined) throw new Error('len of nil pointer');
  switch (kindOf(v)) {
    case 'string': return utf8Length(v as string);
    case 'slice': case 'bytes': return (v as unknown[]).length;
    case 'map': return mapSize(v as object);
    default: throw new Error(`len of type ${goTypeName(v)}`);
  }
}

// Go's evalArgs: one string is used as is; otherwise Sprint, with nil shown as "<no value>".
function argsText(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

const HTML_ESCAPES: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const JS_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]!);
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (JS_ESCAPES[ch] !== undefined) out += JS_ESCAPES[ch];
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrintRune(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const unused = (): never => {
  throw new Error('unreachable');
};

/** Go's builtin template functions. */
export const GO_BUILTINS: Readonly<Record<string, FuncSpec>> = {
  and: { params: ['any'], variadic: 'any', special: 'and', fn: unused },
  or: { params: ['any'], variadic: 'any', special: 'or', fn: unused },
  call: { params: ['any'], variadic: 'any', special: 'call', fn: unused },
  not: { params: ['any'], fn: (v: unknown) => !isTrue(v) },
  len: { params: ['any'], fn: length },
  index: { params: ['any'], variadic: 'any', fn: index },
  slice: { params: ['any'], variadic: 'any', fn: slice },
  eq: { params: ['any'], variadic: 'any', fn: eq },
  ne: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !eq(a, b) },
  lt: { params: ['any', 'any'], fn: lt },
  le: { params: ['any', 'any'], fn: le },
  gt: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !le(a, b) },
  ge: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !lt(a, b) },
  print: { params: [], variadic: 'any', fn: (...a: unknown[]) => sprint(a) },
  println: { params: [], variadic: 'any', fn: (...a: unknown[]) => sprintln(a) },
  printf: { params: ['string'], variadic: 'any', fn: (f: string, ...a: unknown[]) => sprintf(f, a) },
  html: { params: [], variadic: 'any', fn: (...a: unknown[]) => htmlEscape(argsText(a)) },
  js: { params: [], variadic: 'any', fn: (...a: unknown[]) => jsEscape(argsText(a)) },
  urlquery: { params: [], variadic: 'any', fn: (...a: unknown[]) => urlQueryEscape(argsText(a)) },
};
