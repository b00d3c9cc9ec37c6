// Go's fmt verbs over our value model: print, println, printf and the default %v text of a value.
// Mistakes are reported inline as Go does (`%!d(string=abc)`, `%!s(MISSING)`, `%!(EXTRA int=1)`).

import { formatFloatAbs, goTimeString } from './float';
import { canBackquote, formatUnicode, goQuote, goQuoteRune, runeCount } from './quote';
import { goTypeName, kindOf, sortedEntries } from './values';

/** One parsed %-directive: verb, flags, width and precision (-1 when absent). */
export interface VerbSpec {
  verb: string;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number; // -1: absent
  prec: number; // -1: absent
}

const PLAIN_V: VerbSpec = { verb: 'v', minus: false, plus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };

function pad(s: string, spec: VerbSpec, zeroOk = true): string {
  if (spec.width < 0) return s;
  const n = spec.width - runeCount(s);
  if (n <= 0) return s;
  if (spec.minus) return s + ' '.repeat(n);
  return (spec.zero && zeroOk ? '0' : ' ').repeat(n) + s;
}

function badVerb(v: unknown, spec: VerbSpec): string {
  const inner = v === null || v === undefined ? '<nil>' : `${goTypeName(v)}=${formatArg(v, PLAIN_V, 1)}`;
  return `%!${spec.verb}(${inner})`;
}

/** Go's %v text of a value, as printed by an action: `[a b]`, `map[k:v]`, `<nil>`. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  return formatArg(v, PLAIN_V, 0);
}

function formatArg(v: unknown, spec: VerbSpec, depth: number): string {
  if (spec.verb === 'T') return pad(v === undefined || v === null ? '<nil>' : goTypeName(v), spec);
  switch (kindOf(v)) {
    case 'invalid': case 'nil':
      return spec.verb === 'v' || depth > 0 ? pad('<nil>', spec, false) : badVerb(v, spec);
    case 'bool':
      return spec.verb === 'v' || spec.verb === 't' ? pad(String(v), spec, false) : badVerb(v, spec);
    case 'int': return formatInt(v as number | bigint, spec);
    case 'float': return formatFloat(v as number, spec);
    case 'string': return formatString(v as string, spec);
    case 'slice': return '[' + (v as unknown[]).map((e) => formatArg(e, spec, depth + 1)).join(' ') + ']';
    case 'bytes': return formatBytes(v as Uint8Array, spec, depth);
    case 'time': return 'sv'.includes(spec.verb) ? pad(goTimeString(v as Date), spec, false) : badVerb(v, spec);
    case 'func': return spec.verb === 'v' ? pad('<func>', spec, false) : badVerb(v, spec);
    default: {
      const parts = sortedEntries(v as object).map(([k, x]) => formatArg(k, spec, depth + 1) + ':' + formatArg(x, spec, depth + 1));
      return 'map[' + parts.join(' ') + ']';
    }
  }
}

function formatBytes(b: Uint8Array, spec: VerbSpec, depth: number): string {
  if (spec.verb === 's') return pad(Buffer.from(b).toString('utf8'), spec);
  if (spec.verb === 'x' || spec.verb === 'X') return formatHexBytes(b, spec);
  return '[' + Array.from(b, (e) => formatArg(e, spec, depth + 1)).join(' ') + ']';
}

function formatHexBytes(bytes: Uint8Array, spec: VerbSpec): string {
  const n = spec.prec >= 0 ? Math.min(spec.prec, bytes.length) : bytes.length;
  let out = '';
  for (let i = 0; i < n; i++) {
    if (spec.space && i > 0) out += ' ';
    if (spec.sharp && (spec.space || i === 0)) out += spec.verb === 'X' ? '0X' : '0x';
    const h = bytes[i]!.toString(16).padStart(2, '0');
    out += spec.verb === 'X' ? h.toUpperCase() : h;
  }
  return pad(out, spec);
}

function formatString(s: string, spec: VerbSpec): string {
  switch (spec.verb) {
    case 'v': case 's':
      return pad(spec.prec >= 0 ? Array.from(s).slice(0, spec.prec).join('') : s, spec);
    case 'q': {
      if (spec.prec >= 0) s = Array.from(s).slice(0, spec.prec).join('');
      return pad(spec.sharp && canBackquote(s) ? '`' + s + '`' : goQuote(s, spec.plus), spec);
    }
    case 'x': case 'X': return formatHexBytes(Buffer.from(s, 'utf8'), spec);
    default: return badVerb(s, spec);
  }
}

const BASES: Record<string, number> = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };

function formatInt(n: number | bigint, spec: VerbSpec): string {
  const verb = spec.verb;
  if (verb === 'c') return pad(String.fromCodePoint(validRune(n)), spec, false);
  if (verb === 'q') return pad(goQuoteRune(validRune(n), spec.plus), spec, false);
  if (verb === 'U') return pad(formatUnicode(validRune(n), spec.sharp), spec, false);
  if ('eEfFgG'.includes(verb)) return formatFloat(Number(n), spec);
  const base = BASES[verb];
  if (base === undefined) return badVerb(n, spec);
  const negative = n < 0;
  let digits = (negative ? -BigInt(n) : BigInt(n)).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  let prefix = '';
  if (verb === 'O' || (spec.sharp && verb === 'o')) prefix = verb === 'O' ? '0o' : '0';
  else if (spec.sharp && base !== 10) prefix = verb === 'b' ? '0b' : verb === 'X' ? '0X' : '0x';
  let minDigits = 0;
  if (spec.prec >= 0) {
    minDigits = spec.prec;
    if (spec.prec === 0 && digits === '0') digits = '';
  } else if (spec.zero && !spec.minus && spec.width >= 0) {
    minDigits = spec.width - sign.length; // zeros go between the sign and the digits
  }
  if (digits.length < minDigits) digits = '0'.repeat(minDigits - digits.length) + digits;
  if (prefix === '0' && digits.startsWith('0')) prefix = '';
  return pad(sign + prefix + digits, spec, false);
}

function validRune(n: number | bigint): number {
  const r = Number(n);
  return r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) ? 0xfffd : r;
}

function formatFloat(x: number, spec: VerbSpec): string {
  const verb = spec.verb;
  if (!'veEfFgG'.includes(verb)) return badVerb(x, spec);
  if (!Number.isFinite(x)) {
    const text = Number.isNaN(x) ? (spec.plus ? '+NaN' : spec.space ? ' NaN' : 'NaN') : x > 0 ? (spec.space && !spec.plus ? ' Inf' : '+Inf') : '-Inf';
    return pad(text, spec, false);
  }
  const negative = x < 0 || Object.is(x, -0);
  const body = formatFloatAbs(Math.abs(x), verb === 'v' ? 'g' : verb, spec.prec);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (spec.zero && !spec.minus && spec.width > 0) {
    const n = spec.width - sign.length - body.length;
    return sign + (n > 0 ? '0'.repeat(n) : '') + body;
  }
  return pad(sign + body, spec);
}

/** fmt.Sprint: operands in %v form, a space between two operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  let prevString = true;
  for (let i = 0; i < args.length; i++) {
    const isString = typeof args[i] === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(args[i]);
    prevString = isString;
  }
  return out;
}

/** fmt.Sprintln: operands in %v form separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

/** Formats one operand for a verb parsed by sprintf. */
export function formatOperand(v: unknown, spec: VerbSpec): string {
  return formatArg(v, spec, 0);
}

