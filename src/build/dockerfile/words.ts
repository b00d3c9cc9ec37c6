// Shell-like word processing of Dockerfile arguments, as docker's builder does it before an
// instruction runs: quotes removed, the escape character honoured, and $VAR, ${VAR},
// ${VAR:-default}, ${VAR-default}, ${VAR:+alt}, ${VAR+alt}, ${VAR:?msg}, ${VAR?msg} expanded.
import { NerdtsError } from '../../errors';

/** The value of a build variable, undefined when unset. */
export type VarLookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class WordLexer {
  pos = 0;
  constructor(private readonly text: string, private readonly lookup: VarLookup, private readonly escape: string,
    private readonly quotes: boolean) {}

  private fail(message: string): never {
    throw new NerdtsError('invalid-argument', `${message} (in "${this.text}")`);
  }

  /** Fields of the text: quoted parts kept whole, unquoted whitespace (also from expansions) separates. */
  fields(split: boolean): string[] {
    const out: string[] = [];
    let cur = '';
    let has = false;
    const flush = (): void => { if (has) out.push(cur); cur = ''; has = false; };
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (split && /\s/.test(c)) { this.pos++; flush(); continue; }
      if (c === '$') {
        const v = this.expansion();
        if (!split) { cur += v; has = true; continue; }
        const parts = v.split(/\s+/);
        parts.forEach((p, i) => { if (i > 0) flush(); if (p !== '') { cur += p; has = true; } });
        continue;
      }
      cur += this.plain(c, false, undefined);
      has = true;
    }
    flush();
    return out;
  }

  /** One unit that is not an unquoted expansion: an escape, a quoted run or a literal character. */
  private plain(c: string, inDouble: boolean, stop: string | undefined): string {
    if (c === this.escape && this.quotes) {
      this.pos++;
      if (this.pos >= this.text.length) return c;
      const n = this.text[this.pos++]!;
      if (inDouble && !['"', '$', this.escape].includes(n)) return c + n;
      return n;
    }
    if (this.quotes && c === "'" && !inDouble) {
      const end = this.text.indexOf("'", this.pos + 1);
      if (end < 0) this.fail('unexpected end of statement while looking for matching single-quote');
      const s = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return s;
    }
    if (this.quotes && c === '"' && !inDouble) return this.doubleQuoted(stop);
    this.pos++;
    return c;
  }

  private doubleQuoted(stop: string | undefined): string {
    this.pos++;
    let s = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unexpected end of statement while looking for matching double-quote');
      const c = this.text[this.pos]!;
      if (c === '"') { this.pos++; return s; }
      s += c === '$' ? this.expansion() : this.plain(c, true, stop);
    }
  }

  /** The text from here to the matching `}` (quotes and nested expansions processed). */
  private braced(): string {
    let s = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail("missing '}'");
      const c = this.text[this.pos]!;
      if (c === '}') { this.pos++; return s; }
      s += c === '$' ? this.expansion() : this.plain(c, false, '}');
    }
  }

  private expansion(): string {
    const t = this.text;
    this.pos++; // $
    if (t[this.pos] === '{') {
      this.pos++;
      const name = this.name();
      if (!name) this.fail('bad substitution: expected a variable name after ${');
      if (t[this.pos] === '}') { this.pos++; return this.lookup(name) ?? ''; }
      return this.modified(name);
    }
    if (this.pos < t.length && NAME_START.test(t[this.pos]!)) return this.lookup(this.name()) ?? '';
    return '$';
  }

  private modified(name: string): string {
    const t = this.text;
    if (this.pos >= t.length) this.fail("missing '}'");
    const colon = t[this.pos] === ':';
    if (colon) this.pos++;
    const op = t[this.pos];
    if (op !== '-' && op !== '+' && op !== '?') this.fail(`unsupported modifier (${colon ? ':' : ''}${op ?? ''}) in substitution of ${name}`);
    this.pos++;
    const word = this.braced();
    const value = this.lookup(name);
    const set = colon ? value !== undefined && value !== '' : value !== undefined;
    if (op === '-') return set ? value! : word;
    if (op === '+') return set ? word : '';
    if (!set) this.fail(`${name}: ${word || 'is not allowed to be unset'}`);
    return value!;
  }

  private name(): string {
    const start = this.pos;
    if (this.pos < this.text.length && NAME_START.test(this.text[this.pos]!)) {
      while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos]!)) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }
}

/** One word: quotes removed, variables expanded, whitespace kept (ENV values, WORKDIR, USER...). */
export function processWord(text: string, lookup: VarLookup, escape = '\\'): string {
  return new WordLexer(text, lookup, escape, true).fields(false).join('');
}

/** Whitespace-separated words after expansion and quote removal (EXPOSE, VOLUME, COPY sources...). */
export function processWords(text: string, lookup: VarLookup, escape = '\\'): string[] {
  return new WordLexer(text, lookup, escape, true).fields(true);
}

/** Expands variables only, leaving quotes and escapes alone (heredoc bodies, JSON-form elements). */
export function expandVariables(text: string, lookup: VarLookup): string {
  return new WordLexer(text, lookup, '\0', false).fields(false).join('');
}

/** Splits on unquoted whitespace keeping quotes and escapes as written (for key=value lists). */
export function splitRawWords(text: string, escape = '\\'): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escape && quote !== "'" && i + 1 < text.length) { cur += c + text[++i]!; continue; }
    if (quote) { if (c === quote) quote = ''; cur += c; continue; }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    if (/\s/.test(c)) { if (cur) out.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (quote) throw new NerdtsError('invalid-argument', `unmatched ${quote} in "${text}"`);
  if (cur) out.push(cur);
  return out;
}
