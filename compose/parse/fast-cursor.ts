// State of the fast YAML reader: the document's lines, the current line, and what it collected.
import type { Node } from '../tree';
import { formatPath } from '../tree';
import type { Pos, ResetMark } from './source';
import { AliasBudget, Unsupported } from './source';

/** The reader position in a document and what was collected so far. */
export class Cursor {
  li: number;
  readonly positions = new Map<string, Pos>();
  readonly marks: ResetMark[] = [];
  readonly anchors = new Map<string, Node>();
  /** The path of the node being read (a stack: pushed and popped around children). */
  readonly path: (string | number)[] = [];

  constructor(readonly lines: readonly string[], start: number, readonly end: number, readonly budget: AliasBudget,
    private readonly track: boolean) {
    this.li = start;
  }

  /** Leading spaces of a line; tabs in indentation are left to the full parser. */
  indentOf(line: string): number {
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    if (i < line.length && line.charCodeAt(i) === 9) throw new Unsupported();
    return i;
  }

  /** Skips empty and comment-only lines. */
  skipBlank(): void {
    while (this.li < this.end && isBlankFrom(this.lines[this.li]!, 0)) this.li++;
  }

  atEnd(): boolean {
    return this.li >= this.end;
  }

  /** Notes where the current path starts; only when positions were asked for (error reporting). */
  record(line: number, col: number): void {
    if (this.track) this.positions.set(formatPath(this.path), { line: line + 1, column: col + 1 });
  }

  mark(kind: 'reset' | 'override'): void {
    this.marks.push({ path: [...this.path], kind });
  }
}

/** True when nothing but spaces, tabs or a comment follows `col`. */
export function isBlankFrom(line: string, col: number): boolean {
  for (let i = col; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 35 /* # */) return i === col || isSpace(line.charCodeAt(i - 1));
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Space or tab. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The column of the next non-blank character. */
export function skipSpaces(line: string, col: number): number {
  while (col < line.length && isSpace(line.charCodeAt(col))) col++;
  return col;
}

/** `-` followed by a space or the end of the line starts a block sequence entry. */
export function isSeqStart(line: string, col: number): boolean {
  return line.charCodeAt(col) === 45 && (col + 1 >= line.length || isSpace(line.charCodeAt(col + 1)));
}

/** Characters that cannot start a plain scalar (YAML c-indicators). */
export function isIndicator(c: number): boolean {
  switch (c) {
    case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33:
    case 124: case 62: case 39: case 34: case 37: case 64: case 96:
      return true;
    default:
      return false;
  }
}
