// A small TOML 1.0 reader, enough for containerd's hosts.toml and similar files: tables, dotted and
// quoted keys, arrays of tables, inline tables, all string forms, numbers, booleans, nested arrays.
// Dates and times are returned as their source text.
import { invalidArgument } from '../../errors';

/** Parsed TOML values; tables are prototype-less objects in file order. */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable { [key: string]: TomlValue }

interface Cursor { s: string; i: number; source: string }

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
const DATE_RE = /^(?:\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)/;
const INT_RE = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const FLOAT_RE = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const RADIX_RE = /^0(?:x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|o[0-7](?:_?[0-7])*|b[01](?:_?[01])*)$/;

// Tables created by a [header] or a key/value, as opposed to implicitly by a longer header.
const DEFINED = new WeakSet<object>();
const INLINE = new WeakSet<object>();

function fail(c: Cursor, message: string): never {
  const before = c.s.slice(0, c.i);
  const line = before.split('\n').length;
  const column = c.i - before.lastIndexOf('\n');
  throw invalidArgument(`${c.source}:${line}:${column}: ${message}`);
}

function newTable(): TomlTable {
  return Object.create(null) as TomlTable;
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses TOML text into plain objects; `source` names the file in error messages. */
export function parseToml(text: string, source = 'toml'): TomlTable {
  const c: Cursor = { s: text.replace(/\r\n/g, '\n'), i: 0, source };
  const root = newTable();
  let current = root;
  for (;;) {
    skipBlank(c, true);
    if (c.i >= c.s.length) return root;
    if (c.s[c.i] === '[') current = parseHeader(c, root);
    else parseKeyValue(c, current);
    endOfLine(c);
  }
}

function skipBlank(c: Cursor, newlines: boolean): void {
  while (c.i < c.s.length) {
    const ch = c.s[c.i];
    if (ch === ' ' || ch === '\t' || (newlines && ch === '\n')) c.i++;
    else if (ch === '#') while (c.i < c.s.length && c.s[c.i] !== '\n') c.i++;
    else return;
  }
}

function endOfLine(c: Cursor): void {
  skipBlank(c, false);
  if (c.i < c.s.length && c.s[c.i] !== '\n') fail(c, `unexpected "${c.s[c.i]}" after value`);
}

function parseHeader(c: Cursor, root: TomlTable): TomlTable {
  const isArray = c.s.startsWith('[[', c.i);
  c.i += isArray ? 2 : 1;
  const keys = parseKey(c);
  skipBlank(c, false);
  if (!c.s.startsWith(isArray ? ']]' : ']', c.i)) fail(c, 'expected "]" to close the table header');
  c.i += isArray ? 2 : 1;
  const parent = walk(c, root, keys.slice(0, -1));
  const last = keys[keys.length - 1]!;
  const existing = parent[last];
  if (isArray) {
    if (existing !== undefined && (!Array.isArray(existing) || INLINE.has(existing))) fail(c, `key "${last}" is already defined`);
    const list = (existing ?? (parent[last] = [])) as TomlValue[];
    const t = newTable();
    DEFINED.add(t);
    list.push(t);
    return t;
  }
  if (existing === undefined) {
    const t = newTable();
    parent[last] = t;
    DEFINED.add(t);
    return t;
  }
  if (!isTable(existing) || DEFINED.has(existing) || INLINE.has(existing)) fail(c, `table "${keys.join('.')}" is already defined`);
  DEFINED.add(existing);
  return existing;
}

// Descends through (and creates) the tables of a dotted path. Headers resolve arrays of tables to
// their last element; dotted keys (`define`) mark the tables they create as defined.
function walk(c: Cursor, table: TomlTable, keys: string[], define = false): TomlTable {
  let t = table;
  for (const k of keys) {
    let next = t[k];
    if (next === undefined) next = t[k] = newTable();
    if (Array.isArray(next) && !INLINE.has(next) && !define) next = next[next.length - 1];
    if (!isTable(next) || INLINE.has(next)) fail(c, `key "${k}" is not a table`);
    if (define) DEFINED.add(next);
    t = next;
  }
  return t;
}

function parseKey(c: Cursor): string[] {
  const keys: string[] = [];
  for (;;) {
    skipBlank(c, false);
    const ch = c.s[c.i];
    if (ch === '"') keys.push(parseBasicString(c));
    else if (ch === "'") keys.push(parseLiteralString(c));
    else {
      const start = c.i;
      while (c.i < c.s.length && BARE_KEY.test(c.s[c.i]!)) c.i++;
      if (c.i === start) fail(c, 'expected a key');
      keys.push(c.s.slice(start, c.i));
    }
    skipBlank(c, false);
    if (c.s[c.i] !== '.') return keys;
    c.i++;
  }
}

function parseKeyValue(c: Cursor, table: TomlTable): void {
  const keys = parseKey(c);
  if (c.s[c.i] !== '=') fail(c, 'expected "=" after key');
  c.i++;
  skipBlank(c, false);
  const value = parseValue(c);
  const parent = walk(c, table, keys.slice(0, -1), true);
  const last = keys[keys.length - 1]!;
  if (last in parent) fail(c, `key "${keys.join('.')}" is already defined`);
  parent[last] = value;
}

function parseValue(c: Cursor): TomlValue {
  const ch = c.s[c.i];
  if (ch === '"') return c.s.startsWith('"""', c.i) ? parseMultilineBasic(c) : parseBasicString(c);
  if (ch === "'") return c.s.startsWith("'''", c.i) ? parseMultilineLiteral(c) : parseLiteralString(c);
  if (ch === '[') return parseArray(c);
  if (ch === '{') return parseInlineTable(c);
  if (c.s.startsWith('true', c.i)) return (c.i += 4, true);
  if (c.s.startsWith('false', c.i)) return (c.i += 5, false);
  const date = DATE_RE.exec(c.s.slice(c.i, c.i + 64));
  if (date && (date[0].includes('-') || date[0].includes(':'))) {
    c.i += date[0].length;
    return date[0];
  }
  return parseNumber(c);
}

function parseNumber(c: Cursor): number {
  const token = /[0-9A-Za-z_.+-]+/y;
  token.lastIndex = c.i;
  const m = token.exec(c.s);
  if (!m) fail(c, 'expected a value');
  const tok = m[0];
  let n: number | undefined;
  if (/^[+-]?inf$/.test(tok)) n = tok.startsWith('-') ? -Infinity : Infinity;
  else if (/^[+-]?nan$/.test(tok)) n = NaN;
  else if (RADIX_RE.test(tok)) n = Number(tok.replace(/_/g, ''));
  else if (INT_RE.test(tok) || FLOAT_RE.test(tok)) n = Number(tok.replace(/_/g, ''));
  if (n === undefined) fail(c, `invalid value "${tok}"`);
  c.i += tok.length;
  return n;
}

function parseArray(c: Cursor): TomlValue[] {
  c.i++;
  const out: TomlValue[] = [];
  for (;;) {
    skipBlank(c, true);
    if (c.s[c.i] === ']') break;
    out.push(parseValue(c));
    skipBlank(c, true);
    if (c.s[c.i] === ',') c.i++;
    else if (c.s[c.i] !== ']') fail(c, 'expected "," or "]" in array');
  }
  c.i++;
  INLINE.add(out);
  return out;
}

function parseInlineTable(c: Cursor): TomlTable {
  c.i++;
  const t = newTable();
  skipBlank(c, false);
  if (c.s[c.i] === '}') c.i++;
  else {
    for (;;) {
      parseKeyValue(c, t);
      skipBlank(c, false);
      const ch = c.s[c.i++];
      if (ch === '}') break;
      if (ch !== ',') fail(c, 'expected "," or "}" in inline table');
    }
  }
  INLINE.add(t);
  return t;
}

function parseBasicString(c: Cursor): string {
  c.i++;
  let out = '';
  for (;;) {
    const ch = c.s[c.i];
    if (ch === undefined || ch === '\n') fail(c, 'unterminated string');
    c.i++;
    if (ch === '"') return out;
    out += ch === '\\' ? parseEscape(c) : ch;
  }
}

function parseEscape(c: Cursor): string {
  const e = c.s[c.i++] ?? '';
  if (e in ESCAPES) return ESCAPES[e]!;
  if (e === 'u' || e === 'U') {
    const len = e === 'u' ? 4 : 8;
    const hex = c.s.slice(c.i, c.i + len);
    const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) fail(c, `invalid unicode escape "\\${e}${hex}"`);
    c.i += len;
    return String.fromCodePoint(code);
  }
  return fail(c, `invalid escape "\\${e}"`);
}

