// Command-line parser with docker's (pflag/cobra) habits: `-dit`, `-p80`, `-p 80`, `--flag=value`,
// `--flag value`, `--bool=false`, repeatable flags, `--`, global flags before or after the command,
// management groups with aliases and top-level shortcuts, stop at the first positional for run/exec.
import type { Command, GroupDef } from './command';
import { convertValue, displayName, takesNoSeparateValue, type RawValue } from './flags';
import { commandPath, findRootWord, findSubcommand, type Registry, type RootEntry } from './registry';
import {
  commandScope, findLong, findShort, groupScope, isFlagToken, rootScope, visibleFlagNames,
  type Owner, type Scope, type ScopeEntry,
} from './scope';
import { suggest } from './suggest';
import {
  BIN, checkArgCount, commandUseLine, flagError, groupUseLine, rootUseLine, unknownHelpTopic,
  unknownRootCommand, unknownSubcommand, type UsageContext,
} from './usage';

export type FlagValuesByOwner = Record<Owner, Map<string, RawValue>>;

export type HelpTarget =
  | { kind: 'root' }
  | { kind: 'group'; group: GroupDef }
  | { kind: 'command'; command: Command; path: string };

export type Invocation =
  | { kind: 'run'; command: Command; path: string; args: string[]; flags: FlagValuesByOwner }
  | { kind: 'help'; target: HelpTarget; toStderr: boolean; flags: FlagValuesByOwner }
  | { kind: 'version'; flags: FlagValuesByOwner };

/** Parses a whole command line (argv without node and script). Throws ArgvError on mistakes. */
export function parseArgv(argv: readonly string[], registry: Registry): Invocation {
  const flags: FlagValuesByOwner = { command: new Map(), group: new Map(), global: new Map(), root: new Map(), help: new Map() };
  let i = scanLeadingFlags(argv, 0, rootScope(), flags, { path: BIN, useLine: rootUseLine() });
  const word = argv[i];
  const wantsHelp = (): boolean => flags.help.get('help') === true;
  if (flags.root.get('version') === true) return { kind: 'version', flags };
  if (word === undefined) return { kind: 'help', target: { kind: 'root' }, toStderr: !wantsHelp(), flags };
  if (word === 'help') return helpFor(positionals(argv.slice(i + 1)), registry, flags);
  const entry = findRootWord(registry, word);
  if (!entry) throw unknownRootCommand(word, suggest(word, visibleRootWords(registry)));
  if (wantsHelp()) return helpFor(positionals(argv.slice(i)), registry, flags);
  if (entry.kind === 'command') return parseCommand(argv, i + 1, entry.command, shortcutOf(entry), flags);
  const group = entry.group;
  i = scanLeadingFlags(argv, i + 1, groupScope(group), flags, { path: `${BIN} ${group.name}`, useLine: groupUseLine(group) });
  const subWord = argv[i];
  if (subWord === undefined) return { kind: 'help', target: { kind: 'group', group }, toStderr: !wantsHelp(), flags };
  if (wantsHelp()) return helpFor([group.name, ...positionals(argv.slice(i))], registry, flags);
  const command = findSubcommand(registry, group, subWord);
  if (!command) throw unknownSubcommand(group, subWord, suggest(subWord, visibleSubWords(registry, group)));
  return parseCommand(argv, i + 1, command, undefined, flags);
}

function shortcutOf(entry: RootEntry & { kind: 'command' }): string | undefined {
  return entry.command.group ? entry.name : undefined;
}

/** Reads flags until the first positional (or `--`); returns the positional's index. */
function scanLeadingFlags(argv: readonly string[], i: number, scope: Scope, out: FlagValuesByOwner, where: UsageContext): number {
  while (i < argv.length) {
    const t = argv[i]!;
    if (t === '--') return i + 1;
    if (!isFlagToken(t, scope)) return i;
    i = readFlag(argv, i, scope, out, where);
  }
  return i;
}

function parseCommand(argv: readonly string[], i: number, command: Command, shortcut: string | undefined,
  flags: FlagValuesByOwner): Invocation {
  const path = commandPath(BIN, command, shortcut);
  const where = { path, useLine: commandUseLine(command, path) };
  const scope = commandScope(command);
  const args: string[] = [];
  let stopped = false;
  while (i < argv.length) {
    const t = argv[i]!;
    if (stopped) { args.push(t); i++; continue; }
    if (t === '--') { stopped = true; i++; continue; }
    if (isFlagToken(t, scope)) { i = readFlag(argv, i, scope, flags, where); continue; }
    args.push(t);
    i++;
    if (command.stopAtFirstPositional) stopped = true;
  }
  if (flags.help.get('help') === true) return { kind: 'help', target: { kind: 'command', command, path }, toStderr: false, flags };
  const countError = checkArgCount(command.args, args.length, where);
  if (countError) throw countError;
  return { kind: 'run', command, path, args, flags };
}

