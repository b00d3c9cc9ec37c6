// Plain YAML trees (what every stage before binding works on), paths into them, and rule tables
// keyed by path patterns such as `services.*.ports` (`*` = any key or index, `[]` = any list index).

export type Scalar = string | number | boolean | null;
/** A YAML value: scalar, mapping or list. */
export type Node = Scalar | NodeMap | Node[];
/** A YAML mapping with string keys. */
export interface NodeMap { [key: string]: Node }

/** A location in a tree: map keys and list indexes. */
export type Path = readonly (string | number)[];

/** `services.web.ports[0]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** True for mappings (not lists, not null). */
export function isMap(v: unknown): v is NodeMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property lookup: user keys such as `constructor` must never hit Object.prototype. */
export function own<T = Node>(map: object, key: string): T | undefined {
  return Object.hasOwn(map, key) ? (map as Record<string, T>)[key] : undefined;
}

/** Own-property test. */
export function has(map: object, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** A deep copy of a tree. */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (isMap(v)) {
    const out: NodeMap = {};
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = deepClone(v[keys[i]!]!);
    return out as T;
  }
  return v;
}

/** Go's `fmt.Sprint` for the scalars YAML gives us (used where compose stringifies values). */
export function sprint(v: Node | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/** Go formats float64 with %v as the shortest repr, switching to exponent form at 1e21. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  value?: T;
}

/** A table of rules keyed by path patterns, walked in step with a tree (no per-node regex). */
export class PathRules<T> {
  private readonly root: TrieNode<T> = { children: new Map() };

  constructor(entries: Record<string, T>) {
    for (const [pattern, value] of Object.entries(entries)) this.add(pattern, value);
  }

  private add(pattern: string, value: T): void {
    let node = this.root;
    for (const seg of pattern.split('.')) {
      let next = node.children.get(seg);
      if (!next) { next = { children: new Map() }; node.children.set(seg, next); }
      node = next;
    }
    node.value = value;
  }

  /** The starting cursor (matches the empty path). */
  start(): RuleCursor<T> {
    return [this.root];
  }

  /** Moves a cursor down one segment; an empty cursor means no rule can match below. */
  step(cursor: RuleCursor<T>, seg: string | number): RuleCursor<T> {
    let out: TrieNode<T>[] | undefined;
    // Indexed loops: this runs per key of every walk, mostly in V8's interpreter (for-of allocates).
    for (let i = 0; i < cursor.length; i++) {
      const node = cursor[i]!;
      if (node.children.size === 0) continue;
      const exact = typeof seg === 'number' ? node.children.get('[]') : node.children.get(seg);
      if (exact) (out ??= []).push(exact);
      const any = node.children.get('*');
      if (any) (out ??= []).push(any);
    }
    return out ?? NO_RULES;
  }

  /** The rule at this cursor, if any (the first added pattern wins ties). */
  rule(cursor: RuleCursor<T>): T | undefined {
    for (let i = 0; i < cursor.length; i++) if (cursor[i]!.value !== undefined) return cursor[i]!.value;
    return undefined;
  }

  /** The rule for a whole path. */
  lookup(path: Path): T | undefined {
    let c = this.start();
    for (const seg of path) { c = this.step(c, seg); if (c.length === 0) return undefined; }
    return this.rule(c);
  }
}

/** Where a walk is in a PathRules table. */
export type RuleCursor<T> = readonly TrieNode<T>[];
const NO_RULES: readonly never[] = Object.freeze([]);
