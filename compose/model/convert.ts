// Conversions from canonical tree values to typed values, shared by the binders. Each takes the
// value and its path (for errors); inputs were validated already, so these are lenient.
import { ComposeError } from '../errors';
import { splitShellWords } from '../shellwords';
import type { Node, NodeMap } from '../tree';
import { isMap, sprint } from '../tree';
import { parseBytes, parseDuration } from '../units';
import type { EnvMapping } from './types';

/** Collects a warning about the value at `path`. */
export type Warn = (message: string, path: string) => void;

function fail(path: string, reason: string): never {
  throw new ComposeError(reason, { path });
}

/** A scalar as the string compose would use (Go fmt.Sprint). */
export function str(v: Node, _path?: string): string {
  return typeof v === 'string' ? v : v === null ? '' : sprint(v);
}

/** A boolean, also from "true"/"false" strings. */
export function bool(v: Node, path: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return fail(path, `invalid boolean: ${str(v)}`);
}

/** An integer, also from a decimal string. */
export function int(v: Node, path: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^[-+]?[0-9]+$/.test(v)) return Number(v);
  return fail(path, `invalid integer: ${str(v)}`);
}

/** A number, also from a numeric string. */
export function float(v: Node, path: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) fail(path, `invalid number: ${str(v)}`);
  return n;
}

/** Go float32 fields (cpus): the value compose keeps is rounded to single precision. */
export function float32(v: Node, path: string): number {
  return Math.fround(float(v, path));
}

/** A byte size (`512m`, `1g`, a number). */
export function bytes(v: Node, path: string): number {
  const n = typeof v === 'number' || typeof v === 'string' ? parseBytes(v) : undefined;
  return n ?? fail(path, `invalid size: ${str(v)}`);
}

/** A duration in nanoseconds (`1m30s`). */
export function duration(v: Node, path: string): number {
  const n = parseDuration(str(v));
  return n ?? fail(path, `invalid duration: ${str(v)}`);
}

/** A list of strings (a single value becomes a one-item list). */
export function strings(v: Node): string[] {
  if (Array.isArray(v)) return v.map((e) => str(e));
  return v === null ? [] : [str(v)];
}

/** Labels and plain mappings: map (null -> "") or `k=v` list (`k` alone -> ""). */
export function mapping(v: Node): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(v)) for (const k of Object.keys(v)) { const e = v[k]!; out[k] = e === null ? '' : str(e); }
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const s = str(v[i]!);
      const eq = s.indexOf('=');
      if (eq < 0) out[s] = '';
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
  }
  return out;
}

/** Environment-style mappings: a key without a value stays unset (null). */
export function envMapping(v: Node, path: string): EnvMapping {
  const out: EnvMapping = {};
  if (isMap(v)) {
    for (const k of Object.keys(v)) { const e = v[k]!; out[k] = e === null ? null : str(e); }
    return out;
  }
  if (!Array.isArray(v)) return out;
  for (let i = 0; i < v.length; i++) {
    const s = str(v[i]!);
    const eq = s.indexOf('=');
    const k = eq < 0 ? s : s.slice(0, eq);
    if (k !== '' && /\s$/.test(k)) fail(path, `environment variable ${k} is declared with a trailing space`);
    out[k] = eq < 0 ? null : s.slice(eq + 1);
  }
  return out;
}

/** `command`/`entrypoint`: a string is split like a shell would (compose keeps lists as written). */
export function shellCommand(v: Node, path: string, warn: Warn): string[] {
  if (Array.isArray(v)) return v.map((e) => str(e));
  if (v === null) return [];
  try {
    const r = splitShellWords(str(v));
    if (r.cutAt !== undefined) warn(`the command is cut at the unquoted "${r.cutAt}" (compose does the same): use a list or sh -c to run it in a shell`, path);
    return r.words;
  } catch (err) {
    if (err instanceof ComposeError) fail(path, err.reason);
    throw err;
  }
}

/** extra_hosts: `host:ip`, `host=ip` (lists) or a map; several IPs may be comma-separated. */
export function hostsList(v: Node, path: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (host: string, ips: string[]): void => {
    if (host === '' || /[:=]/.test(host)) fail(path, `bad host name '${host}'`);
    out[host] = [...(out[host] ?? []), ...ips.map((ip) => (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip))];
  };
  if (isMap(v)) {
    for (const [host, e] of Object.entries(v)) add(host, Array.isArray(e) ? e.map((x) => str(x)) : [e === null ? '' : str(e)]);
    return out;
  }
  for (const e of Array.isArray(v) ? v : []) {
    const s = str(e);
    const sep = s.includes('=') ? '=' : ':';
    const at = s.indexOf(sep);
    if (at < 0) fail(path, `invalid additional host, missing IP: ${s}`);
    add(s.slice(0, at), s.slice(at + 1).split(','));
  }
  return out;
}

/** `x-*` keys of a mapping, if any. */
export function extensionsOf(m: NodeMap): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(m)) if (k.startsWith('x-')) (out ??= {})[k] = m[k];
  return out;
}

/** Plain-object copy of raw values (for attributes kept as written). */
export function raw(v: Node): Record<string, unknown> {
  return isMap(v) ? { ...v } : {};
}