/** Reads one flag word (and its value word, if any); returns the index after them. */
function readFlag(argv: readonly string[], i: number, scope: Scope, out: FlagValuesByOwner, where: UsageContext): number {
  const t = argv[i]!;
  if (t.startsWith('--')) {
    const eq = t.indexOf('=');
    const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
    const entry = findLong(scope, name);
    if (!entry) throw flagError(where, `unknown flag: --${name}`, suggest(name, visibleFlagNames(scope).long).map((s) => `--${s}`));
    if (eq >= 0) store(entry, t.slice(eq + 1), out, where);
    else if (takesNoSeparateValue(entry.spec)) storeBare(entry, out);
    else if (i + 1 < argv.length) { store(entry, argv[i + 1]!, out, where); return i + 2; }
    else throw flagError(where, `flag needs an argument: --${name}`);
    return i + 1;
  }
  const cluster = t.slice(1);
  for (let j = 0; j < cluster.length; j++) {
    const letter = cluster[j]!;
    const entry = findShort(scope, letter);
    if (!entry) throw flagError(where, `unknown shorthand flag: '${letter}' in -${cluster}`);
    const rest = cluster.slice(j + 1);
    if (takesNoSeparateValue(entry.spec)) {
      if (!rest.startsWith('=')) { storeBare(entry, out); continue; }
      store(entry, rest.slice(1), out, where);
      return i + 1;
    }
    if (rest !== '') { store(entry, rest.startsWith('=') ? rest.slice(1) : rest, out, where); return i + 1; }
    if (i + 1 >= argv.length) throw flagError(where, `flag needs an argument: '${letter}' in -${cluster}`);
    store(entry, argv[i + 1]!, out, where);
    return i + 2;
  }
  return i + 1;
}

function store(entry: ScopeEntry, text: string, out: FlagValuesByOwner, where: UsageContext): void {
  const r = convertValue(entry.spec, text);
  if ('reason' in r) throw flagError(where, `invalid argument "${text}" for "${displayName(entry.long, entry.spec)}" flag: ${r.reason}`);
  put(entry, r.value, out);
}

function storeBare(entry: ScopeEntry, out: FlagValuesByOwner): void {
  const spec = entry.spec;
  put(entry, spec.type === 'boolean' ? true : spec.type === 'string[]' ? [spec.optionalValue!] : (spec as { optionalValue: string }).optionalValue, out);
}

/** Lists accumulate across repeats; anything else keeps the last value, as pflag does. */
function put(entry: ScopeEntry, value: RawValue, out: FlagValuesByOwner): void {
  const values = out[entry.owner];
  const before = values.get(entry.long);
  values.set(entry.long, Array.isArray(value) && Array.isArray(before) ? [...before, ...value] : value);
}

function positionals(words: readonly string[]): string[] {
  return words.filter((w) => !w.startsWith('-'));
}

/** `nerdts help image ls`, `nerdts images --help`: resolves the words to what the help is about. */
function helpFor(words: readonly string[], registry: Registry, flags: FlagValuesByOwner): Invocation {
  const help = (target: HelpTarget): Invocation => ({ kind: 'help', target, toStderr: false, flags });
  if (words.length === 0) return help({ kind: 'root' });
  const entry = findRootWord(registry, words[0]!);
  if (entry?.kind === 'command' && words.length === 1) {
    return help({ kind: 'command', command: entry.command, path: commandPath(BIN, entry.command, shortcutOf(entry)) });
  }
  if (entry?.kind === 'group') {
    if (words.length === 1) return help({ kind: 'group', group: entry.group });
    const command = findSubcommand(registry, entry.group, words[1]!);
    if (command && words.length === 2) return help({ kind: 'command', command, path: commandPath(BIN, command) });
  }
  throw unknownHelpTopic(words);
}

/** Words worth suggesting at the top level (hidden commands and groups are never suggested). */
export function visibleRootWords(registry: Registry): string[] {
  const out: string[] = [];
  for (const [word, e] of registry.root) if (!(e.kind === 'group' ? e.group.hidden : e.command.hidden)) out.push(word);
  return out;
}

export function visibleSubWords(registry: Registry, group: GroupDef): string[] {
  return [...(registry.sub.get(group) ?? new Map<string, Command>())].filter(([, c]) => !c.hidden).map(([w]) => w);
}
