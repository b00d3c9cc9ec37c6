// Shared pieces of the two YAML readers: the result shape, reset/override marks, merge keys (`<<`)
// and alias expansion with a budget (so a "billion laughs" file fails fast instead of hanging).
import { ComposeError } from '../errors';
import type { Node, NodeMap, Path } from '../tree';
import { isMap } from '../tree';

/** 1-based line and column. */
export interface Pos { line: number; column: number }

/** A `!reset` or `!override` tag found at `path` (compose-go's ResetProcessor). */
export interface ResetMark { path: Path; kind: 'reset' | 'override' }

/** One YAML document as a plain tree, with the source position of every key and list item. */
export interface ParsedDocument {
  value: Node | undefined;
  positions: Map<string, Pos>;
  marks: ResetMark[];
}

/** Returned in place of a value tagged `!reset`: its parent drops the entry. */
export const REMOVED: unique symbol = Symbol('removed');
/** A parsed value, or REMOVED for `!reset`. */
export type Parsed = Node | typeof REMOVED;

/** Thrown by the fast reader when the input is outside its subset; the YAML library takes over. */
export class Unsupported extends Error {}

const ALIAS_BUDGET = 1_000_000;

/** Counts nodes produced by alias expansion across one file. */
export class AliasBudget {
  private used = 0;

  /** A fresh copy of an anchored value (later stages mutate trees, so aliases never share). */
  clone(v: Node): Node {
    if (++this.used > ALIAS_BUDGET) throw new ComposeError('document contains excessive aliasing');
    if (Array.isArray(v)) return v.map((x) => this.clone(x));
    if (isMap(v)) {
      const out: NodeMap = {};
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) out[keys[i]!] = this.clone(v[keys[i]!]!);
      return out;
    }
    return v;
  }
}

/** Collects `<<` sources: a mapping, or a list of mappings; anything else is not a merge. */
export function mergeSources(value: Node): NodeMap[] | undefined {
  if (isMap(value)) return [value];
  if (Array.isArray(value) && value.every(isMap)) return value as NodeMap[];
  return undefined;
}

/** YAML merge keys: explicit keys win, then earlier sources win over later ones. */
export function applyMerges(target: NodeMap, sources: NodeMap[]): void {
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s]!;
    const keys = Object.keys(src);
    for (let i = 0; i < keys.length; i++) if (!Object.hasOwn(target, keys[i]!)) target[keys[i]!] = src[keys[i]!]!;
  }
}

/** `__proto__` cannot be a plain-object key without changing the object's prototype. */
export function checkKey(key: string): void {
  if (key === '__proto__') throw new ComposeError('the key "__proto__" is not supported');
}
