// Flow collections (`[a, b]`, `{k: v}`) for the fast YAML reader, possibly spanning lines.
import type { Node, NodeMap } from '../tree';
import type { Cursor } from './fast-cursor';
import { isIndicator, isSpace } from './fast-cursor';
import { readDoubleQuoted, readSingleQuoted } from './fast-scalars';
import { resolvePlain } from './scalar';
import { Unsupported, applyMerges, checkKey, mergeSources } from './source';

/** Reads one flow collection starting at `col` of the current line; returns the column after it. */
export function readFlow(cur: Cursor, col: number, parent: number): { value: Node; col: number } {
  const r = new FlowReader(cur, col, parent);
  const value = r.node(false);
  return { value, col: r.col };
}

class FlowReader {
  constructor(private readonly cur: Cursor, public col: number, private readonly parent: number) {}

  private get line(): string {
    return this.cur.lines[this.cur.li]!;
  }

  /** Skips spaces, comments and line breaks; continuation lines must be indented past the parent. */
  private ws(): void {
    for (;;) {
      const line = this.line;
      while (this.col < line.length && isSpace(line.charCodeAt(this.col))) this.col++;
      if (this.col < line.length && line[this.col] !== '#') return;
      this.cur.li++;
      this.col = 0;
      if (this.cur.li >= this.cur.end) throw new Unsupported();
      const next = this.line;
      const ind = next.length - next.trimStart().length;
      const first = next[ind];
      if (first !== undefined && first !== ']' && first !== '}' && ind <= this.parent) throw new Unsupported();
    }
  }

  node(record = true): Node {
    this.ws();
    if (record) this.cur.record(this.cur.li, this.col);
    const c = this.line[this.col];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '*') return this.alias();
    if (c === '"' || c === "'") return this.quoted();
    return resolvePlain(this.plain(false));
  }

  private seq(): Node[] {
    const out: Node[] = [];
    this.col++;
    for (;;) {
      this.ws();
      if (this.line[this.col] === ']') { this.col++; return out; }
      this.cur.path.push(out.length);
      out.push(this.node());
      this.cur.path.pop();
      this.ws();
      const c = this.line[this.col];
      if (c === ',') { this.col++; continue; }
      if (c === ']') { this.col++; return out; }
      throw new Unsupported();
    }
  }

  private map(): NodeMap {
    const out: NodeMap = {};
    let merges: NodeMap[] = [];
    this.col++;
    for (;;) {
      this.ws();
      if (this.line[this.col] === '}') { this.col++; break; }
      const key = this.key();
      this.ws();
      const v = this.line[this.col] === ',' || this.line[this.col] === '}' ? null : this.node(false);
      this.cur.path.pop();
      if (key === '<<') merges = merges.concat(mergeSources(v) ?? fail());
      else if (Object.hasOwn(out, key)) throw new Unsupported();
      else out[key] = v;
      this.ws();
      const c = this.line[this.col];
      if (c === ',') { this.col++; continue; }
      if (c === '}') { this.col++; break; }
      throw new Unsupported();
    }
    applyMerges(out, merges);
    return out;
  }

  /** Reads `key:` and pushes the key on the path (the caller pops it after the value). */
  private key(): string {
    const line = this.line;
    const start = this.col;
    const c = line[this.col];
    let key: string;
    if (c === '"' || c === "'") {
      const q = c === '"' ? readDoubleQuoted(line, this.col) : readSingleQuoted(line, this.col);
      key = q.value;
      this.col = q.end;
    } else {
      const text = this.plain(true);
      const r = text === '<<' ? text : resolvePlain(text);
      if (typeof r !== 'string') throw new Unsupported();
      key = r;
    }
    if (this.line[this.col] !== ':') throw new Unsupported();
    this.col++;
    checkKey(key);
    this.cur.path.push(key);
    this.cur.record(this.cur.li, start);
    return key;
  }

  private alias(): Node {
    const m = /^\*([^\s,[\]{}]+)/.exec(this.line.slice(this.col));
    const target = m ? this.cur.anchors.get(m[1]!) : undefined;
    if (!m || target === undefined) throw new Unsupported();
    this.col += m[0].length;
    return this.cur.budget.clone(target);
  }

  private quoted(): string {
    const line = this.line;
    const q = line[this.col] === '"' ? readDoubleQuoted(line, this.col) : readSingleQuoted(line, this.col);
    this.col = q.end;
    return q.value;
  }

  /** A plain scalar in flow context; as a key it stops before `:`. */
  private plain(asKey: boolean): string {
    const line = this.line;
    const start = this.col;
    const c0 = line.charCodeAt(start);
    if (isIndicator(c0)) throw new Unsupported();
    if ((c0 === 45 || c0 === 63 || c0 === 58) && isSpace(line.charCodeAt(start + 1))) throw new Unsupported();
    let i = start;
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 44 || c === 93 || c === 125 || c === 91 || c === 123) break;
      if (c === 35 && isSpace(line.charCodeAt(i - 1))) break;
      if (c === 58) {
        const n = line.charCodeAt(i + 1);
        const ends = i + 1 >= line.length || isSpace(n) || n === 44 || n === 93 || n === 125;
        if (ends && asKey) break;
        if (ends) throw new Unsupported();
      }
    }
    if (i >= line.length && !asKey) this.checkNoContinuation();
    this.col = i;
    const text = line.slice(start, i).trimEnd();
    if (text === '') throw new Unsupported();
    return text;
  }

  /** A plain scalar running to the end of the line might continue on the next: not handled here. */
  private checkNoContinuation(): void {
    const next = this.cur.lines[this.cur.li + 1];
    if (next === undefined) return;
    const t = next.trimStart()[0];
    if (t !== undefined && t !== ',' && t !== ']' && t !== '}' && t !== '#') throw new Unsupported();
  }
}

function fail(): never {
  throw new Unsupported();
}
