// JSON as Go's encoding/json writes it: HTML-safe escapes (<, >, & as \u003c...), Go float
// formatting, and MarshalIndent's layout (`{}` and `[]` stay on one line).
import type { Value } from './doc';
import { Doc, GoFloat } from './doc';
import { jsonFloat } from './numbers';

const HTML = /[<>&\u2028\u2029]/g;
const HTML_ESCAPE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** A JSON string literal with Go's HTML-safe escapes. */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(HTML, (c) => HTML_ESCAPE[c]!);
}

function scalar(v: Exclude<Value, Doc | Value[]>): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoFloat) return jsonFloat(v.value, v.bits);
  return Number.isInteger(v) ? String(v) : jsonFloat(v, 64);
}

/** Compact JSON (json.Marshal). */
export function toJson(v: Value): string {
  if (v instanceof Doc) return `{${v.entries.map(([k, e]) => `${jsonString(k)}:${toJson(e)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  return scalar(v);
}

/** Indented JSON (json.MarshalIndent with two spaces). */
export function toJsonIndent(v: Value, indent = ''): string {
  const inner = `${indent}  `;
  if (v instanceof Doc) {
    if (v.size === 0) return '{}';
    return `{\n${v.entries.map(([k, e]) => `${inner}${jsonString(k)}: ${toJsonIndent(e, inner)}`).join(',\n')}\n${indent}}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((e) => `${inner}${toJsonIndent(e, inner)}`).join(',\n')}\n${indent}]`;
  }
  return scalar(v);
}
