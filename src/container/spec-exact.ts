// Reading a stored OCI spec without losing uint64 values (rlimits of 2^64-1): JSON.parse would
// round them, and runc refuses the rounded number when the spec is written back.
import type { Any } from '../containerd/types';
import { TYPE_URL } from '../containerd/typeurl';
import { NerdtsError } from '../errors';
import type { Spec } from './spec';

const MARK = '\u2063uint64:';
// Integers beyond 2^53 have at least 16 digits.
const BIG_DIGITS = 16;

/** Quotes every integer literal of BIG_DIGITS or more digits outside strings, marked (pure). */
function markBigIntegers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch >= '0' && ch <= '9') {
      let j = i;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      out += /^\d+$/.test(literal) && literal.length >= BIG_DIGITS ? `"${MARK}${literal}"` : literal;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Parses spec JSON; big integers become bigints, which serializeSpec writes back exactly. */
export function parseSpecExact(text: string): Spec {
  return JSON.parse(markBigIntegers(text), (_key, value: unknown) =>
    (typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value)) as Spec;
}

/** The spec of a container record (its Container.spec Any). */
export function specOfRecord(any: Any | undefined): Spec {
  if (!any || any.typeUrl !== TYPE_URL.spec) throw new NerdtsError('internal', 'container has no OCI spec');
  const v = any.value;
  return parseSpecExact(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8'));
}
