// The document the renderers print: mappings keep an explicit key order (Go structs print fields
// in declaration order, Go maps print sorted keys), and floats remember their Go precision.

export class GoFloat {
  constructor(readonly value: number, readonly bits: 32 | 64) {}
}

/** A printable value. */
export type Value = string | number | boolean | null | GoFloat | Doc | Value[];

/** A mapping in output order. */
export class Doc {
  readonly entries: [string, Value][] = [];

  /** Adds a field unless it is undefined (absent). */
  set(key: string, v: Value | undefined): this {
    if (v !== undefined) this.entries.push([key, v]);
    return this;
  }

  get size(): number {
    return this.entries.length;
  }
}

/** A Go map: keys sorted (byte order), values converted. */
export function sortedDoc<T>(rec: Readonly<Record<string, T>> | undefined, conv: (v: T) => Value): Doc {
  const d = new Doc();
  if (!rec) return d;
  const keys = Object.keys(rec).sort(byteOrder);
  for (let i = 0; i < keys.length; i++) d.set(keys[i]!, conv(rec[keys[i]!]!));
  return d;
}

/** Go sorts strings by bytes; for UTF-16 this matches except around surrogates, which is fine here. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Arbitrary decoded YAML (extensions, attributes kept as written), as Go marshals map[string]any. */
export function rawValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(rawValue);
  if (typeof v === 'object') return sortedDoc(v as Record<string, unknown>, rawValue);
  if (typeof v === 'number') return Number.isInteger(v) ? v : new GoFloat(v, 64);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** omitempty: absent for "", 0, false, empty lists and maps. */
export function nonEmpty<T>(v: T | undefined): T | undefined {
  if (v === undefined || v === '' || v === 0 || v === false) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (v instanceof Doc && v.size === 0) return undefined;
  return v;
}
