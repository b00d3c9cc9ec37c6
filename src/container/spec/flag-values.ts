// Parsers for flag values with docker's semantics and error wording (go-units RAMInBytes,
// docker's rational --cpus), so `nerdts run -m abc` fails the way `docker run -m abc` does.
import { NerdtsError } from '../../errors';

/** docker's (pflag's) wording for a flag value that does not parse. */
export function flagError(value: string, flag: string, reason: string): NerdtsError {
  return new NerdtsError('invalid-argument', `invalid argument "${value}" for "${flag}" flag: ${reason}`);
}

const UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const GO_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Bytes from "512m", "1.5g", "100 KiB" (binary units, case-insensitive, optional b/ib); throws the go-units reason. */
export function ramInBytes(text: string): number {
  const sep = lastIndexOfAny(text, '0123456789. ');
  if (sep === -1) throw new Error(`invalid size: '${text}'`);
  const num = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  let suffix = text.slice(sep + 1);
  if (!GO_FLOAT.test(num)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax`);
  const size = Number(num);
  if (size < 0) throw new Error(`invalid size: '${text}'`);
  if (suffix === '') return Math.trunc(size);
  const bad = (): Error => new Error(`invalid suffix: '${suffix}'`);
  if (suffix.length > 3) throw bad();
  suffix = suffix.toLowerCase();
  if (suffix[0] === 'b') {
    if (suffix.length > 1) throw bad();
    return Math.trunc(size);
  }
  const unit = UNITS[suffix[0]!];
  if (unit === undefined) throw bad();
  if ((suffix.length === 2 && suffix[1] !== 'b') || (suffix.length === 3 && suffix.slice(1) !== 'ib')) throw bad();
  return Math.trunc(size * unit);
}

function lastIndexOfAny(text: string, chars: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (chars.includes(text[i]!)) return i;
  return -1;
}

/** ramInBytes for a flag: errors become `invalid argument "x" for "<flag>" flag: <reason>`. */
export function parseSizeFlag(value: string, flag: string): number {
  try {
    return ramInBytes(value);
  } catch (err) {
    throw flagError(value, flag, (err as Error).message);
  }
}

/** Nano-CPUs from docker's --cpus value ("1.5", "0.25", "3/2"); throws docker's flag error. */
export function parseCpusFlag(value: string, flag = '--cpus'): number {
  const rational = parseRational(value);
  if (!rational) throw flagError(value, flag, `failed to parse ${value} as a rational number`);
  const [num, den] = rational;
  const nano = num * 1_000_000_000n;
  if (nano % den !== 0n) throw flagError(value, flag, 'value is too precise');
  return Number(nano / den);
}

// Exact parsing (no floating point) so "0.1" is 100000000 nano-CPUs, as Go's big.Rat gives.
function parseRational(text: string): [bigint, bigint] | undefined {
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(text);
  if (frac) {
    const den = BigInt(frac[2]!);
    return den === 0n ? undefined : [BigInt(frac[1]!), den];
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const digits = BigInt(`${m[2] || '0'}${m[3] ?? ''}`) * (m[1] === '-' ? -1n : 1n);
  const exp = Number(m[4] ?? '0') - (m[3] ?? '').length;
  return exp >= 0 ? [digits * 10n ** BigInt(exp), 1n] : [digits, 10n ** BigInt(-exp)];
}
