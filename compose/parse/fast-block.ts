// A fast reader for the block-style YAML that compose files are written in. It covers mappings,
// sequences (including compact ones), quoted/plain/block scalars, flow collections, anchors,
// aliases, merge keys and the !reset/!override tags; anything else throws Unsupported so that the
// full YAML library reads the file instead. (The library costs ~140 ms cold on a 50-service file.)
import type { Node, NodeMap } from '../tree';
import { Cursor, isBlankFrom, isIndicator, isSeqStart, isSpace, skipSpaces } from './fast-cursor';
import { readFlow } from './fast-flow';
import { readBlockScalar, readDoubleQuoted, readSingleQuoted } from './fast-scalars';
import { resolvePlain } from './scalar';
import type { ParsedDocument, Parsed } from './source';
import { AliasBudget, REMOVED, Unsupported, applyMerges, checkKey, mergeSources } from './source';

/** Reads every non-empty document of `text`, or throws Unsupported; `track` records positions. */
export function readFast(text: string, track = false): ParsedDocument[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  const budget = new AliasBudget();
  const docs: ParsedDocument[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !isDocumentMarker(lines[i]!)) continue;
    if (i > start || start > 0) {
      const doc = readDocument(new Cursor(lines, start, i, budget, track));
      if (doc.value !== undefined || doc.marks.length > 0) docs.push(doc);
    }
    start = i + 1;
  }
  return docs;
}

function isDocumentMarker(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 37 /* % */) throw new Unsupported();
  if (c !== 45 && c !== 46) return false;
  if (line.startsWith('...')) throw new Unsupported();
  if (!line.startsWith('---') || (line.length > 3 && !isSpace(line.charCodeAt(3)))) return false;
  if (!isBlankFrom(line, 3)) throw new Unsupported();
  return true;
}

function readDocument(cur: Cursor): ParsedDocument {
  cur.skipBlank();
  let value: Node | undefined;
  if (!cur.atEnd()) {
    const v = readBlockValue(cur, -1, false);
    cur.skipBlank();
    if (!cur.atEnd()) throw new Unsupported();
    value = v === REMOVED || v === null ? undefined : v;
  }
  return { value, positions: cur.positions, marks: cur.marks };
}

/** A node on the following lines, indented past `parent` (or a compact sequence at `parent`). */
function readBlockValue(cur: Cursor, parent: number, compact: boolean): Parsed {
  cur.skipBlank();
  if (cur.atEnd()) return null;
  const line = cur.lines[cur.li]!;
  const ind = cur.indentOf(line);
  if (ind > parent || (compact && ind === parent && isSeqStart(line, ind))) return readNodeAt(cur, ind, parent);
  return null;
}

function readNodeAt(cur: Cursor, col: number, parent: number): Parsed {
  const line = cur.lines[cur.li]!;
  if (isSeqStart(line, col)) return readSeq(cur, col);
  const key = readKey(line, col);
  if (key) return readMap(cur, col, key);
  return readInline(cur, col, parent, false);
}

interface Key { key: string; valueCol: number; merge: boolean }

/** A `key:` at `col`, or undefined when the line holds something else. */
function readKey(line: string, col: number): Key | undefined {
  const c = line.charCodeAt(col);
  if (c === 34 || c === 39) {
    const q = c === 34 ? readDoubleQuoted(line, col) : readSingleQuoted(line, col);
    const j = skipSpaces(line, q.end);
    if (line.charCodeAt(j) !== 58 || (j + 1 < line.length && !isSpace(line.charCodeAt(j + 1)))) return undefined;
    checkKey(q.value);
    return { key: q.value, valueCol: j + 1, merge: false };
  }
  if (isIndicator(c) || isSeqStart(line, col)) return undefined;
  if (c === 63 && (col + 1 >= line.length || isSpace(line.charCodeAt(col + 1)))) throw new Unsupported();
  const stop = commentStart(line, col);
  for (let i = line.indexOf(':', col); i >= 0 && i < stop; i = line.indexOf(':', i + 1)) {
    if (i + 1 < line.length && !isSpace(line.charCodeAt(i + 1))) continue;
    const text = line.slice(col, i).trimEnd();
    if (text === '<<') return { key: text, valueCol: i + 1, merge: true };
    const key = resolvePlain(text);
    if (typeof key !== 'string') throw new Unsupported();
    checkKey(key);
    return { key, valueCol: i + 1, merge: false };
  }
  return undefined;
}

/** Where a ` #` comment starts after `col`, or the line length. */
function commentStart(line: string, col: number): number {
  for (let i = line.indexOf('#', col + 1); i >= 0; i = line.indexOf('#', i + 1)) {
    if (isSpace(line.charCodeAt(i - 1))) return i;
  }
  return line.length;
}

