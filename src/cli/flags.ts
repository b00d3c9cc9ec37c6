// Flag declarations and their typed values. A command declares each flag once in a table; the
// parser, the help renderer, the completion engine and the options type all read that table.
import { parseDuration } from '../units';

/** What a completion provider can list; 'files' and 'directories' are left to the shell. */
export type CompletionKind =
  | 'images' | 'containers' | 'running-containers' | 'networks' | 'volumes' | 'namespaces'
  | 'services' | 'snapshotters' | 'platforms' | 'signals' | 'commands' | 'files' | 'directories';

/** A provider kind, or a fixed list of values. */
export type CompletionSource = CompletionKind | readonly string[];

interface FlagBase {
  /** One-letter form shown in help (`-q`). */
  short?: string;
  /** Extra names accepted but not shown: one letter = short, longer = long (`H`, `host`). */
  aliases?: readonly string[];
  description: string;
  /** Environment variable read when the flag is not on the command line. */
  env?: string;
  hidden?: boolean;
  /** Value completion: a provider kind or a fixed list. */
  complete?: CompletionSource;
  /** Name of the value in help (`--filter filter`); defaults from the type. */
  valueName?: string;
  /** Shown in help as `(default ...)` when the real default is computed elsewhere. */
  defaultLabel?: string;
  deprecated?: string;
}
export interface BooleanFlag extends FlagBase { type: 'boolean'; default?: boolean }
export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
  choices?: readonly string[];
  /** Value taken when the flag is given bare; such a flag only takes a value with `=`. */
  optionalValue?: string;
}
export interface ListFlag extends FlagBase {
  type: 'string[]';
  default?: readonly string[];
  choices?: readonly string[];
  /** Also split each value on commas (pflag's StringSlice). */
  split?: boolean;
  optionalValue?: string;
}
export interface NumberFlag extends FlagBase { type: 'number'; default?: number }
/** Go-style duration text ("1m30s"); the value is milliseconds. */
export interface DurationFlag extends FlagBase { type: 'duration'; default?: number }

export type FlagSpec = BooleanFlag | StringFlag | ListFlag | NumberFlag | DurationFlag;
export type FlagType = FlagSpec['type'];
/** Flags keyed by long name (`'no-trunc'`); the options object uses camelCase keys (`noTrunc`). */
export type FlagsSpec = { readonly [long: string]: FlagSpec };

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Choice<F> = F extends { choices: readonly (infer C)[] } ? C : string;
type BaseValue<F extends FlagSpec> =
  F['type'] extends 'boolean' ? boolean
    : F['type'] extends 'string[]' ? Array<Choice<F>>
      : F['type'] extends 'number' | 'duration' ? number
        : Choice<F>;
type FlagValue<F extends FlagSpec> =
  F['type'] extends 'boolean' | 'string[]' ? BaseValue<F>
    : F extends { default: unknown } ? BaseValue<F> : BaseValue<F> | undefined;

/** The options object inferred from a flag table. */
export type FlagValues<F extends FlagsSpec> = { -readonly [K in keyof F & string as Camel<K>]: FlagValue<F[K]> };

/** A parsed but not yet defaulted value, as the parser stores it. */
export type RawValue = boolean | string | number | string[];

/** `no-trunc` -> `noTrunc`, the same mapping as the FlagValues type. */
export function camelName(long: string): string {
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** True when the flag never consumes the next argument as its value. */
export function takesNoSeparateValue(spec: FlagSpec): boolean {
  return spec.type === 'boolean' || ('optionalValue' in spec && spec.optionalValue !== undefined);
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Converts one textual value; returns an error reason (docker's wording) instead of throwing. */
export function convertValue(spec: FlagSpec, text: string): { value: boolean | string | number | string[] } | { reason: string } {
  switch (spec.type) {
    case 'boolean':
      if (TRUE.has(text)) return { value: true };
      if (FALSE.has(text)) return { value: false };
      return { reason: `strconv.ParseBool: parsing "${text}": invalid syntax` };
    case 'number': {
      const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
      return Number.isFinite(n) ? { value: n } : { reason: `strconv.ParseFloat: parsing "${text}": invalid syntax` };
    }
    case 'duration': {
      const ms = parseDuration(text);
      return ms === undefined ? { reason: `time: invalid duration "${text}"` } : { value: ms };
    }
    case 'string':
      return checkChoices(spec.choices, [text]) ?? { value: text };
    case 'string[]': {
      const parts = spec.split ? text.split(',').filter((p) => p !== '') : [text];
      return checkChoices(spec.choices, parts) ?? { value: parts };
    }
  }
}

function checkChoices(choices: readonly string[] | undefined, values: string[]): { reason: string } | undefined {
  if (!choices) return undefined;
  const bad = values.find((v) => !choices.includes(v));
  return bad === undefined ? undefined : { reason: `must be one of ${choices.join(', ')}` };
}

/** `-q, --quiet` or `--format`: how docker names a flag in value errors. */
export function displayName(long: string, spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${long}` : `--${long}`;
}

/** Builds the typed options: command line first, then the flag's env variable, then its default. */
export function materialize(
  specs: FlagsSpec,
  given: ReadonlyMap<string, RawValue>,
  env: Readonly<Record<string, string | undefined>>,
  onBadEnv: (long: string, variable: string, reason: string) => Error,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [long, spec] of Object.entries(specs)) {
    const key = camelName(long);
    const value = given.get(long);
    const fromEnv = spec.env === undefined ? undefined : env[spec.env];
    if (value !== undefined) out[key] = value;
    else if (fromEnv !== undefined && fromEnv !== '') {
      const r = convertValue(spec, fromEnv);
      if ('reason' in r) throw onBadEnv(long, spec.env!, r.reason);
      out[key] = r.value;
    } else out[key] = defaultValue(spec);
  }
  return out;
}

function defaultValue(spec: FlagSpec): unknown {
  if (spec.type === 'boolean') return spec.default ?? false;
  if (spec.type === 'string[]') return spec.default ? [...spec.default] : [];
  return spec.default;
}
