// Which flags are accepted at one position of the command line: the command's, its group's, the
// global ones, then --help. Nearer tables shadow farther ones (`ps -n` is --last, not --namespace).
// Lookups scan the small tables directly; building maps would cost more than a whole parse.
import type { Command, GroupDef } from './command';
import type { FlagSpec, FlagsSpec } from './flags';
import { GLOBAL_FLAGS, HELP_FLAGS, ROOT_FLAGS } from './globals';

/** Which table a flag came from. */
export type Owner = 'command' | 'group' | 'global' | 'root' | 'help';
export interface ScopeEntry { long: string; spec: FlagSpec; owner: Owner }
export type Scope = ReadonlyArray<readonly [Owner, FlagsSpec | undefined]>;

export const rootScope = (): Scope => [['root', ROOT_FLAGS], ['global', GLOBAL_FLAGS], ['help', HELP_FLAGS]];
export const groupScope = (g: GroupDef): Scope => [['group', g.flags], ['global', GLOBAL_FLAGS], ['help', HELP_FLAGS]];
export const commandScope = (c: Command): Scope =>
  [['command', c.flags], ['group', c.group?.flags], ['global', GLOBAL_FLAGS], ['help', HELP_FLAGS]];

/** The flag called `--name` here (long names and long aliases). */
export function findLong(scope: Scope, name: string): ScopeEntry | undefined {
  for (const [owner, specs] of scope) {
    if (!specs) continue;
    if (Object.prototype.hasOwnProperty.call(specs, name)) return { long: name, spec: specs[name]!, owner };
    if (name.length < 2) continue;
    for (const long in specs) if (specs[long]!.aliases?.includes(name)) return { long, spec: specs[long]!, owner };
  }
  return undefined;
}

/** The flag called `-x` here (short letters and one-letter aliases). */
export function findShort(scope: Scope, letter: string): ScopeEntry | undefined {
  for (const [owner, specs] of scope) {
    for (const long in specs) {
      const spec = specs[long]!;
      if (spec.short === letter || spec.aliases?.includes(letter)) return { long, spec, owner };
    }
  }
  return undefined;
}

/** Names reachable here and not shadowed, hidden flags excluded: `--long` and `-s` forms. */
export function visibleFlagNames(scope: Scope): { long: string[]; short: string[] } {
  const long: string[] = [];
  const short: string[] = [];
  for (const [owner, specs] of scope) {
    for (const name in specs) {
      const spec = specs[name]!;
      if (spec.hidden || findLong(scope, name)?.owner !== owner) continue;
      long.push(name);
      const viaShort = spec.short === undefined ? undefined : findShort(scope, spec.short);
      if (viaShort?.long === name && viaShort.owner === owner) short.push(spec.short!);
    }
  }
  return { long, short };
}

/** A word that the parser reads as a flag (`-1` stays positional unless some flag is `-1`). */
export function isFlagToken(token: string, scope: Scope): boolean {
  if (token.length < 2 || token[0] !== '-') return false;
  const c = token.charCodeAt(1);
  return !(c >= 48 && c <= 57 && /^-\d+(\.\d+)?$/.test(token) && !findShort(scope, token[1]!));
}