function readMap(cur: Cursor, indent: number, first: Key): NodeMap {
  const out: NodeMap = {};
  let removed: Set<string> | undefined;
  let merges: NodeMap[] | undefined;
  for (let k: Key | undefined = first; ;) {
    if (!k.merge && (Object.hasOwn(out, k.key) || removed?.has(k.key))) throw new Unsupported();
    cur.path.push(k.key);
    if (!k.merge) cur.record(cur.li, indent);
    const v = readInline(cur, k.valueCol, indent, true);
    cur.path.pop();
    if (k.merge) merges = (merges ?? []).concat(v === REMOVED ? [] : mergeSources(v) ?? unsupported());
    else if (v !== REMOVED) out[k.key] = v;
    else (removed ??= new Set()).add(k.key);
    cur.skipBlank();
    if (cur.atEnd()) break;
    const line = cur.lines[cur.li]!;
    const ind = cur.indentOf(line);
    if (ind < indent) break;
    if (ind > indent) throw new Unsupported();
    k = readKey(line, indent);
    if (!k) throw new Unsupported();
  }
  if (merges) applyMerges(out, merges);
  return out;
}

function readSeq(cur: Cursor, indent: number): Node[] {
  const out: Node[] = [];
  for (;;) {
    cur.path.push(out.length);
    const v = readSeqItem(cur, indent);
    cur.path.pop();
    if (v !== REMOVED) out.push(v);
    cur.skipBlank();
    if (cur.atEnd()) break;
    const next = cur.lines[cur.li]!;
    const ind = cur.indentOf(next);
    if (ind < indent) break;
    if (ind > indent) throw new Unsupported();
    if (!isSeqStart(next, indent)) break;
  }
  return out;
}

/** One `- item`; its position is that of its first content (as the YAML library reports it). */
function readSeqItem(cur: Cursor, indent: number): Parsed {
  const line = cur.lines[cur.li]!;
  const c = skipSpaces(line, indent + 1);
  if (isBlankFrom(line, c)) {
    cur.li++;
    cur.skipBlank();
    const next = cur.lines[cur.li];
    if (next !== undefined && cur.li < cur.end) cur.record(cur.li, cur.indentOf(next));
    return readBlockValue(cur, indent, false);
  }
  cur.record(cur.li, c);
  if (isSeqStart(line, c)) return readSeq(cur, c);
  const k = readKey(line, c);
  return k ? readMap(cur, c, k) : readInline(cur, c, indent, false);
}

/** The value starting at `col` of the current line, after optional `&anchor` and `!tag`. */
function readInline(cur: Cursor, col: number, parent: number, compact: boolean): Parsed {
  const line = cur.lines[cur.li]!;
  let anchor: string | undefined;
  let tag: 'reset' | 'override' | undefined;
  col = skipSpaces(line, col);
  for (let c = line.charCodeAt(col); c === 38 || c === 33; c = line.charCodeAt(col)) {
    const m = /^[&!]([^\s,[\]{}]+)/.exec(line.slice(col, col + 256));
    if (!m) throw new Unsupported();
    if (c === 38) anchor = m[1]!;
    else if (m[1] === 'reset' || m[1] === 'override') tag = m[1];
    else throw new Unsupported();
    col = skipSpaces(line, col + m[0].length);
  }
  let v: Parsed;
  if (isBlankFrom(line, col)) {
    cur.li++;
    v = readBlockValue(cur, parent, compact);
  } else {
    v = readScalar(cur, col, parent);
  }
  if (tag !== undefined) cur.mark(tag);
  if (tag === 'reset') return REMOVED;
  if (anchor !== undefined && v !== REMOVED) cur.anchors.set(anchor, v);
  return v;
}

function readScalar(cur: Cursor, col: number, parent: number): Node {
  const line = cur.lines[cur.li]!;
  const c = line.charCodeAt(col);
  if (c === 124 || c === 62) return readBlockScalar(cur, col, parent);
  if (c === 91 || c === 123) {
    const r = readFlow(cur, col, parent);
    return endOfLine(cur, cur.lines[cur.li]!, r.col, r.value);
  }
  if (c === 42) {
    const m = /^\*([^\s,[\]{}]+)/.exec(line.slice(col));
    const target = m ? cur.anchors.get(m[1]!) : undefined;
    if (!m || target === undefined) throw new Unsupported();
    return endOfLine(cur, line, col + m[0].length, cur.budget.clone(target));
  }
  if (c === 34 || c === 39) {
    const q = c === 34 ? readDoubleQuoted(line, col) : readSingleQuoted(line, col);
    return endOfLine(cur, line, q.end, q.value);
  }
  cur.li++;
  return resolvePlain(plainText(line, col));
}

function endOfLine(cur: Cursor, line: string, end: number, value: Node): Node {
  if (!isBlankFrom(line, end)) throw new Unsupported();
  cur.li++;
  return value;
}

/** A single-line plain scalar in block context, without its trailing comment. */
function plainText(line: string, col: number): string {
  const c = line.charCodeAt(col);
  if (isIndicator(c)) throw new Unsupported();
  if ((c === 45 || c === 63 || c === 58) && (col + 1 >= line.length || isSpace(line.charCodeAt(col + 1)))) throw new Unsupported();
  const end = commentStart(line, col);
  for (let i = line.indexOf(':', col + 1); i >= 0 && i < end; i = line.indexOf(':', i + 1)) {
    if (i + 1 >= line.length || isSpace(line.charCodeAt(i + 1))) throw new Unsupported();
  }
  return end === line.length && !isSpace(line.charCodeAt(end - 1)) ? line.slice(col) : line.slice(col, end).trimEnd();
}

function unsupported(): never {
  throw new Unsupported();
}
