// Go's view of JavaScript values, shared by the evaluator, the fmt verbs and the JSON encoder.
// undefined is Go's invalid value (prints `<no value>`), null is nil, integral numbers are ints,
// other numbers float64, arrays slices, Map instances and plain objects maps.

const mapMarks = new WeakSet<object>();

/** Marks a plain object as a Go map: a missing key prints `<no value>` even in strict mode and JSON sorts its keys. */
export function goMap<T extends object>(obj: T): T {
  mapMarks.add(obj);
  return obj;
}

/** True for Map instances and objects marked with goMap(). */
export function isMarkedMap(v: object): boolean {
  return v instanceof Map || mapMarks.has(v);
}

/** The Go kind a value behaves as. */
export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'time' | 'bytes' | 'func';

/** Classifies a value the way Go's reflect.Kind would see its JSON-like counterpart. */
export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'string': return 'string';
    // Integral numbers past 1e21 print in exponent form, as the float64 they really are.
    case 'number': return Number.isInteger(v) && Math.abs(v) < 1e21 ? 'int' : 'float';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'function': return 'func';
    case 'undefined': return 'invalid';
    case 'object':
      if (v === null) return 'nil';
      if (Array.isArray(v)) return 'slice';
      if (v instanceof Date) return 'time';
      if (v instanceof Uint8Array) return 'bytes';
      return 'map';
    default: return 'invalid';
  }
}

/** Go's type name for messages such as `wrong type for value; expected string; got int`. */
export function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid': case 'nil': return '<nil>';
    case 'bool': return 'bool';
    case 'int': return typeof v === 'bigint' ? 'int64' : 'int';
    case 'float': return 'float64';
    case 'string': return 'string';
    case 'slice': return '[]interface {}';
    case 'bytes': return '[]uint8';
    case 'time': return 'time.Time';
    case 'func': return 'func()';
    default: return 'map[string]interface {}';
  }
}

/** Go's truth for if/with/and/or/not: zero values, nil and empty collections are false. */
export function isTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean': return v;
    case 'string': return v.length > 0;
    case 'number': return v !== 0;
    case 'bigint': return v !== 0n;
    case 'undefined': return false;
    case 'function': return true;
    case 'object':
      if (v === null) return false;
      if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
      if (v instanceof Map) return v.size > 0;
      if (v instanceof Date) return true;
      return mapSize(v) > 0;
    default: return false;
  }
}

/** Number of entries of a map-like value (keys holding undefined do not count). */
export function mapSize(v: object): number {
  if (v instanceof Map) return v.size;
  let n = 0;
  for (const k of Object.keys(v)) if ((v as Record<string, unknown>)[k] !== undefined) n++;
  return n;
}

/** A map's entries in Go's fmtsort order (numbers numerically, strings bytewise). */
export function sortedEntries(v: object): Array<[unknown, unknown]> {
  if (v instanceof Map) return [...v.entries()].sort((a, b) => compareKeys(a[0], b[0]));
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
  return keys.map((k) => [k, rec[k]]);
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a), sb = String(b);
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The data given to a table's header row: each field resolves to its column title. */
export class HeaderRow {
  readonly #titles: Readonly<Record<string, string>>;

  constructor(titles: Readonly<Record<string, string>>) {
    this.#titles = titles;
  }

  /** `.A.B` -> the title for "A.B", else for "A", else "B" upper-cased. */
  title(idents: readonly string[]): string {
    const t = this.#titles;
    const full = idents.join('.');
    if (Object.hasOwn(t, full)) return t[full]!;
    if (Object.hasOwn(t, idents[0]!)) return t[idents[0]!]!;
    return idents[idents.length - 1]!.toUpperCase();
  }
}

/** Byte length of a string in UTF-8, which is what Go's len and slice count. */
export function utf8Length(s: string): number {
  // Pure ASCII (the common case) needs no encoding.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}
