// Quoted and block scalars for the fast YAML reader. Anything it is unsure about (multi-line
// quoted scalars, unknown escapes, more-indented folded lines) is left to the full parser.
import type { Cursor } from './fast-cursor';
import { isBlankFrom } from './fast-cursor';
import { Unsupported } from './source';

/** A scalar and the column after it. */
export interface Scanned { value: string; end: number }

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar that closes on the same line; `col` is at the opening quote. */
export function readDoubleQuoted(line: string, col: number): Scanned {
  const close = line.indexOf('"', col + 1);
  if (close > 0 && line.lastIndexOf('\\', close) <= col) return { value: line.slice(col + 1, close), end: close + 1 };
  let out = '';
  let i = col + 1;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') { out += c; i++; continue; }
    const e = line[i + 1];
    if (e === undefined) throw new Unsupported();
    const n = HEX_LEN[e];
    if (n !== undefined) {
      const hex = line.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new Unsupported();
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + n;
      continue;
    }
    const r = Object.hasOwn(ESCAPES, e) ? ESCAPES[e] : undefined;
    if (r === undefined) throw new Unsupported();
    out += r;
    i += 2;
  }
  throw new Unsupported();
}

/** A single-quoted scalar that closes on the same line (`''` is a quote). */
export function readSingleQuoted(line: string, col: number): Scanned {
  let out = '';
  let i = col + 1;
  for (;;) {
    const q = line.indexOf("'", i);
    if (q < 0) throw new Unsupported();
    out += line.slice(i, q);
    if (line.charCodeAt(q + 1) === 39) { out += "'"; i = q + 2; continue; }
    return { value: out, end: q + 1 };
  }
}

interface Header { folded: boolean; chomp: 'clip' | 'strip' | 'keep'; indent: number }

function readHeader(line: string, col: number): Header {
  const h: Header = { folded: line[col] === '>', chomp: 'clip', indent: 0 };
  let i = col + 1;
  for (let k = 0; k < 2; k++) {
    const c = line[i];
    if (c === '-' || c === '+') { h.chomp = c === '-' ? 'strip' : 'keep'; i++; }
    else if (c !== undefined && c >= '1' && c <= '9') { h.indent = Number(c); i++; }
  }
  if (!isBlankFrom(line, i)) throw new Unsupported();
  return h;
}

/** Reads `|` / `>` scalars whose content is indented more than `parent`; leaves the cursor after it. */
export function readBlockScalar(cur: Cursor, col: number, parent: number): string {
  const h = readHeader(cur.lines[cur.li]!, col);
  if (h.indent > 0 && parent < 0) throw new Unsupported();
  cur.li++;
  const indent = h.indent > 0 ? parent + h.indent : detectIndent(cur, parent);
  const lines: string[] = [];
  let content = false;
  while (cur.li < cur.end) {
    const line = cur.lines[cur.li]!;
    if (/^ *$/.test(line)) {
      if (line.length > indent && !content && h.indent === 0) throw new Unsupported();
      lines.push(line.length > indent ? line.slice(indent) : '');
    } else {
      content = true;
      let sp = 0;
      while (sp < indent && line.charCodeAt(sp) === 32) sp++;
      if (sp < indent) { if (line.charCodeAt(sp) === 9) throw new Unsupported(); break; }
      lines.push(line.slice(indent));
    }
    cur.li++;
  }
  return chomp(h, lines);
}

function detectIndent(cur: Cursor, parent: number): number {
  for (let i = cur.li; i < cur.end; i++) {
    const line = cur.lines[i]!;
    if (/^ *$/.test(line)) continue;
    const n = line.length - line.trimStart().length;
    if (line.charCodeAt(n) === 9 && n <= parent + 1) throw new Unsupported();
    return Math.max(n, parent + 1);
  }
  return parent + 1;
}

function chomp(h: Header, lines: string[]): string {
  let last = lines.length - 1;
  while (last >= 0 && lines[last] === '') last--;
  if (last < 0) return h.chomp === 'keep' ? '\n'.repeat(lines.length) : '';
  const body = h.folded ? fold(lines, last) : lines.slice(0, last + 1).join('\n');
  if (h.chomp === 'strip') return body;
  if (h.chomp === 'clip') return body + '\n';
  return body + '\n' + '\n'.repeat(lines.length - 1 - last);
}

function fold(lines: string[], last: number): string {
  let out = '';
  let empties = 0;
  let seen = false;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!;
    if (line === '') { empties++; continue; }
    if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new Unsupported();
    out += seen ? (empties > 0 ? '\n'.repeat(empties) : ' ') : '\n'.repeat(empties);
    out += line;
    empties = 0;
    seen = true;
  }
  return out;
}
