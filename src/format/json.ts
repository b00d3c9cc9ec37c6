// The `json` template function: compact JSON as docker's formatJSON writes it, i.e. Go's
// encoding/json Encoder with SetEscapeHTML(false) (docker/cli templates/templates.go, since 2017).
// So <, > and & stay literal; U+2028/U+2029 are still escaped; \b and \f use short escapes (Go 1.22+);
// invalid UTF-16 becomes \ufffd. Plain objects keep their key order (Go structs keep field order);
// Map instances and goMap()-marked objects sort their keys, as Go maps do.

import { goRfc3339Nano } from './float';
import { isMarkedMap, sortedEntries } from './values';

const PLAIN = /^[^"\\\u0000-\u001f\u2028\u2029\ud800-\udfff]*$/;
const MAX_DEPTH = 1000;

/** A JSON string literal with Go's escaping rules. */
export function jsonQuote(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += s[i];
  }
  return out + '"';
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`);
  // JS number text matches Go's float64 encoding (exponent form below 1e-6 and from 1e21).
  return String(n);
}

function encodeObject(v: object, depth: number): string {
  if (isMarkedMap(v)) {
    const parts = sortedEntries(v).filter(([, x]) => typeof x !== 'function')
      .map(([k, x]) => jsonQuote(String(k)) + ':' + encode(x, depth));
    return '{' + parts.join(',') + '}';
  }
  const rec = v as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(rec)) {
    const x = rec[k];
    if (x === undefined || typeof x === 'function') continue;
    out += (first ? '' : ',') + jsonQuote(k) + ':' + encode(x, depth);
    first = false;
  }
  return out + '}';
}

function encode(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new Error('json: unsupported value: encountered a cycle');
  switch (typeof v) {
    case 'string': return jsonQuote(v);
    case 'number': return encodeNumber(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return v.toString();
    case 'object': break;
    default: return 'null';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map((x) => encode(x, depth + 1)).join(',') + ']';
  if (v instanceof Date) return jsonQuote(goRfc3339Nano(v));
  if (v instanceof Uint8Array) return '"' + Buffer.from(v).toString('base64') + '"';
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function' && !(v instanceof Map)) return encode(toJSON.call(v), depth + 1);
  return encodeObject(v, depth + 1);
}

/** Compact JSON of a value as docker's `{{json .}}` prints it (undefined -> null). */
export function goJson(v: unknown): string {
  return encode(v, 0);
}
