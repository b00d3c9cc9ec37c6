// Name lookup over the command table: top-level words (commands, shortcuts, groups and their
// aliases) and the subcommands of each group. A normal run only scans for the one or two words it
// needs; the full index (for help, completion and clash detection) is built on first use.
import type { Command, GroupDef } from './command';
import type { FlagsSpec } from './flags';

export type RootEntry =
  | { kind: 'command'; command: Command; name: string }
  | { kind: 'group'; group: GroupDef };

export interface Registry {
  readonly commands: readonly Command[];
  /** Groups in first-seen order. */
  readonly groups: readonly GroupDef[];
  /** Every word accepted right after `nerdts` (besides `help`). */
  readonly root: ReadonlyMap<string, RootEntry>;
  /** Every word accepted after a group word. */
  readonly sub: ReadonlyMap<GroupDef, ReadonlyMap<string, Command>>;
}

/** Wraps the command table; the index is built (and clashes thrown) when first read. */
export function buildRegistry(commands: readonly Command[]): Registry {
  let index: Omit<Registry, 'commands'> | undefined;
  const built = (): Omit<Registry, 'commands'> => (index ??= indexCommands(commands));
  return {
    commands,
    get groups() { return built().groups; },
    get root() { return built().root; },
    get sub() { return built().sub; },
  };
}

/** What a word right after `nerdts` names, found without building the index. */
export function findRootWord(registry: Registry, word: string): RootEntry | undefined {
  if (word === 'help') return undefined;
  for (const c of registry.commands) {
    const g = c.group;
    if (!g) {
      if (c.name === word || c.aliases?.includes(word)) return { kind: 'command', command: c, name: c.name };
    } else if (c.shortcuts?.includes(word)) return { kind: 'command', command: c, name: word };
    else if (g.name === word || g.aliases?.includes(word)) return { kind: 'group', group: g };
  }
  return undefined;
}

/** The subcommand of `group` called `word` (name or alias). */
export function findSubcommand(registry: Registry, group: GroupDef, word: string): Command | undefined {
  for (const c of registry.commands) if (c.group === group && (c.name === word || c.aliases?.includes(word))) return c;
  return undefined;
}

function indexCommands(commands: readonly Command[]): Omit<Registry, 'commands'> {
  const root = new Map<string, RootEntry>();
  const sub = new Map<GroupDef, Map<string, Command>>();
  const claim = <V>(map: Map<string, V>, word: string, value: V, where: string): void => {
    if (map.has(word) || word === 'help') throw new Error(`command table: "${word}" declared twice (${where})`);
    map.set(word, value);
  };
  for (const c of commands) {
    if (!c.group) {
      for (const w of [c.name, ...(c.aliases ?? [])]) claim(root, w, { kind: 'command', command: c, name: c.name }, c.name);
      continue;
    }
    const g = c.group;
    if (!sub.has(g)) {
      sub.set(g, new Map());
      for (const w of [g.name, ...(g.aliases ?? [])]) claim(root, w, { kind: 'group', group: g }, g.name);
    }
    for (const w of [c.name, ...(c.aliases ?? [])]) claim(sub.get(g)!, w, c, `${g.name} ${c.name}`);
    for (const w of c.shortcuts ?? []) claim(root, w, { kind: 'command', command: c, name: w }, `${g.name} ${c.name}`);
  }
  return { groups: [...sub.keys()], root, sub };
}

/**
 * Checks every flag table (names and letters unique, letters one character). Run by the unit
 * tests over the real table rather than on every start.
 */
export function checkFlagTables(commands: readonly Command[]): void {
  for (const c of commands) {
    checkFlags(c.flags, c.name);
    if (c.group) checkFlags(c.group.flags ?? {}, c.group.name);
  }
}

function checkFlags(flags: FlagsSpec, where: string): void {
  const seen = new Set<string>();
  for (const [long, spec] of Object.entries(flags)) {
    for (const name of [long, ...(spec.short ? [spec.short] : []), ...(spec.aliases ?? [])]) {
      if (seen.has(name)) throw new Error(`command table: flag "${name}" declared twice in ${where}`);
      seen.add(name);
    }
    if (spec.short !== undefined && spec.short.length !== 1) throw new Error(`command table: short flag "${spec.short}" in ${where} must be one letter`);
  }
}

/** The path docker prints: `nerdts image ls` when reached through the group, `nerdts images` otherwise. */
export function commandPath(bin: string, command: Command, viaShortcut?: string): string {
  if (viaShortcut !== undefined || !command.group) return `${bin} ${viaShortcut ?? command.name}`;
  return `${bin} ${command.group.name} ${command.name}`;
}
