// How go-yaml (what docker compose uses) reads an untagged plain scalar: YAML 1.2 core values,
// plus go-yaml's leniencies (`0440` is octal, `1_000` is 1000). `yes`, `on`, `22:22` stay strings.
import type { Scalar } from '../tree';

const SPECIAL: Record<string, Scalar> = {
  '': null, '~': null, null: null, Null: null, NULL: null,
  true: true, True: true, TRUE: true, false: false, False: false, FALSE: false,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};

const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** The value go-yaml decodes for a plain (unquoted, untagged) scalar. */
export function resolvePlain(text: string): Scalar {
  const c = text.charCodeAt(0);
  // Most scalars are words: only a few first letters can start a special value.
  if (c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) return text;
  if (Object.hasOwn(SPECIAL, text)) return SPECIAL[text]!;
  const digit = c >= 48 && c <= 57;
  if (c === 46 /* . */) {
    const f = Number(text);
    return Number.isNaN(f) || !/^\.[0-9]/.test(text) ? text : f;
  }
  if (!digit && c !== 43 && c !== 45) return text;
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const m = GO_INT.exec(plain);
  if (m) return goInt(m);
  if (YAML_FLOAT.test(plain)) return Number(plain);
  return text;
}

function goInt(m: RegExpExecArray): number {
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) return sign * parseInt(m[2], 16);
  if (m[3] !== undefined) return sign * parseInt(m[3], 8);
  if (m[4] !== undefined) return sign * parseInt(m[4], 2);
  if (m[5] !== undefined) return sign * parseInt(m[5], 8);
  return sign * Number(m[6]);
}
