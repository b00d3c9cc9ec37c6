// One json-file line, byte for byte as docker's daemon writes it (jsonlog.JSONLogs.MarshalJSONBuf):
//   {"log":"<escaped>","stream":"stdout","time":"2024-01-02T03:04:05.123456789Z"}\n
// Escaping: \" \\ \n \r short forms; other controls and < > & as \u00XX (lower-case hex); U+2028
// and U+2029 as \u2028 \u2029; every byte of invalid UTF-8 as \ufffd. The time is Go's RFC3339Nano
// in UTC (trailing zeros of the fraction dropped). Built into a caller's reusable Buffer so the
// logger creates no string per line: that is what keeps its private memory small.

/** docker's line limit: longer lines are written as 16 KiB partial entries without "\n". */
export const MAX_ENTRY_CONTENT = 16 * 1024;
/** Room one entry can need: every content byte escaped to 6 bytes, the "\n", the envelope and time. */
export const MAX_ENTRY_BYTES = MAX_ENTRY_CONTENT * 6 + 96;

export type StreamIndex = 0 | 1;

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const OPEN = Buffer.from('{"log":"', 'latin1');
const STREAM_CLOSE = [
  Buffer.from('","stream":"stdout","time":"', 'latin1'),
  Buffer.from('","stream":"stderr","time":"', 'latin1'),
] as const;
const CLOSE = Buffer.from('"}\n', 'latin1');
const REPLACEMENT = Buffer.from('\\ufffd', 'latin1');

/** Length of the valid UTF-8 sequence at src[i] (2..4), or 0 when invalid there (Go's DecodeRune rules). */
function utf8Length(src: Buffer, i: number, end: number): number {
  const b0 = src[i]!;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  if (b0 < 0xe0) return i + 1 < end && (src[i + 1]! & 0xc0) === 0x80 ? 2 : 0;
  if (b0 < 0xf0) {
    if (i + 2 >= end) return 0;
    const b1 = src[i + 1]!;
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return b1 >= lo && b1 <= hi && (src[i + 2]! & 0xc0) === 0x80 ? 3 : 0;
  }
  if (i + 3 >= end) return 0;
  const b1 = src[i + 1]!;
  const lo = b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xf4 ? 0x8f : 0xbf;
  return b1 >= lo && b1 <= hi && (src[i + 2]! & 0xc0) === 0x80 && (src[i + 3]! & 0xc0) === 0x80 ? 4 : 0;
}

function needsEscape(b: number): boolean {
  return b < 0x20 || b === 0x22 || b === 0x5c || b === 0x3c || b === 0x3e || b === 0x26;
}

function writeAsciiEscape(out: Buffer, pos: number, b: number): number {
  out[pos++] = 0x5c;
  if (b === 0x22 || b === 0x5c) { out[pos++] = b; return pos; }
  if (b === 0x0a) { out[pos++] = 0x6e; return pos; }
  if (b === 0x0d) { out[pos++] = 0x72; return pos; }
  out[pos++] = 0x75; out[pos++] = 0x30; out[pos++] = 0x30;
  out[pos++] = HEX[b >> 4]!;
  out[pos++] = HEX[b & 15]!;
  return pos;
}

/** Writes src[start, end) JSON-escaped (no quotes) into out at pos; returns the new position. */
export function escapeInto(out: Buffer, pos: number, src: Buffer, start: number, end: number): number {
  let run = start;
  let i = start;
  while (i < end) {
    const b = src[i]!;
    if (b < 0x80) {
      if (!needsEscape(b)) { i++; continue; }
      if (run < i) pos += src.copy(out, pos, run, i);
      pos = writeAsciiEscape(out, pos, b);
      run = ++i;
      continue;
    }
    const n = utf8Length(src, i, end);
    if (n === 0 || (n === 3 && b === 0xe2 && src[i + 1] === 0x80 && (src[i + 2] === 0xa8 || src[i + 2] === 0xa9))) {
      if (run < i) pos += src.copy(out, pos, run, i);
      if (n === 0) {
        pos += REPLACEMENT.copy(out, pos);
        i++;
      } else {
        pos += out.write(src[i + 2] === 0xa8 ? '\\u2028' : '\\u2029', pos, 'latin1');
        i += 3;
      }
      run = i;
      continue;
    }
    i += n;
  }
  if (run < end) pos += src.copy(out, pos, run, end);
  return pos;
}

/** Formats Unix seconds + nanoseconds the way entries carry them; `fixed` keeps all 9 digits (docker `logs -t`). */
export function formatTimestamp(sec: number, nsec: number, fixed = false): string {
  const base = new Date(sec * 1000).toISOString().slice(0, 19);
  if (nsec === 0 && !fixed) return `${base}Z`;
  let frac = String(nsec).padStart(9, '0');
  if (!fixed) frac = frac.replace(/0+$/, '');
  return `${base}.${frac}Z`;
}

/** Writes entry times into buffers, re-rendering the date part only when the second changes. */
export class TimeWriter {
  private cachedSec = NaN;
  private prefix = '';

  /** Writes RFC3339Nano UTC for (sec, nsec) at pos; returns the new position. */
  write(out: Buffer, pos: number, sec: number, nsec: number): number {
    if (sec !== this.cachedSec) {
      this.cachedSec = sec;
      this.prefix = new Date(sec * 1000).toISOString().slice(0, 19);
    }
    pos += out.write(this.prefix, pos, 'latin1');
    if (nsec > 0) {
      out[pos++] = 0x2e;
      let digits = 9;
      let n = nsec;
      while (n % 10 === 0) { n /= 10; digits--; }
      for (let d = digits - 1; d >= 0; d--) {
        out[pos + d] = 0x30 + (n % 10);
        n = Math.floor(n / 10);
      }
      pos += digits;
    }
    out[pos++] = 0x5a;
    return pos;
  }
}

/** Encodes one entry: content src[start, end), plus "\n" when the line was complete. */
export function encodeEntry(out: Buffer, pos: number, src: Buffer, start: number, end: number, newline: boolean,
  stream: StreamIndex, time: TimeWriter, sec: number, nsec: number): number {
  pos += OPEN.copy(out, pos);
  pos = escapeInto(out, pos, src, start, end);
  if (newline) { out[pos++] = 0x5c; out[pos++] = 0x6e; }
  pos += STREAM_CLOSE[stream].copy(out, pos);
  pos = time.write(out, pos, sec, nsec);
  pos += CLOSE.copy(out, pos);
  return pos;
}
