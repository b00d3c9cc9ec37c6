// Variable substitution exactly as docker compose does it (compose-go template package):
// $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r}, ${VAR+r}, nesting, $$.
import { ComposeError } from '../errors';

/** Looks a variable up; undefined means unset (which differs from empty). */
export type Lookup = (name: string) => string | undefined;

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const BRACED = /^[_a-zA-Z][_a-zA-Z0-9]*(?::?[-+?][^\n]*)?$/;

/** Substitutes variables in `text`; `onUnset` hears about bare variables that default to "". */
export function substitute(text: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  for (let j = text.indexOf('$'); j >= 0; j = text.indexOf('$', i)) {
    out += text.slice(i, j);
    const c = text[j + 1];
    if (c === '$') { out += '$'; i = j + 2; continue; }
    if (c === '{') {
      const close = closingBrace(text, j);
      const inner = close < 0 ? '' : text.slice(j + 2, close);
      if (!BRACED.test(inner)) throw invalidTemplate(text);
      out += braced(inner, lookup, onUnset);
      i = close + 1;
      continue;
    }
    NAME.lastIndex = j + 1;
    const m = NAME.exec(text);
    if (!m) { out += '$'; i = j + 1; continue; }
    out += plain(m[0], lookup, onUnset);
    i = j + 1 + m[0].length;
  }
  return out + text.slice(i);
}

/** Index of the `}` closing the `${` at `start`, counting nested `${...}`. */
function closingBrace(s: string, start: number): number {
  let open = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '}') { if (--open === 0) return i; }
    else if (s[i] === '{') { open++; i++; }
  }
  return -1;
}

function plain(name: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  const v = lookup(name);
  if (v === undefined) { onUnset?.(name); return ''; }
  return v;
}

function braced(inner: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  NAME.lastIndex = 0;
  const name = NAME.exec(inner)![0];
  const rest = inner.slice(name.length);
  if (rest === '') return plain(name, lookup, onUnset);
  const op = rest[0] === ':' ? rest.slice(0, 2) : rest[0]!;
  const arg = rest.slice(op.length);
  const v = lookup(name);
  const empty = v === undefined || v === '';
  switch (op) {
    case ':-': return empty ? substitute(arg, lookup, onUnset) : v;
    case '-': return v === undefined ? substitute(arg, lookup, onUnset) : v;
    case ':+': return empty ? v ?? '' : substitute(arg, lookup, onUnset);
    case '+': return v === undefined ? '' : substitute(arg, lookup, onUnset);
    case ':?': if (empty) throw missing(name, substitute(arg, lookup, onUnset)); return v;
    default: if (v === undefined) throw missing(name, substitute(arg, lookup, onUnset)); return v;
  }
}

function missing(name: string, reason: string): ComposeError {
  return new ComposeError(`required variable ${name} is missing a value${reason ? `: ${reason}` : ''}`);
}

function invalidTemplate(text: string): ComposeError {
  return new ComposeError(`invalid interpolation format "${text}" (escape a literal $ as $$)`);
}

/** Variables a template refers to (for `compose config --variables`-style tooling). */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  const re = /\$(?:\{([_a-zA-Z][_a-zA-Z0-9]*)|([_a-zA-Z][_a-zA-Z0-9]*))/g;
  for (const m of text.replaceAll('$$', '').matchAll(re)) names.add((m[1] ?? m[2])!);
  return [...names];
}
