// The complete YAML path: the `yaml` package parses, then we walk its AST ourselves so that
// scalars resolve as go-yaml does, merge keys and !reset/!override behave as in compose-go, and
// every error and duplicate key carries a line and column.
import type * as YamlLib from 'yaml';
import { ComposeError } from '../errors';
import type { Node, NodeMap, Path } from '../tree';
import { formatPath } from '../tree';
import { resolvePlain } from './scalar';
import type { ParsedDocument, Parsed, Pos, ResetMark } from './source';
import { AliasBudget, REMOVED, applyMerges, checkKey, mergeSources } from './source';

type Yaml = typeof YamlLib;
let lib: Yaml | undefined;

/** The `yaml` package, loaded on first use: most files never need it (see fast-block.ts). */
function yamlLib(): Yaml {
  // A lazy require keeps the package's start-up cost off every command that never falls back.
  lib ??= require('yaml') as Yaml;
  return lib;
}

/** Parses every document of `text`; YAML errors become ComposeErrors with line and column. */
export function readWithLibrary(text: string, file: string): ParsedDocument[] {
  const Y = yamlLib();
  const lc = new Y.LineCounter();
  const docs = Y.parseAllDocuments(text, { version: '1.2', merge: true, uniqueKeys: false, lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const budget = new AliasBudget();
  return docs.map((doc) => {
    const err = doc.errors[0];
    if (err) {
      const p = lc.linePos(err.pos[0]);
      throw new ComposeError(err.message.split('\n')[0]!, { file, line: p.line, column: p.col });
    }
    return new AstWalker(Y, doc, lc, file, budget).run();
  });
}

class AstWalker {
  private readonly positions = new Map<string, Pos>();
  private readonly marks: ResetMark[] = [];
  private readonly resolving = new Set<unknown>();

  constructor(private readonly Y: Yaml, private readonly doc: YamlLib.Document, private readonly lc: YamlLib.LineCounter,
    private readonly file: string, private readonly budget: AliasBudget) {}

  run(): ParsedDocument {
    const v = this.doc.contents === null ? null : this.node(this.doc.contents as YamlLib.Node, [], true);
    return { value: v === REMOVED || v === null ? undefined : v, positions: this.positions, marks: this.marks };
  }

  private pos(node: { range?: YamlLib.Range | null } | null | undefined): Pos | undefined {
    const r = node?.range;
    if (!r) return undefined;
    const p = this.lc.linePos(r[0]);
    return { line: p.line, column: p.col };
  }

  private fail(reason: string, node: { range?: YamlLib.Range | null } | null | undefined): never {
    const p = this.pos(node);
    throw new ComposeError(reason, { file: this.file, line: p?.line, column: p?.column });
  }

  /** Converts a node; `track` is false inside alias expansions (no positions, no marks). */
  private node(n: YamlLib.Node | null, path: Path, track: boolean): Parsed {
    if (n === null) return null;
    if (this.Y.isAlias(n)) return this.alias(n, path);
    const tag = n.tag;
    if (track && (tag === '!reset' || tag === '!override')) this.marks.push({ path, kind: tag === '!reset' ? 'reset' : 'override' });
    if (tag === '!reset') return REMOVED;
    if (this.Y.isScalar(n)) return this.scalar(n);
    if (this.Y.isMap(n)) return this.map(n, path, track);
    if (this.Y.isSeq(n)) return this.seq(n, path, track);
    return this.fail('unsupported YAML node', n);
  }

  private alias(n: YamlLib.Alias, path: Path): Node {
    const target = n.resolve(this.doc);
    if (!target) this.fail(`unknown anchor "${n.source}" referenced by an alias`, n);
    if (this.resolving.has(target)) this.fail(`alias "${n.source}" refers to itself`, n);
    this.resolving.add(target);
    const v = this.node(target as YamlLib.Node, path, false);
    this.resolving.delete(target);
    return v === REMOVED ? null : this.budget.clone(v);
  }

  private scalar(n: YamlLib.Scalar): Node {
    const tag = n.tag;
    if (n.type === 'PLAIN' && (tag === undefined || tag === '!override')) return resolvePlain(String(n.source));
    const v = n.value;
    if (typeof v === 'bigint') return Number(v);
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    return String(v);
  }

  private map(n: YamlLib.YAMLMap, path: Path, track: boolean): NodeMap {
    const out: NodeMap = {};
    const first = new Map<string, YamlLib.Node>();
    let merges: NodeMap[] = [];
    for (const pair of n.items) {
      const keyNode = pair.key as YamlLib.Node | null;
      if (this.Y.isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<') {
        const v = this.node(pair.value as YamlLib.Node | null, path, false);
        if (v === REMOVED) continue;
        merges = merges.concat(mergeSources(v) ?? this.fail('merge keys (<<) need a mapping or a list of mappings', keyNode));
        continue;
      }
      const key = this.key(keyNode, path);
      const prev = first.get(key);
      if (prev) this.fail(`duplicate key "${key}" (first defined at line ${this.pos(prev)?.line ?? '?'})`, keyNode);
      first.set(key, keyNode!);
      const keyPath = [...path, key];
      const p = track ? this.pos(keyNode) : undefined;
      if (p) this.positions.set(formatPath(keyPath), p);
      const v = this.node(pair.value as YamlLib.Node | null, keyPath, track);
      if (v !== REMOVED) out[key] = v;
    }
    applyMerges(out, merges);
    return out;
  }

  private key(k: YamlLib.Node | null, path: Path): string {
    const v = k === null ? null : this.node(k, path, false);
    if (typeof v !== 'string') {
      const where = path.length ? `in ${formatPath(path)}` : 'at top level';
      this.fail(`non-string key ${where}: ${v === REMOVED ? '!reset' : JSON.stringify(v)}`, k);
    }
    checkKey(v);
    return v;
  }

  private seq(n: YamlLib.YAMLSeq, path: Path, track: boolean): Node[] {
    const out: Node[] = [];
    for (const item of n.items) {
      const itemPath = [...path, out.length];
      const p = track ? this.pos(item as YamlLib.Node) : undefined;
      if (p) this.positions.set(formatPath(itemPath), p);
      const v = this.node(item as YamlLib.Node | null, itemPath, track);
      if (v !== REMOVED) out.push(v);
    }
    return out;
  }
}
