// How the evaluator reaches into JavaScript data: member lookup (own data, getters, methods, never
// Object.prototype), the fast path for plain `{{.A.B}}`, `call`, and argument type checks with
// Go's messages.

import { nodeString, type ArgNode } from './ast';
import type { ParamType } from './funcs';
import { goTypeName, kindOf } from './values';

/** lookupMember's answer for an absent member. */
export const NOT_FOUND = Symbol('not-found');
/** fastFields' answer when the general evaluator must decide. */
export const SLOW = Symbol('slow');

// A member of an object: own data, class getters and methods, but never Object.prototype's.
export function lookupMember(obj: object, name: string): unknown {
  const v = (obj as Record<string, unknown>)[name];
  if (v === undefined || name === '__proto__') return NOT_FOUND;
  if (typeof v === 'function' && (Object.prototype as unknown as Record<string, unknown>)[name] === v) return NOT_FOUND;
  return v;
}

// `.A.B` over plain data, the common case, without the general machinery; SLOW when unsure.
export function fastFields(receiver: unknown, idents: readonly string[]): unknown {
  for (const name of idents) {
    if (typeof receiver !== 'object' || receiver === null || Array.isArray(receiver) || receiver instanceof Map
      || ArrayBuffer.isView(receiver)) return SLOW;
    const v = (receiver as Record<string, unknown>)[name];
    if (v === undefined || v === null || typeof v === 'function' || name === '__proto__') return SLOW;
    receiver = v;
  }
  return receiver;
}

/** The builtin `call`: argv[0] is the function, named `name` in messages. */
export function callValue(name: string, argv: unknown[]): unknown {
  const fn = argv[0];
  if (fn === null || fn === undefined) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${goTypeName(fn)}`);
  return (fn as (...a: unknown[]) => unknown)(...argv.slice(1));
}

/** Go's complaint about a literal argument for a typed parameter, if any. */
export function literalArgProblem(n: ArgNode, type: ParamType): string | undefined {
  if (n.kind === 'nil') return `cannot assign nil to ${type}`;
  if (type === 'string' && (n.kind === 'number' || n.kind === 'bool')) return `expected string; found ${nodeString(n)}`;
  if (type === 'int' && (n.kind === 'string' || n.kind === 'bool' || (n.kind === 'number' && !Number.isInteger(n.value)))) {
    return `expected integer; found ${nodeString(n)}`;
  }
  return undefined;
}

/** Go's complaint about a value for a typed parameter, if any. */
export function valueArgProblem(v: unknown, type: ParamType): string | undefined {
  if (type === 'any') return undefined;
  if (v === undefined) return `invalid value; expected ${type}`;
  const ok = type === 'string' ? typeof v === 'string' : kindOf(v) === 'int';
  return ok ? undefined : `wrong type for value; expected ${type}; got ${v === null ? 'interface {}' : goTypeName(v)}`;
}
