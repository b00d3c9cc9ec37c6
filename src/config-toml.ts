// The TOML subset nerdts.toml needs: top-level `key = value` lines where a value is a basic or
// literal string, true/false, a number, or a one-line array of those; `#` comments. Tables and
// multi-line values are rejected with the line number, so a mistake never passes silently.
import { NerdtsError } from './errors';

export type TomlValue = string | number | boolean | TomlValue[];

/** Parses `text` (read from `file`, used in messages) into a flat key -> value record. */
export function parseTomlSubset(text: string, file: string): Record<string, TomlValue> {
  const out: Record<string, TomlValue> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const line = stripComment(lines[i]!, where).trim();
    if (line === '') continue;
    const m = /^([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$/.exec(line);
    if (!m) throw tomlError(where, line.startsWith('[') ? 'tables are not supported' : 'expected key = value');
    const key = m[1]!.startsWith('"') ? m[1]!.slice(1, -1) : m[1]!;
    if (key in out) throw tomlError(where, `duplicate key "${key}"`);
    const { value, rest } = parseValue(m[2]!, where);
    if (rest.trim() !== '') throw tomlError(where, `unexpected text after the value: ${rest.trim()}`);
    out[key] = value;
  }
  return out;
}

function tomlError(where: string, what: string): NerdtsError {
  return new NerdtsError('invalid-argument', `${where}: ${what}`, { hint: 'nerdts.toml accepts key = "string" | true | false | number | ["array"]' });
}

function stripComment(line: string, where: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  if (quote) throw tomlError(where, 'unterminated string');
  return line;
}

function parseValue(text: string, where: string): { value: TomlValue; rest: string } {
  const t = text.trimStart();
  if (t.startsWith('"')) return parseBasicString(t, where);
  if (t.startsWith("'")) {
    const end = t.indexOf("'", 1);
    if (end < 0) throw tomlError(where, 'unterminated string');
    return { value: t.slice(1, end), rest: t.slice(end + 1) };
  }
  if (t.startsWith('[')) return parseArray(t, where);
  const m = /^(true|false|[+-]?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)(.*)$/.exec(t);
  if (!m) throw tomlError(where, `cannot read value: ${t}`);
  const word = m[1]!;
  const value = word === 'true' ? true : word === 'false' ? false : Number(word.replace(/_/g, ''));
  return { value, rest: m[4]! };
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

function parseBasicString(t: string, where: string): { value: string; rest: string } {
  let s = '';
  for (let i = 1; i < t.length; i++) {
    const c = t[i]!;
    if (c === '"') return { value: s, rest: t.slice(i + 1) };
    if (c !== '\\') { s += c; continue; }
    const e = t[++i] ?? '';
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = t.slice(i + 1, i + 1 + len);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) throw tomlError(where, 'bad unicode escape');
      s += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e in ESCAPES) s += ESCAPES[e];
    else throw tomlError(where, `bad escape \\${e}`);
  }
  throw tomlError(where, 'unterminated string');
}

function parseArray(t: string, where: string): { value: TomlValue[]; rest: string } {
  const items: TomlValue[] = [];
  let rest = t.slice(1).trimStart();
  while (!rest.startsWith(']')) {
    if (rest === '') throw tomlError(where, 'arrays must be on one line');
    const item = parseValue(rest, where);
    items.push(item.value);
    rest = item.rest.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (!rest.startsWith(']')) throw tomlError(where, 'expected , or ] in array');
  }
  return { value: items, rest: rest.slice(1) };
}