function parseLiteralString(c: Cursor): string {
  const end = c.s.indexOf("'", c.i + 1);
  const nl = c.s.indexOf('\n', c.i + 1);
  if (end < 0 || (nl >= 0 && nl < end)) fail(c, 'unterminated string');
  const out = c.s.slice(c.i + 1, end);
  c.i = end + 1;
  return out;
}

// Closing delimiter: three quotes, but up to two more quotes right before it belong to the content.
function closeMultiline(c: Cursor, quote: string): number {
  let n = 0;
  while (c.s[c.i + n] === quote && n < 5) n++;
  return n >= 3 ? n - 3 : -1;
}

function parseMultilineBasic(c: Cursor): string {
  c.i += 3;
  if (c.s[c.i] === '\n') c.i++;
  let out = '';
  for (;;) {
    if (c.i >= c.s.length) fail(c, 'unterminated multi-line string');
    const extra = c.s[c.i] === '"' ? closeMultiline(c, '"') : -1;
    if (extra >= 0) {
      c.i += extra + 3;
      return out + '"'.repeat(extra);
    }
    const ch = c.s[c.i++]!;
    if (ch !== '\\') out += ch;
    else if (/^[ \t]*\n/.test(c.s.slice(c.i, c.i + 80))) while (/[ \t\n]/.test(c.s[c.i] ?? '')) c.i++;
    else out += parseEscape(c);
  }
}

function parseMultilineLiteral(c: Cursor): string {
  c.i += 3;
  if (c.s[c.i] === '\n') c.i++;
  let out = '';
  for (;;) {
    if (c.i >= c.s.length) fail(c, 'unterminated multi-line string');
    const extra = c.s[c.i] === "'" ? closeMultiline(c, "'") : -1;
    if (extra >= 0) {
      c.i += extra + 3;
      return out + "'".repeat(extra);
    }
    out += c.s[c.i++];
  }
}
