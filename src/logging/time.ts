// Times for `logs`: the --since/--until values docker accepts (api/types/time GetTimestamp), the
// entry times json-file lines carry, and the `-t` prefix. Times are bigint nanoseconds since the
// Unix epoch, because entries have nanoseconds and a Date has only milliseconds.
import { invalidArgument } from '../errors';
import { formatTimestamp } from './json-entry';

/** Nanoseconds since the Unix epoch. */
export type UnixNanos = bigint;

const NS = 1_000_000_000n;

const DURATION_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration ("1h30m", "-5m", ".5s", "0"); milliseconds, or undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)(.*)$/s.exec(text)!;
  const body = m[2]!;
  if (body === '0') return 0;
  if (body === '') return undefined;
  const re = /(\d*(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let part = re.exec(body); part; part = re.exec(body)) {
    if (part[1] === '' || part[1] === '.') return undefined;
    total += Number(part[1]) * DURATION_NS[part[2]!]!;
    at = re.lastIndex;
  }
  if (at !== body.length) return undefined;
  return (m[1] === '-' ? -total : total) / 1e6;
}

interface Layout {
  text: string;
  parts: number; // 1 date, 2 +hour, 3 +minute, 4 +second
  zone: boolean;
}

// The layout docker picks for a value (GetTimestamp), by its '.', 'T', colons and zone marks.
function chooseLayout(value: string, local: boolean): Layout {
  const zone = !local;
  const zoneText = zone ? 'Z07:00' : '';
  if (value.includes('.')) return { text: `2006-01-02T15:04:05.999999999${zoneText}`, parts: 4, zone };
  if (value.includes('T')) {
    let colons = value.split(':').length - 1;
    if (!local && !/[zZ]/.test(value) && colons > 0) colons--;
    const parts = Math.min(colons, 2) + 2;
    const text = ['2006-01-02T15', '2006-01-02T15:04', '2006-01-02T15:04:05'][parts - 2]!;
    return { text: `${text}${zoneText}`, parts, zone };
  }
  return { text: `2006-01-02${zoneText}`, parts: 1, zone };
}

function layoutRegExp(layout: Layout): RegExp {
  let src = '^(\\d{4})-(\\d{2})-(\\d{2})';
  if (layout.parts >= 2) src += 'T(\\d{1,2})';
  if (layout.parts >= 3) src += ':(\\d{2})';
  if (layout.parts >= 4) src += ':(\\d{2})(?:[.,](\\d+))?';
  if (layout.zone) src += '(Z|[+-]\\d{2}:\\d{2})';
  return new RegExp(`${src}$`);
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function fieldsToNanos(f: number[], frac: string | undefined, offsetMinutes: number): UnixNanos {
  const d = new Date(0);
  d.setUTCFullYear(f[0]!, f[1]! - 1, f[2]!);
  d.setUTCHours(f[3] ?? 0, f[4] ?? 0, f[5] ?? 0, 0);
  const sec = d.getTime() / 1000 - offsetMinutes * 60;
  const nanos = frac ? BigInt(frac.slice(0, 9).padEnd(9, '0')) : 0n;
  return BigInt(sec) * NS + nanos;
}

function zoneMinutes(zone: string | undefined, localOffset: number): number {
  if (zone === undefined) return localOffset;
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

// Go's time.Parse for the layouts above, with its range errors.
function parseWithLayout(value: string, layout: Layout, localOffset: number): UnixNanos {
  const m = layoutRegExp(layout).exec(value);
  if (!m) throw new Error(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout.text)}: cannot parse ${JSON.stringify(value)} as ${JSON.stringify(layout.text)}`);
  const fields = m.slice(1, 1 + layout.parts + 2).map(Number);
  const [year, month, day, hour = 0, minute = 0, second = 0] = fields;
  const range = (what: string): Error => new Error(`parsing time ${JSON.stringify(value)}: ${what} out of range`);
  if (month! < 1 || month! > 12) throw range('month');
  if (day! < 1 || day! > daysIn(year!, month!)) throw range('day');
  if (hour > 23) throw range('hour');
  if (minute > 59) throw range('minute');
  if (second > 59) throw range('second');
  const frac = layout.parts >= 4 ? m[7] : undefined;
  const zone = layout.zone ? m[m.length - 1] : undefined;
  return fieldsToNanos(fields, frac, zoneMinutes(zone, localOffset));
}

function parseUnixTimestamp(value: string): UnixNanos | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return undefined;
  return BigInt(m[1]!) * NS + (m[2] ? BigInt(m[2].slice(0, 9).padEnd(9, '0')) : 0n);
}

/**
 * Parses a --since/--until value as docker does: a Go duration before `nowMs` (whole seconds), an
 * RFC3339-like date/time (local time when it has no zone), or a Unix timestamp "sec[.nanos]".
 * `flag` names the option in errors (`invalid value for "since": ...`).
 */
export function parseLogTime(value: string, nowMs: number, flag?: 'since' | 'until'): UnixNanos {
  try {
    const d = parseGoDuration(value);
    if (value !== '0' && d !== undefined) return BigInt(Math.floor((nowMs - d) / 1000)) * NS;
    const local = !(/[zZ+]/.test(value) || value.split('-').length - 1 === 3);
    const localOffset = -new Date(nowMs).getTimezoneOffset();
    try {
      return parseWithLayout(value, chooseLayout(value, local), localOffset);
    } catch (err) {
      if (value.includes('-')) throw err;
      const unix = parseUnixTimestamp(value);
      if (unix === undefined) throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
      return unix;
    }
  } catch (err) {
    const message = (err as Error).message;
    throw invalidArgument(flag ? `invalid value for ${JSON.stringify(flag)}: ${message}` : message,
      { hint: 'use a duration (10m, 1h30m), an RFC3339 time (2024-01-02T15:04:05Z) or a Unix timestamp' });
  }
}

const ENTRY_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an entry's "time" (RFC3339 with optional fraction); undefined when it is not one. */
export function parseEntryTime(text: string): UnixNanos | undefined {
  const m = ENTRY_TIME.exec(text);
  if (!m) return undefined;
  return fieldsToNanos(m.slice(1, 7).map(Number), m[7], zoneMinutes(m[8], 0));
}

/** Formats nanoseconds as RFC3339Nano UTC; `fixed` keeps 9 fraction digits (the `logs -t` prefix). */
export function formatNanos(ns: UnixNanos, fixed = false): string {
  const sec = ns / NS - (ns % NS < 0n ? 1n : 0n);
  return formatTimestamp(Number(sec), Number(ns - sec * NS), fixed);
}

/** An entry's time as docker's `logs -t` prints it: UTC, always 9 fraction digits. */
export function timestampPrefix(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
  const ns = parseEntryTime(text);
  return ns === undefined ? text : formatNanos(ns, true);
}
