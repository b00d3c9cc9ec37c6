// .env files as docker compose reads them (compose-go dotenv parser): `export ` prefix, `KEY=value`
// or `KEY: value`, comments, single quotes (literal), double quotes (escapes, then ${VAR}),
// multi-line quoted values, and a bare `KEY` that copies the variable from the lookup.
import { ComposeError } from '../errors';
import type { Lookup } from './template';
import { substitute } from './template';

const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-7]{0,3})/g;
const UNQUOTE: Record<string, string> = { a: '\x07', b: '\b', c: '\\c', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

function isInlineSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === '\x85' || c === '\xa0';
}

/**
 * Parses .env text into `into` (later keys win). Values may refer to variables: the lookup is asked
 * first, then keys already in `into` (so earlier lines and earlier files count).
 */
export function parseDotEnv(text: string, lookup: Lookup, into: Record<string, string> = {}): Record<string, string> {
  const p = new DotEnvParser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, lookup, into);
  p.run();
  return into;
}

class DotEnvParser {
  private line = 1;
  private i = 0;

  constructor(private readonly src: string, private readonly lookup: Lookup, private readonly out: Record<string, string>) {}

  run(): void {
    while (this.statementStart()) {
      const { key, inherited } = this.keyName();
      if (key.includes(' ')) this.fail('key cannot contain a space');
      if (key === '__proto__') this.fail('key "__proto__" is not supported');
      if (inherited) {
        const v = this.resolve(key);
        if (v !== undefined) this.out[key] = v;
        continue;
      }
      this.out[key] = this.value();
    }
  }

  private fail(reason: string): never {
    throw new ComposeError(`line ${this.line}: ${reason}`);
  }

  private resolve(name: string): string | undefined {
    const v = this.lookup(name);
    return v !== undefined ? v : Object.hasOwn(this.out, name) ? this.out[name] : undefined;
  }

  /** Skips blank lines and comments; false at the end of the input. */
  private statementStart(): boolean {
    const s = this.src;
    for (;;) {
      while (this.i < s.length && /\s/.test(s[this.i]!)) { if (s[this.i] === '\n') this.line++; this.i++; }
      if (this.i >= s.length) return false;
      if (s[this.i] !== '#') return true;
      const nl = s.indexOf('\n', this.i);
      if (nl < 0) return false;
      this.i = nl;
    }
  }

  private keyName(): { key: string; inherited: boolean } {
    const s = this.src;
    const exp = /^export\s+/.exec(s.slice(this.i, this.i + 64));
    if (exp) { this.i += 6; while (isInlineSpace(s[this.i])) this.i++; }
    const start = this.i;
    for (let j = start; j < s.length; j++) {
      const c = s[j]!;
      if (isInlineSpace(c)) continue;
      if (c === '=' || c === ':' || c === '\n') {
        const key = s.slice(start, j).trimEnd();
        this.i = j + 1;
        if (c === '\n') { if (!key.includes(' ')) this.line++; return { key, inherited: true }; }
        while (isInlineSpace(s[this.i])) this.i++;
        return { key, inherited: false };
      }
      if (!/[\p{L}\p{N}_.\-[\]]/u.test(c)) {
        this.fail(`unexpected character "${c}" in variable name "${s.slice(start).split('\n')[0]}"`);
      }
    }
    this.i = s.length;
    return { key: s.slice(start).trimEnd(), inherited: true };
  }

  private value(): string {
    const s = this.src;
    const q = s[this.i];
    if (q !== '"' && q !== "'") return this.unquoted();
    let chars = '';
    let escaped = false;
    for (let j = this.i + 1; j < s.length; j++) {
      const c = s[j]!;
      if (c === '\n') this.line++;
      if (c !== q) {
        if (!escaped && c === '\\') { escaped = true; continue; }
        if (escaped) { escaped = false; chars += '\\'; }
        chars += c;
        continue;
      }
      if (escaped) { escaped = false; chars += c; continue; }
      this.i = j + 1;
      return q === '"' ? this.expand(expandEscapes(chars)) : chars;
    }
    const nl = s.indexOf('\n', this.i);
    return this.fail(`unterminated quoted value ${s.slice(this.i, nl < 0 ? s.length : nl)}`);
  }

  private unquoted(): string {
    const s = this.src;
    const nl = s.indexOf('\n', this.i);
    let v = s.slice(this.i, nl < 0 ? s.length : nl);
    this.i = nl < 0 ? s.length : nl + 1;
    const hash = v.indexOf(' #');
    if (hash >= 0) v = v.slice(0, hash);
    const out = this.expand(v.trimEnd());
    this.line++;
    return out;
  }

  private expand(v: string): string {
    try {
      return substitute(v, (name) => this.resolve(name));
    } catch (err) {
      if (err instanceof ComposeError) this.fail(err.reason);
      throw err;
    }
  }
}

/** Go-style escapes inside double quotes; `\$` stays a literal dollar. */
function expandEscapes(v: string): string {
  return v.replace(ESCAPE, (m) => {
    if (m === '\\$') return '$$';
    if (m.startsWith('\\0')) return String.fromCharCode(parseInt(m.slice(2) || '0', 8));
    return UNQUOTE[m[1]!] ?? m;
  });
}

/** The `raw` env_file format (docker run --env-file): KEY=VALUE lines taken verbatim. */
export function parseRawEnv(text: string, lookup: Lookup, into: Record<string, string> = {}): Record<string, string> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const l = raw.replace(/^[\s\ufeff]+/, '').replace(/\r$/, '');
    if (l === '' || l.startsWith('#')) continue;
    const eq = l.indexOf('=');
    const key = eq < 0 ? l : l.slice(0, eq);
    if (/\s/.test(key)) throw new ComposeError(`line ${line}: variable '${key.trim()}' contains whitespaces`);
    if (key === '__proto__') throw new ComposeError(`line ${line}: key "__proto__" is not supported`);
    if (eq >= 0) { into[key] = l.slice(eq + 1); continue; }
    const v = lookup(key);
    if (v !== undefined) into[key] = v;
  }
  return into;
}
