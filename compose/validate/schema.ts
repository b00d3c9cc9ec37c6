// A small structural validator written for the compose spec: typed checks per attribute that
// report the exact path and suggest the nearest known key. The tables live in spec-*.ts.
import { ComposeError } from '../errors';
import type { Node, NodeMap } from '../tree';
import { formatPath, isMap } from '../tree';
import { parseBytes, parseDuration } from '../units';
import { nearest } from './suggest';

/** JSON-like kinds of a YAML value. */
export type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

/** A validation rule: scalar types and formats, lists, closed mappings, dictionaries, unions by kind. */
export type Spec =
  | { k: 'any' }
  | { k: 'scalar'; types: readonly Kind[]; enum?: readonly string[]; pattern?: RegExp; format?: 'duration' | 'bytes'; min?: number; max?: number }
  | { k: 'list'; item: Spec; unique?: boolean }
  | { k: 'obj'; props: Readonly<Record<string, Spec>>; ext?: boolean; required?: readonly string[]; rest?: Spec; keyPattern?: RegExp; keyWhat?: string }
  | { k: 'union'; variants: Partial<Record<Kind, Spec>> };

/** Validation switches. */
export interface CheckOptions {
  /** Interpolation was skipped: strings holding `$` are not checked against formats. */
  raw: boolean;
}

function kindOf(v: Node): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as Kind;
}

function accepts(types: readonly Kind[], kind: Kind): boolean {
  return types.includes(kind) || (kind === 'integer' && types.includes('number'));
}

const WHAT: Record<Kind, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean', null: 'null',
  array: 'a list', object: 'a mapping',
};

function describe(kinds: readonly Kind[]): string {
  const words = kinds.map((k) => WHAT[k]);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Checks `v` against `spec`; throws a ComposeError naming the path of the first problem. */
export function check(v: Node, spec: Spec, path: (string | number)[], opts: CheckOptions): void {
  switch (spec.k) {
    case 'any': return;
    case 'scalar': return checkScalar(v, spec, path, opts);
    case 'list': return checkList(v, spec, path, opts);
    case 'obj': return checkObject(v, spec, path, opts);
    case 'union': {
      const kind = kindOf(v);
      const variant = spec.variants[kind] ?? (kind === 'integer' ? spec.variants.number : undefined);
      if (!variant) throw fail(path, `must be ${describe(Object.keys(spec.variants) as Kind[])}`);
      return check(v, variant, path, opts);
    }
  }
}

function fail(path: (string | number)[], reason: string): ComposeError {
  return new ComposeError(reason, { path: formatPath(path) });
}

function checkScalar(v: Node, spec: Extract<Spec, { k: 'scalar' }>, path: (string | number)[], opts: CheckOptions): void {
  const kind = kindOf(v);
  if (!accepts(spec.types, kind)) throw fail(path, `must be ${describe(spec.types)}`);
  if (typeof v === 'number') {
    if (spec.min !== undefined && v < spec.min) throw fail(path, `must be at least ${spec.min}`);
    if (spec.max !== undefined && v > spec.max) throw fail(path, `must be at most ${spec.max}`);
    if (spec.format === 'bytes' && !Number.isInteger(v)) throw fail(path, `invalid size ${v}`);
    return;
  }
  if (typeof v !== 'string' || (opts.raw && v.includes('$'))) return;
  if (spec.enum && !spec.enum.includes(v)) {
    throw fail(path, `invalid value "${v}": must be one of ${spec.enum.map((e) => `"${e}"`).join(', ')}`);
  }
  if (spec.pattern && !spec.pattern.test(v)) throw fail(path, `invalid value "${v}": must match ${spec.pattern.source}`);
  if (spec.format === 'duration' && parseDuration(v) === undefined) throw fail(path, `invalid duration "${v}" (use a Go duration such as "1m30s")`);
  if (spec.format === 'bytes' && parseBytes(v) === undefined) throw fail(path, `invalid size "${v}" (use bytes or a unit such as "512m")`);
}

function checkList(v: Node, spec: Extract<Spec, { k: 'list' }>, path: (string | number)[], opts: CheckOptions): void {
  if (!Array.isArray(v)) throw fail(path, 'must be a list');
  const seen = spec.unique ? new Map<string, number>() : undefined;
  for (let i = 0; i < v.length; i++) {
    path.push(i);
    check(v[i]!, spec.item, path, opts);
    if (seen) {
      const key = JSON.stringify(v[i]);
      const prev = seen.get(key);
      if (prev !== undefined) throw fail(path, `duplicate entry ${key} (same as item ${prev})`);
      seen.set(key, i);
    }
    path.pop();
  }
}

function checkObject(v: Node, spec: Extract<Spec, { k: 'obj' }>, path: (string | number)[], opts: CheckOptions): void {
  if (!isMap(v)) throw fail(path, 'must be a mapping');
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    path.push(key);
    const prop = Object.hasOwn(spec.props, key) ? spec.props[key] : undefined;
    if (prop) check(v[key]!, prop, path, opts);
    else if (spec.ext && key.startsWith('x-')) { /* extensions are free-form */ }
    else if (spec.rest && (!spec.keyPattern || spec.keyPattern.test(key))) check(v[key]!, spec.rest, path, opts);
    else if (spec.rest) throw fail(path, `invalid ${spec.keyWhat ?? 'key'} "${key}": must match ${spec.keyPattern!.source}`);
    else throw unknownKey(path, key, spec.props);
    path.pop();
  }
  for (const r of spec.required ?? []) if (!Object.hasOwn(v, r)) throw fail(path, `missing required key "${r}"`);
}

function unknownKey(path: (string | number)[], key: string, props: Readonly<Record<string, Spec>>): ComposeError {
  const best = nearest(key, Object.keys(props));
  return fail(path, `unknown key${best ? `, did you mean "${best}"?` : ''}`);
}

/** Checks a whole compose document (one file) against the top-level spec. */
export function checkDocument(doc: NodeMap, spec: Spec, opts: CheckOptions): void {
  check(doc, spec, [], opts);
}
