// Number text as Go prints it: encoding/json ('f' or 'e' format) and go-yaml ('g' format), for
// float64 and float32 (shortest digits that read back as the same value).

const cache = new Map<string, { digits: string; exp: number }>();

/** Shortest decimal digits and exponent of a float, as strconv does with precision -1. */
function shortest(v: number, bits: 32 | 64): { digits: string; exp: number } {
  const key = `${bits}:${v}`;
  let r = cache.get(key);
  if (!r) { r = computeShortest(v, bits); cache.set(key, r); }
  return r;
}

function computeShortest(v: number, bits: 32 | 64): { digits: string; exp: number } {
  let text = String(v);
  if (bits === 32) {
    const f = Math.fround(v);
    for (let p = 1; p <= 9; p++) {
      const t = f.toPrecision(p);
      if (Math.fround(Number(t)) === f) { text = String(Number(t)); break; }
    }
  }
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text.replace(/^-/, ''))!;
  const intPart = m[1]!;
  const frac = m[2] ?? '';
  let digits = (intPart + frac).replace(/^0+/, '');
  const lead = (intPart + frac).length - digits.length;
  const exp = Number(m[3] ?? 0) + intPart.length - 1 - lead;
  digits = digits.replace(/0+$/, '') || '0';
  return { digits, exp };
}

function special(v: number, json: boolean): string | undefined {
  if (Number.isNaN(v)) return json ? 'null' : '.nan';
  if (v === Infinity) return json ? 'null' : '.inf';
  if (v === -Infinity) return json ? 'null' : '-.inf';
  return undefined;
}

function exponent(sign: string, digits: string, exp: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp);
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
}

function fixed(sign: string, digits: string, exp: number): string {
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** encoding/json: 'f' format, or 'e' below 1e-6 / from 1e21 (with e-7 rather than e-07). */
export function jsonFloat(v: number, bits: 32 | 64): string {
  const sp = special(v, true);
  if (sp !== undefined) return sp;
  if (v === 0) return '0';
  const { digits, exp } = shortest(v, bits);
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(bits === 32 ? Math.fround(v) : v);
  if (abs < 1e-6 || abs >= 1e21) return exponent(sign, digits, exp).replace(/e-0(\d)$/, 'e-$1');
  return fixed(sign, digits, exp);
}

/** go-yaml: strconv 'g' format with the shortest precision (exponent form from 1e+06 or below 1e-04). */
export function yamlFloat(v: number, bits: 32 | 64): string {
  const sp = special(v, false);
  if (sp !== undefined) return sp;
  if (v === 0) return '0';
  const { digits, exp } = shortest(v, bits);
  const sign = v < 0 ? '-' : '';
  return exp < -4 || exp >= 6 ? exponent(sign, digits, exp) : fixed(sign, digits, exp);
}
