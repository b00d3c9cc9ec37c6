// Environment variables with docker's rules: -e K=V, -e K (copied from the caller's environment,
// or an "unset" marker when absent), --env-file lines, and replace-or-append merging.
import { NerdtsError } from '../../errors';
import type { Spec } from './types';

/** Looks a variable up in the caller's environment (process.env in production, a fake in tests). */
export type EnvLookup = (key: string) => string | undefined;

/** Validates one -e value; "K" becomes "K=<host value>" when the host has K, else stays "K" (unset). */
export function resolveEnvFlag(value: string, lookup: EnvLookup): string {
  const eq = value.indexOf('=');
  const key = eq === -1 ? value : value.slice(0, eq);
  if (key === '') throw new NerdtsError('invalid-argument', `invalid environment variable: ${value}`);
  if (eq !== -1) return value;
  const hostValue = lookup(key);
  return hostValue === undefined ? value : `${key}=${hostValue}`;
}

/**
 * Parses an --env-file's text: blank lines and #-comments skipped, leading whitespace trimmed,
 * values kept verbatim (no quotes or interpolation); a bare KEY takes the host's value or is dropped.
 */
export function parseEnvFile(text: string, lookup: EnvLookup, fileName = 'env file'): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq);
    const fail = (why: string): NerdtsError => new NerdtsError('invalid-argument', `invalid env file (${fileName}): ${why}`);
    if (key === '') throw fail(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw fail(`variable '${key}' contains whitespaces`);
    if (eq !== -1) { out.push(line); return; }
    const hostValue = lookup(key);
    if (hostValue !== undefined) out.push(`${key}=${hostValue}`);
  });
  return out;
}

export interface EnvFlags {
  /** -e/--env values, in order. */
  env?: readonly string[];
  /** --env-file contents, in flag order; `name` appears in error messages. */
  envFiles?: ReadonlyArray<{ name: string; text: string }>;
  lookup: EnvLookup;
}

/** The user's environment list: env files first, then -e values (so -e wins), as docker. */
export function userEnv(flags: EnvFlags): string[] {
  const fromFiles = (flags.envFiles ?? []).flatMap((f) => parseEnvFile(f.text, flags.lookup, f.name));
  const fromFlags = (flags.env ?? []).map((v) => resolveEnvFlag(v, flags.lookup));
  return [...fromFiles, ...fromFlags];
}

/** docker's merge: an override replaces the same key in place or is appended; a bare "KEY" removes KEY. */
export function replaceOrAppendEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const result: Array<string | undefined> = [...base];
  const index = new Map<string, number>();
  result.forEach((entry, i) => { if (!index.has(keyOf(entry!))) index.set(keyOf(entry!), i); });
  for (const value of overrides) {
    const eq = value.indexOf('=');
    if (eq === -1) {
      const i = index.get(value);
      if (i !== undefined) result[i] = undefined;
      continue;
    }
    const i = index.get(value.slice(0, eq));
    // Unlike docker, a key given twice keeps one entry (the last value) instead of two.
    if (i !== undefined) result[i] = value;
    else index.set(value.slice(0, eq), result.push(value) - 1);
  }
  return result.filter((e): e is string => e !== undefined);
}

const keyOf = (entry: string): string => {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : entry.slice(0, eq);
};

/** Applies the user's variables over the process environment (image env and defaults). */
export function withEnv(spec: Spec, env: readonly string[]): void {
  spec.process.env = replaceOrAppendEnv(spec.process.env, env);
}

/** Sets KEY=value only when the environment has no KEY yet (docker's defaults: HOSTNAME, TERM). */
export function withDefaultEnv(spec: Spec, key: string, value: string): void {
  if (spec.process.env.some((e) => keyOf(e) === key)) return;
  const pathIndex = spec.process.env.findIndex((e) => keyOf(e) === 'PATH');
  // docker lists PATH, HOSTNAME, TERM first; keep defaults next to PATH so `env` reads the same.
  let at = pathIndex + 1;
  while (at < spec.process.env.length && ['HOSTNAME', 'TERM'].includes(keyOf(spec.process.env[at]!))) at++;
  spec.process.env.splice(at, 0, `${key}=${value}`);
}
