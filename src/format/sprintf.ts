// fmt.Sprintf's format-string walk: flags, [n] argument indexes, * widths, precision, verb.

import { formatOperand, formatValue, type VerbSpec } from './printf';
import { goTypeName, kindOf } from './values';

const TOO_LARGE = 1e6;

class Walk {
  out = '';
  i = 0;
  argNum = 0;
  reordered = false;
  goodArgNum = true;
  constructor(readonly format: string, readonly args: readonly unknown[]) {}

  // Reads a decimal number at i; returns -1 when there is none (or it is absurdly large).
  number(): number {
    const start = this.i;
    let n = 0;
    while (this.i < this.format.length) {
      const c = this.format.charCodeAt(this.i);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      this.i++;
    }
    if (this.i === start || n > TOO_LARGE) return -1;
    return n;
  }

  // Handles an explicit argument index `[n]`; returns true when one was present.
  argIndex(): boolean {
    if (this.format[this.i] !== '[') return false;
    this.reordered = true;
    const close = this.format.indexOf(']', this.i + 1);
    const n = close < 0 ? NaN : Number(this.format.slice(this.i + 1, close));
    if (close < 0 || !/^\d+$/.test(this.format.slice(this.i + 1, close)) || n < 1 || n > this.args.length) {
      this.goodArgNum = false;
      this.i = close < 0 ? this.format.length : close + 1;
      return true;
    }
    this.argNum = n - 1;
    this.i = close + 1;
    return true;
  }

  // Takes an int operand for `*`; undefined when the operand is missing or not an int.
  intArg(): number | undefined {
    if (this.argNum >= this.args.length) return undefined;
    const v = this.args[this.argNum++];
    if (kindOf(v) !== 'int') return undefined;
    const n = Number(v);
    return Math.abs(n) > TOO_LARGE ? undefined : n;
  }
}

function newSpec(): VerbSpec {
  return { verb: 'v', minus: false, plus: false, sharp: false, space: false, zero: false, width: -1, prec: -1 };
}

function readFlags(w: Walk, spec: VerbSpec): void {
  for (; w.i < w.format.length; w.i++) {
    switch (w.format[w.i]) {
      case '#': spec.sharp = true; break;
      case '0': spec.zero = !spec.minus; break;
      case '+': spec.plus = true; break;
      case '-': spec.minus = true; spec.zero = false; break;
      case ' ': spec.space = true; break;
      default: return;
    }
  }
}

function readWidth(w: Walk, spec: VerbSpec, afterIndex: boolean): boolean {
  if (w.format[w.i] === '*') {
    w.i++;
    const n = w.intArg();
    if (n === undefined) w.out += '%!(BADWIDTH)';
    else if (n < 0) { spec.width = -n; spec.minus = true; spec.zero = false; } else spec.width = n;
    return false;
  }
  spec.width = w.number();
  if (afterIndex && spec.width >= 0) w.goodArgNum = false; // "%[3]2d"
  return afterIndex;
}

function readPrecision(w: Walk, spec: VerbSpec, afterIndex: boolean): boolean {
  if (!(w.i + 1 < w.format.length && w.format[w.i] === '.')) return afterIndex;
  w.i++;
  if (afterIndex) w.goodArgNum = false;
  afterIndex = w.argIndex();
  if (w.format[w.i] === '*') {
    w.i++;
    const n = w.intArg();
    if (n === undefined) w.out += '%!(BADPREC)';
    else spec.prec = n < 0 ? -1 : n;
    return false;
  }
  const n = w.number();
  spec.prec = n < 0 ? 0 : n;
  return afterIndex;
}

// One directive after its '%'; returns false when the format ended without a verb.
function directive(w: Walk): boolean {
  const spec = newSpec();
  readFlags(w, spec);
  let afterIndex = w.argIndex();
  afterIndex = readWidth(w, spec, afterIndex);
  afterIndex = readPrecision(w, spec, afterIndex);
  if (!afterIndex) w.argIndex();
  if (w.i >= w.format.length) {
    w.out += '%!(NOVERB)';
    return false;
  }
  const verb = String.fromCodePoint(w.format.codePointAt(w.i)!);
  w.i += verb.length;
  spec.verb = verb;
  if (verb === '%') w.out += '%';
  else if (!w.goodArgNum) w.out += `%!${verb}(BADINDEX)`;
  else if (w.argNum >= w.args.length) w.out += `%!${verb}(MISSING)`;
  else {
    const arg = w.args[w.argNum++];
    if (verb === 'v') {
      // %#v is Go syntax: quoted for strings; for other values we keep %v. %+v only matters for structs.
      if (spec.sharp && typeof arg === 'string') spec.verb = 'q';
      spec.plus = false;
      spec.sharp = false;
    }
    w.out += formatOperand(arg, spec);
  }
  return true;
}

/** fmt.Sprintf with Go's verbs, flags, widths, precisions and inline error forms. */
export function sprintf(format: string, args: readonly unknown[]): string {
  const w = new Walk(format, args);
  while (w.i < format.length) {
    const pct = format.indexOf('%', w.i);
    if (pct < 0) {
      w.out += format.slice(w.i);
      break;
    }
    w.out += format.slice(w.i, pct);
    w.i = pct + 1;
    w.goodArgNum = true;
    if (!directive(w)) break;
  }
  if (!w.reordered && w.argNum < args.length) {
    const extra = args.slice(w.argNum).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`));
    w.out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return w.out;
}
