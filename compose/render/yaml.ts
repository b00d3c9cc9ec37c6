// YAML as `docker compose config` prints it (go-yaml encoder, indent 2): block mappings and
// sequences, `{}` / `[]` for empty ones, literal blocks for multi-line strings.
import type { Value } from './doc';
import { Doc, GoFloat } from './doc';
import { yamlFloat } from './numbers';
import type { ScalarStyle } from './yaml-scalar';
import { doubleQuoted, literalHeader, singleQuoted, stringStyle } from './yaml-scalar';

function inlineScalar(v: Exclude<Value, Doc | Value[]>, key = false, style?: ScalarStyle): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoFloat) return yamlFloat(v.value, v.bits);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : yamlFloat(v, 64);
  const st = style ?? stringStyle(v, key);
  if (st === 'plain') return v;
  if (st === 'single') return singleQuoted(v);
  return doubleQuoted(v);
}

function literal(s: string, indent: number, out: string[]): void {
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  for (const line of body.split('\n')) out.push(line === '' ? '' : pad(indent) + line);
}

/** Writes `v` after `prefix` (a key and colon, or a dash) at `indent`. */
function emit(prefix: string, v: Value, indent: number, out: string[], inSeq: boolean): void {
  if (v instanceof Doc && v.size > 0) {
    if (inSeq) { emitMap(v, indent + 2, out, `${prefix} `); return; }
    out.push(prefix);
    emitMap(v, indent + 2, out);
  } else if (Array.isArray(v) && v.length > 0) {
    if (inSeq) { emitSeq(v, indent + 2, out, `${prefix} `); return; }
    out.push(prefix);
    emitSeq(v, indent + 2, out);
  } else if (v instanceof Doc) {
    out.push(`${prefix} {}`);
  } else if (Array.isArray(v)) {
    out.push(`${prefix} []`);
  } else {
    const style = typeof v === 'string' ? stringStyle(v, false) : undefined;
    if (style === 'literal') {
      out.push(`${prefix} ${literalHeader(v as string)}`);
      literal(v as string, indent + 2, out);
    } else {
      out.push(`${prefix} ${inlineScalar(v, false, style)}`);
    }
  }
}

const PADS: string[] = [];
function pad(n: number): string {
  return (PADS[n] ??= ' '.repeat(n));
}

// `key:` as written, per key: the same few dozen keys repeat in every service (bounded).
const KEYS = new Map<string, string>();

function keyText(k: string): string {
  let t = KEYS.get(k);
  if (t === undefined) {
    t = `${inlineScalar(k, true)}:`;
    if (KEYS.size >= 8192) KEYS.clear();
    KEYS.set(k, t);
  }
  return t;
}

function emitMap(d: Doc, indent: number, out: string[], first?: string): void {
  const entries = d.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const lead = i === 0 && first !== undefined ? first : pad(indent);
    emit(lead + keyText(e[0]), e[1], indent, out, false);
  }
}

function emitSeq(items: Value[], indent: number, out: string[], first?: string): void {
  for (let i = 0; i < items.length; i++) {
    const lead = i === 0 && first !== undefined ? first : pad(indent);
    emit(lead + '-', items[i]!, indent, out, true);
  }
}

/** A YAML document for `v` (a mapping), ending with a newline. */
export function toYaml(v: Value): string {
  const out: string[] = [];
  if (v instanceof Doc && v.size > 0) emitMap(v, 0, out);
  else if (Array.isArray(v) && v.length > 0) emitSeq(v, 0, out);
  else out.push(v instanceof Doc ? '{}' : Array.isArray(v) ? '[]' : inlineScalar(v));
  return `${out.join('\n')}\n`;
}
