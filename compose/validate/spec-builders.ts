// Shorthands for writing the compose spec as Spec values (see spec-service.ts, spec-top.ts).
import type { Kind, Spec } from './schema';

/** Scalar rules; strings are accepted where compose interpolates and casts later. */
export const any: Spec = { k: 'any' };
export const str: Spec = { k: 'scalar', types: ['string'] };
export const strOrNum: Spec = { k: 'scalar', types: ['string', 'number'] };
export const scalarValue: Spec = { k: 'scalar', types: ['string', 'number', 'boolean', 'null'] };
/** Booleans also accept strings (they may be interpolated, then cast). */
export const bool: Spec = { k: 'scalar', types: ['boolean', 'string'] };
export const boolOnly: Spec = { k: 'scalar', types: ['boolean'] };
export const int: Spec = { k: 'scalar', types: ['integer', 'string'] };
export const num: Spec = { k: 'scalar', types: ['number', 'string'] };
export const duration: Spec = { k: 'scalar', types: ['string'], format: 'duration' };
export const bytes: Spec = { k: 'scalar', types: ['number', 'string'], format: 'bytes' };

/** A scalar of the given kinds, with optional bounds or format. */
export function scalar(types: readonly Kind[], extra: { min?: number; max?: number; format?: 'bytes' } = {}): Spec {
  return { k: 'scalar', types, ...extra };
}

/** A string from a fixed set. */
export function oneOf(...values: string[]): Spec {
  return { k: 'scalar', types: ['string'], enum: values };
}

/** A string matching `re`. */
export function pattern(re: RegExp): Spec {
  return { k: 'scalar', types: ['string'], pattern: re };
}

/** A list of `item` (optionally without duplicates). */
export function list(item: Spec, unique = false): Spec {
  return { k: 'list', item, unique };
}

/** A closed mapping: only these keys (and `x-*` when `ext`). */
export function obj(props: Record<string, Spec>, opts: { ext?: boolean; required?: string[] } = {}): Spec {
  return { k: 'obj', props, ext: opts.ext ?? true, required: opts.required };
}

/** A mapping with free keys (optionally matching a pattern), all values of one spec. */
export function dict(value: Spec, keyPattern?: RegExp, keyWhat?: string): Spec {
  return { k: 'obj', props: {}, ext: false, rest: value, keyPattern, keyWhat };
}

/** A value whose rule depends on its kind (string, list, mapping ...). */
export function union(variants: Partial<Record<Kind, Spec>>): Spec {
  return { k: 'union', variants };
}

/** Common shapes of the spec. */
export const listOfStrings = list(str, true);
export const stringOrList = union({ string: str, array: listOfStrings });
export const listOrDict = union({ object: dict(scalarValue), array: list(str, true) });
/** Names of services, networks, volumes, secrets and configs. */
export const NAME_KEY = /^[a-zA-Z0-9._-]+$/;
