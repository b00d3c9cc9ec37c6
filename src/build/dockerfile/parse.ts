// The Dockerfile's physical layer: parser directives, comments, line continuations and heredocs,
// giving one raw instruction (keyword, flags, argument text) per logical line. Meaning is given by
// ./instructions; variables are expanded later, per stage, by the engine.
import { NerdtsError } from '../../errors';

/** A heredoc body attached to RUN, COPY or ADD (`<<EOF` ... `EOF`). */
export interface Heredoc {
  name: string;
  content: string;
  /** false when the delimiter was quoted: the body is taken literally */
  expand: boolean;
}

/** One logical instruction as written. */
export interface RawInstruction {
  keyword: string;
  /** `--name=value` / `--name` words before the arguments */
  flags: string[];
  /** The argument text after the flags, continuations joined */
  args: string;
  heredocs: Heredoc[];
  /** 1-based line of the keyword, and of the last line the instruction spans */
  line: number;
  endLine: number;
  /** The logical line as written (for progress and history) */
  original: string;
}

export interface ParsedDockerfile {
  escape: '\\' | '`';
  syntax?: string;
  instructions: RawInstruction[];
}

/** A Dockerfile error that names where: `Dockerfile:3:5: message`. */
export function dockerfileError(message: string, line: number, column?: number, hint?: string): NerdtsError {
  const where = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
  return new NerdtsError('invalid-argument', `dockerfile parse error on ${where}: ${message}`, hint ? { hint } : {});
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_]*)\s*=\s*(.*?)\s*$/;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** Reads the leading parser directives; returns them and the index of the first line after them. */
function readDirectives(lines: readonly string[]): { escape: '\\' | '`'; syntax?: string; next: number } {
  let escape: '\\' | '`' = '\\';
  let syntax: string | undefined;
  const seen = new Set<string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    if (seen.has(key)) throw dockerfileError(`only one ${key} parser directive can be used`, i + 1);
    seen.add(key);
    if (key === 'escape') {
      if (m[2] !== '\\' && m[2] !== '`') throw dockerfileError(`invalid escape token '${m[2]}' does not match ` + '` or \\', i + 1);
      escape = m[2];
    } else if (key === 'syntax') {
      syntax = m[2]!;
    }
  }
  return { escape, ...(syntax !== undefined && { syntax }), next: i };
}

const isComment = (line: string): boolean => /^\s*#/.test(line);

/** Whether a line ends with the escape character (a continuation), and the line without it. */
function continued(line: string, escape: string): { text: string; more: boolean } {
  const trimmed = line.replace(/\s+$/, '');
  return trimmed.endsWith(escape) ? { text: trimmed.slice(0, -1), more: true } : { text: line, more: false };
}

/** Splits the text into raw instructions; throws with the line for malformed input. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { escape, syntax, next } = readDirectives(lines);
  const instructions: RawInstruction[] = [];
  let i = next;
  while (i < lines.length) {
    const first = lines[i]!;
    if (first.trim() === '' || isComment(first)) { i++; continue; }
    const start = i;
    let logical = '';
    for (;;) {
      const { text: part, more } = continued(lines[i]!, escape);
      logical += part;
      i++;
      if (!more) break;
      while (i < lines.length && (isComment(lines[i]!) || lines[i]!.trim() === '')) i++;
      if (i >= lines.length) break;
    }
    const instr = splitInstruction(logical, start + 1, i);
    if (HEREDOC_KEYWORDS.has(instr.keyword)) i = readHeredocs(instr, lines, i);
    instructions.push(instr);
  }
  return { escape, ...(syntax !== undefined && { syntax }), instructions };
}

function splitInstruction(logical: string, line: number, endLine: number): RawInstruction {
  const m = /^\s*(\S+)(\s+([\s\S]*))?$/.exec(logical);
  if (!m) throw dockerfileError('empty instruction', line);
  const keyword = m[1]!.toUpperCase();
  if (!/^[A-Z]+$/.test(keyword)) throw dockerfileError(`unknown instruction: ${m[1]}`, line, logical.indexOf(m[1]!) + 1);
  let rest = (m[3] ?? '').trim();
  const flags: string[] = [];
  for (;;) {
    const f = /^(--[A-Za-z][A-Za-z0-9-]*(?:=(?:"[^"]*"|'[^']*'|\S*))?)(?:\s+|$)/.exec(rest);
    if (!f) break;
    flags.push(f[1]!);
    rest = rest.slice(f[0].length);
  }
  return { keyword, flags, args: rest, heredocs: [], line, endLine, original: logical.trim() };
}

/** Collects the bodies of the heredocs the instruction names; returns the next line index. */
function readHeredocs(instr: RawInstruction, lines: readonly string[], from: number): number {
  let i = from;
  for (const m of instr.args.matchAll(HEREDOC)) {
    const strip = m[1] === '-';
    const name = m[3]!;
    const body: string[] = [];
    for (;;) {
      if (i >= lines.length) throw dockerfileError(`unterminated heredoc ${name}`, instr.line, undefined, `end it with a line holding only ${name}`);
      const l = strip ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
      i++;
      if (l === name) break;
      body.push(l);
    }
    instr.heredocs.push({ name, content: body.length ? `${body.join('\n')}\n` : '', expand: m[2] === '' });
    instr.endLine = i;
  }
  return i;
}
