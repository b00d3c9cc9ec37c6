// Go's float64 text forms (strconv.FormatFloat 'e', 'f', 'g') and time.Time forms, from JS numbers.

interface Digits {
  d: string; // significant decimal digits, no trailing zeros (at least "0")
  dp: number; // decimal point position: value = 0.d * 10^dp
}

function digitsFromExponential(s: string): Digits {
  const e = s.indexOf('e');
  let d = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  let end = d.length;
  while (end > 1 && d[end - 1] === '0') end--;
  d = d.slice(0, end);
  if (d === '0') return { d, dp: 1 };
  return { d, dp: exp + 1 };
}

function goExponent(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

function fmtE({ d, dp }: Digits, frac: number, upper: boolean): string {
  let m = d[0]!;
  if (frac > 0) m += '.' + d.slice(1).padEnd(frac, '0').slice(0, frac);
  return m + goExponent(d === '0' ? 0 : dp - 1, upper);
}

function fmtF({ d, dp }: Digits, frac: number): string {
  const int = dp > 0 ? d.slice(0, dp).padEnd(dp, '0') : '0';
  if (frac <= 0) return int;
  const tail = dp >= 0 ? d.slice(dp) : '0'.repeat(-dp) + d;
  return int + '.' + tail.padEnd(frac, '0').slice(0, frac);
}

/** %g for a finite non-negative number; prec < 0 means the shortest exact representation. */
function formatG(x: number, prec: number, upper: boolean): string {
  const shortest = prec < 0;
  if (prec === 0) prec = 1;
  const digs = digitsFromExponential(shortest ? x.toExponential() : x.toExponential(Math.min(prec, 101) - 1));
  const nd = digs.d.length;
  if (shortest) prec = nd;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6; // %v switches to exponent form from 1e+06, as Go does
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) return fmtE(digs, Math.min(prec, nd) - 1, upper);
  return fmtF(digs, Math.max((prec > digs.dp ? nd : prec) - digs.dp, 0));
}

function fixedLarge(x: number, prec: number): string {
  const int = x < 1e21 ? x.toFixed(0) : BigInt(x).toString();
  return prec > 0 ? int + '.' + '0'.repeat(prec) : int;
}

/** The unsigned text of a finite non-negative x for verb e/E/f/F/g/G/v with Go's precision defaults. */
export function formatFloatAbs(x: number, verb: string, prec: number): string {
  switch (verb) {
    case 'e': case 'E': {
      const p = prec < 0 ? 6 : Math.min(prec, 100);
      return fmtE(digitsFromExponentialKeep(x.toExponential(p)), p, verb === 'E');
    }
    case 'f': case 'F': {
      const p = prec < 0 ? 6 : Math.min(prec, 100);
      return x >= 1e21 ? fixedLarge(x, p) : x.toFixed(p);
    }
    case 'G': return formatG(x, prec, true);
    default: return formatG(x, prec, false);
  }
}

// Like digitsFromExponential but keeps trailing zeros, which %e prints.
function digitsFromExponentialKeep(s: string): Digits {
  const e = s.indexOf('e');
  const d = s.slice(0, e).replace('.', '');
  return { d, dp: Number(s.slice(e + 1)) + 1 };
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** time.Time.String() in UTC: `2024-01-02 03:04:05.12 +0000 UTC`. */
export function goTimeString(t: Date): string {
  if (Number.isNaN(t.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  const ms = t.getUTCMilliseconds();
  const frac = ms ? '.' + String(ms).padStart(3, '0').replace(/0+$/, '') : '';
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())} `
    + `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}${frac} +0000 UTC`;
}

/** time.Time in RFC 3339 with trimmed fractional seconds, as Go's JSON encoder writes it. */
export function goRfc3339Nano(t: Date): string {
  if (Number.isNaN(t.getTime())) return '0001-01-01T00:00:00Z';
  return t.toISOString().replace(/\.(\d*?)0*Z$/, (_m, f: string) => (f ? '.' + f : '') + 'Z');
}
