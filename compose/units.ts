// Durations and byte sizes as compose reads them (go-str2duration, docker/go-units RAMInBytes) and
// prints them (Go's time.Duration String). Durations are nanoseconds, sizes are bytes.

const NS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 604800e9,
};
const PART = /([0-9]*(?:\.[0-9]*)?)([a-zµμ]+)/y;

/** Parses `1m30s`, `10s`, `1.5h`, `2d` (and `0`) into nanoseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') { sign = s[0] === '-' ? -1 : 1; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const m = PART.exec(s);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    const unit = NS[m[2]!];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
  }
  return sign * Math.round(total);
}

/** Go's Duration.String(): `1m30s`, `10s`, `1h0m0s`, `500ms`, `0s`. */
export function formatDuration(ns: number): string {
  const neg = ns < 0;
  let u = Math.abs(Math.trunc(ns));
  let out: string;
  if (u < 1e9) {
    if (u === 0) return '0s';
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${frac(u, 1e3)}µs`;
    else out = `${frac(u, 1e6)}ms`;
  } else {
    out = `${frac(u % 60e9, 1e9)}s`;
    u = Math.floor(u / 60e9);
    if (u > 0) {
      out = `${u % 60}m${out}`;
      u = Math.floor(u / 60);
      if (u > 0) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

function frac(v: number, unit: number): string {
  const whole = Math.floor(v / unit);
  const rest = v % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

const SIZE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;
const MULT: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Parses a byte size: a number, `512m`, `1g`, `1.5GiB` (binary multiples); undefined when malformed. */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (/^[-+]?[0-9]+$/.test(value)) return Number(value);
  const m = SIZE.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (Number.isNaN(n)) return undefined;
  return Math.trunc(n * (m[2] ? MULT[m[2].toLowerCase()]! : 1));
}
