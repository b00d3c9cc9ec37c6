// Tokenizer for Go text/template with the default {{ }} delimiters: text, actions, trim markers
// ({{- and -}}), comments. Stops at the first error, which it emits as an 'error' token so the
// parser reports it at the same point Go's parser would.

import { formatUnicode, goQuote } from './quote';

/** Token kinds, named after Go's lexer items. */
export type TokenType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'assign' | 'declare' | 'eof' | 'field' | 'identifier'
  | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim' | 'rightParen' | 'space'
  | 'string' | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';

/** A token: its kind, offset in the source string, text and 1-based line. */
export interface Token {
  type: TokenType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Set<string>(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);
const KEYWORD_TYPES = new Set<TokenType>(['block', 'break', 'continue', 'dot', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);
const LEFT = '{{';
const RIGHT = '}}';
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/** True for keyword tokens, which Go prints as `<if>` rather than quoted. */
export function isKeyword(t: TokenType): boolean {
  return KEYWORD_TYPES.has(t);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumericAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (Number.isNaN(c)) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(s.codePointAt(i)!));
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s[i] === '-' && isSpace(s[i + 1]);
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return isSpace(s[i]) && s[i + 1] === '-';
}

function describeRune(s: string, i: number): string {
  return formatUnicode(s.codePointAt(i) ?? 0xfffd, true);
}

/** Tokenizes a template; the last token is 'eof' or 'error'. */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly toks: Token[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private readonly newlines: number[] = [];

  constructor(private readonly input: string) {
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  run(): Token[] {
    let inAction = false;
    for (;;) {
      const ok = inAction ? this.insideAction() : this.text();
      if (!ok) return this.toks;
      inAction = !inAction;
    }
  }

  private lineAt(pos: number): number {
    let lo = 0, hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid]! < pos) lo = mid + 1; else hi = mid;
    }
    return lo + 1;
  }

  private emit(type: TokenType): void {
    this.toks.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) });
    this.start = this.pos;
  }

  private error(message: string): false {
    this.toks.push({ type: 'error', pos: this.start, val: message, line: this.lineAt(this.start) });
    return false;
  }

  // Text up to the next action; returns false at the end of input or on error.
  private text(): boolean {
    const input = this.input;
    for (;;) {
      const x = input.indexOf(LEFT, this.pos);
      if (x < 0) {
        this.pos = input.length;
        if (this.pos > this.start) this.emit('text');
        this.emit('eof');
        return false;
      }
      let end = x;
      if (hasLeftTrimMarker(input, x + LEFT.length)) while (end > this.start && isSpace(input[end - 1])) end--;
      this.pos = end;
      if (this.pos > this.start) this.emit('text');
      this.pos = this.start = x;
      const after = x + LEFT.length + (hasLeftTrimMarker(input, x + LEFT.length) ? 2 : 0);
      if (input.startsWith('/*', after)) {
        this.start = after;
        if (!this.comment(after)) return false;
        continue;
      }
      this.pos = x + LEFT.length;
      this.emit('leftDelim');
      this.pos = this.start = after;
      this.parenDepth = 0;
      return true;
    }
  }

  private comment(at: number): boolean {
    const close = this.input.indexOf('*/', at + 2);
    if (close < 0) return this.error('unclosed comment');
    this.pos = close + 2;
    const delim = this.rightDelimAt(this.pos);
    if (delim === 0) return this.error('comment ends before closing delimiter');
    this.pos += (delim === 2 ? 2 : 0) + RIGHT.length;
    if (delim === 2) while (isSpace(this.input[this.pos])) this.pos++;
    this.start = this.pos;
    return true;
  }

  // 0: no right delimiter at i; 1: plain "}}"; 2: " -}}" with a trim marker.
  private rightDelimAt(i: number): number {
    if (hasRightTrimMarker(this.input, i) && this.input.startsWith(RIGHT, i + 2)) return 2;
    return this.input.startsWith(RIGHT, i) ? 1 : 0;
  }

  private rightDelim(): void {
    const trim = this.rightDelimAt(this.pos) === 2;
    if (trim) this.pos = this.start = this.pos + 2;
    this.pos += RIGHT.length;
    this.emit('rightDelim');
    if (trim) {
      while (isSpace(this.input[this.pos])) this.pos++;
      this.start = this.pos;
    }
  }

  // Tokens of one action; returns false on error.
  private insideAction(): boolean {
    for (;;) {
      if (this.rightDelimAt(this.pos) !== 0) {
        if (this.parenDepth !== 0) return this.error('unclosed left paren');
        this.rightDelim();
        return true;
      }
      if (!this.actionToken()) return false;
    }
  }

  private actionToken(): boolean {
    const input = this.input;
    const c = input[this.pos];
    if (c === undefined) return this.error('unclosed action');
    if (isSpace(c)) return this.space();
    this.pos++;
    switch (c) {
      case '=': this.emit('assign'); return true;
      case ':':
        if (input[this.pos] !== '=') return this.error('expected :=');
        this.pos++;
        this.emit('declare');
        return true;
      case '|': this.emit('pipe'); return true;
      case '"': return this.quote();
      case '`': return this.rawQuote();
      case '$': return this.variable();
      case "'": return this.charConstant();
      case '(': this.emit('leftParen'); this.parenDepth++; return true;
      case ')':
        if (--this.parenDepth < 0) return this.error("unexpected right paren U+0029 ')'");
        this.emit('rightParen');
        return true;
    }
    if (c === '.' && this.pos < input.length) {
      const n = input.charCodeAt(this.pos);
      if (n < 48 || n > 57) return this.fieldOrVariable('field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.pos--;
      return this.number();
    }
    if (isAlphaNumericAt(input, this.pos - 1)) {
      this.pos--;
      return this.identifier();
    }
    const code = c.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) {
      this.emit('char');
      return true;
    }
    this.pos--;
    return this.error(`unrecognized character in action: ${describeRune(input, this.pos)}`);
  }

  private space(): boolean {
    let n = 0;
    while (isSpace(this.input[this.pos])) { this.pos++; n++; }
    // A trim-marked right delimiter starts with a space: leave that space to it.
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT, this.pos + 1)) {
      this.pos--;
      if (n === 1) return true;
    }
    this.emit('space');
    return true;
  }

  private atTerminator(): boolean {
    const c = this.input[this.pos];
    if (c === undefined || isSpace(c)) return true;
    return c === '.' || c === ',' || c === '|' || c === ':' || c === ')' || c === '(' || c === RIGHT[0];
  }

  private scanAlphaNumeric(): void {
    while (this.pos < this.input.length && isAlphaNumericAt(this.input, this.pos)) {
      this.pos += this.input.codePointAt(this.pos)! > 0xffff ? 2 : 1;
    }
  }

  private identifier(): boolean {
    this.scanAlphaNumeric();
    if (!this.atTerminator()) return this.error(`bad character ${describeRune(this.input, this.pos)}`);
    const word = this.input.slice(this.start, this.pos);
    if (KEYWORDS.has(word)) this.emit(word as TokenType);
    else if (word === 'true' || word === 'false') this.emit('bool');
    else this.emit('identifier');
    return true;
  }

  // After '.' or '$': a field/variable name, or the bare dot/dollar.
  private fieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'field' ? 'dot' : 'variable');
      return true;
    }
    this.scanAlphaNumeric();
    if (!this.atTerminator()) return this.error(`bad character ${describeRune(this.input, this.pos)}`);
    this.emit(type);
    return true;
  }

  private variable(): boolean {
    return this.fieldOrVariable('variable');
  }

  private charConstant(): boolean {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === '\\') {
        const d = this.input[this.pos++];
        if (d !== undefined && d !== '\n') continue;
      }
      if (c === undefined || c === '\n' || c === '\\') return this.error('unterminated character constant');
      if (c === "'") break;
    }
    this.emit('charConstant');
    return true;
  }

  private quote(): boolean {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === '\\') {
        const d = this.input[this.pos++];
        if (d !== undefined && d !== '\n') continue;
      }
      if (c === undefined || c === '\n' || c === '\\') return this.error('unterminated quoted string');
      if (c === '"') break;
    }
    this.emit('string');
    return true;
  }

  private rawQuote(): boolean {
    const close = this.input.indexOf('`', this.pos);
    if (close < 0) return this.error('unterminated raw quoted string');
    this.pos = close + 1;
    this.emit('rawString');
    return true;
  }

  private accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private number(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) { this.accept('+-'); this.acceptRun('0123456789_'); }
    if (digits.length === 23 && this.accept('pP')) { this.accept('+-'); this.acceptRun('0123456789_'); }
    this.accept('i');
    if (this.pos < this.input.length && isAlphaNumericAt(this.input, this.pos)) {
      this.pos++;
      return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    }
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      // Go would read a complex constant here; we do not support complex numbers.
      return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos + 1))}`);
    }
    this.emit('number');
    return true;
  }
}
