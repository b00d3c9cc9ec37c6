// Go literal syntax inside actions: quoted/raw strings, character constants and numbers
// (strconv.Unquote, UnquoteChar, ParseInt base 0, ParseFloat), as the template parser reads them.

import { goQuote } from './quote';

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const INT64_MAX = 2n ** 63n - 1n;

class SyntaxErr extends Error {}

function hexValue(s: string, from: number, n: number): number {
  const part = s.slice(from, from + n);
  if (part.length !== n || !/^[0-9a-fA-F]+$/.test(part)) throw new SyntaxErr('invalid syntax');
  return parseInt(part, 16);
}

// One (possibly escaped) character at s[i]; returns [text, next index].
function unquoteChar(s: string, i: number, quote: string): [string, number] {
  const c = s[i]!;
  if (c === quote && (quote === "'" || quote === '"')) throw new SyntaxErr('invalid syntax');
  if (c !== '\\') {
    const cp = s.codePointAt(i)!;
    return [String.fromCodePoint(cp), i + (cp > 0xffff ? 2 : 1)];
  }
  const e = s[i + 1];
  if (e === undefined) throw new SyntaxErr('invalid syntax');
  if (SIMPLE_ESCAPES[e] !== undefined) return [SIMPLE_ESCAPES[e]!, i + 2];
  if (e === "'" || e === '"') {
    if (e !== quote) throw new SyntaxErr('invalid syntax');
    return [e, i + 2];
  }
  if (e === 'x') return [String.fromCharCode(hexValue(s, i + 2, 2)), i + 4];
  if (e === 'u' || e === 'U') {
    const n = e === 'u' ? 4 : 8;
    const cp = hexValue(s, i + 2, n);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new SyntaxErr('invalid syntax');
    return [String.fromCodePoint(cp), i + 2 + n];
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new SyntaxErr('invalid syntax');
    return [String.fromCharCode(parseInt(oct, 8)), i + 4];
  }
  throw new SyntaxErr('invalid syntax');
}

/** strconv.Unquote of a "..." or `...` literal; throws Error('invalid syntax'). */
export function unquoteString(lit: string): string {
  if (lit[0] === '`') {
    if (lit.length < 2 || lit[lit.length - 1] !== '`') throw new SyntaxErr('invalid syntax');
    return lit.slice(1, -1).replace(/\r/g, '');
  }
  if (lit.length < 2 || lit[0] !== '"' || lit[lit.length - 1] !== '"') throw new SyntaxErr('invalid syntax');
  const body = lit.slice(1, -1);
  if (!body.includes('\\') && !body.includes('"')) return body;
  let out = '';
  for (let i = 0; i < body.length;) {
    const [text, next] = unquoteChar(body, i, '"');
    out += text;
    i = next;
  }
  return out;
}

/** The code point of a character constant such as 'a' or '\n'. */
export function parseCharConstant(lit: string): number {
  const [text, next] = unquoteChar(lit, 1, "'");
  if (lit.slice(next) !== "'") throw new Error(`malformed character constant: ${lit}`);
  return text.codePointAt(0)!;
}

const DIGITS: Record<number, RegExp> = { 2: /^[01]$/, 8: /^[0-7]$/, 10: /^[0-9]$/, 16: /^[0-9a-fA-F]$/ };

// Go's underscore rule: an underscore only between digits, or between a base prefix and a digit.
function digitsOk(body: string, base: number, prefixed: boolean): boolean {
  if (body === '') return false;
  let prev = prefixed ? 'digit' : 'start';
  for (const ch of body) {
    if (ch === '_') {
      if (prev !== 'digit') return false;
      prev = '_';
    } else if (DIGITS[base]!.test(ch)) prev = 'digit';
    else return false;
  }
  return prev === 'digit';
}

/** strconv.ParseInt(text, 0, 64) as a number; undefined when the text is not an int64 literal. */
function parseGoInt(text: string): number | undefined {
  let s = text;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10, body = s, prefixed = false;
  const p = s.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') {
    base = p === '0x' ? 16 : p === '0o' ? 8 : 2;
    body = s.slice(2);
    prefixed = true;
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    body = s.slice(1);
    prefixed = true;
  }
  if (!digitsOk(body, base, prefixed)) return undefined;
  const clean = body.replace(/_/g, '');
  const radix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const big = BigInt(radix + clean);
  if (big > INT64_MAX + (negative ? 1n : 0n)) return undefined;
  return Number(negative ? -big : big);
}

function parseGoFloat(text: string): number | undefined {
  if (!/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?$/.test(text) || !/\d/.test(text)) return undefined;
  const n = Number(text.replace(/_/g, ''));
  return Number.isNaN(n) ? undefined : n;
}

/** The value of a number literal in an action; throws with Go's parse error text. */
export function parseNumber(text: string): number {
  if (text[0] === "'") {
    try {
      return parseCharConstant(text);
    } catch (err) {
      throw err instanceof SyntaxErr ? new Error('invalid syntax') : err;
    }
  }
  const int = parseGoInt(text);
  if (int !== undefined) return int;
  const f = parseGoFloat(text);
  if (f !== undefined) {
    if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${goQuote(text)}`);
    return f;
  }
  throw new Error(`illegal number syntax: ${goQuote(text)}`);
}
