// Usage lines and docker's usage-error texts, shared by the parser and the help renderer.
import { NerdtsError } from '../errors';
import type { ArgsSpec, Command, GroupDef } from './command';
import type { FlagsSpec } from './flags';
import { didYouMean } from './suggest';

export const BIN = 'nerdts';

/** Exit codes of docker's CLI: flag errors 125 (cobra FlagErrorFunc), other usage errors 1. */
export const EXIT_FLAG_ERROR = 125;
export const EXIT_USAGE = 1;

/** A command-line mistake whose message is the complete docker-style text, printed verbatim. */
export class ArgvError extends NerdtsError {
  constructor(text: string, exitCode: number) {
    super('usage', text, { exitCode });
  }
}

/** Where a parse error happened: the path to print and its usage line. */
export interface UsageContext { path: string; useLine: string }

export function hasVisibleFlags(flags: FlagsSpec | undefined): boolean {
  return Object.values(flags ?? {}).some((f) => !f.hidden);
}

export function commandUseLine(command: Command, path: string): string {
  const tail = command.usage ?? (hasVisibleFlags(command.flags) ? '[OPTIONS]' : '');
  return tail ? `${path} ${tail}` : path;
}

export function groupUseLine(group: GroupDef): string {
  return `${BIN} ${group.name}${hasVisibleFlags(group.flags) ? ' [OPTIONS]' : ''} COMMAND`;
}

export const rootUseLine = (): string => `${BIN} [OPTIONS] COMMAND`;

/** `unknown flag: --fomat` and friends, with docker's usage footer; exit 125. */
export function flagError(where: UsageContext, message: string, suggestions: readonly string[] = []): ArgvError {
  return new ArgvError(`${message}${didYouMean(suggestions)}\n\nUsage:  ${where.useLine}\n\nRun '${where.path} --help' for more information`,
    EXIT_FLAG_ERROR);
}

export function unknownRootCommand(word: string, suggestions: readonly string[]): ArgvError {
  return new ArgvError(`${BIN}: unknown command: ${BIN} ${word}${didYouMean(suggestions)}\n\nRun '${BIN} --help' for more information`, EXIT_USAGE);
}

export function unknownSubcommand(group: GroupDef, word: string, suggestions: readonly string[]): ArgvError {
  const path = `${BIN} ${group.name}`;
  return new ArgvError(`${BIN}: unknown command: ${path} ${word}${didYouMean(suggestions)}\n\nUsage:  ${groupUseLine(group)}\n\nRun '${path} --help' for more information`,
    EXIT_USAGE);
}

export function unknownHelpTopic(words: readonly string[]): ArgvError {
  return new ArgvError(`unknown help topic: ${words.join(' ')}`, EXIT_USAGE);
}

const plural = (n: number): string => (n === 1 ? 'argument' : 'arguments');

/** docker's cli.ExactArgs/RequiresMinArgs/RequiresMaxArgs/RequiresRangeArgs/NoArgs texts; undefined when the count fits. */
export function checkArgCount(spec: ArgsSpec | undefined, count: number, where: UsageContext): ArgvError | undefined {
  const min = spec?.min ?? 0;
  const max = spec ? spec.max : 0;
  if (count >= min && (max === undefined || count <= max)) return undefined;
  const head = `${BIN}: '${where.path}'`;
  const tail = `\n\nUsage:  ${where.useLine}\n\n`;
  const run = `Run '${where.path} --help' for more information`;
  let text: string;
  if (max === 0) text = `${head} accepts no arguments${tail}${run}`;
  else if (min === max) text = `${head} requires ${min} ${plural(min)}${tail}${run}`;
  else if (max === undefined) text = `${head} requires at least ${min} ${plural(min)}${tail}See '${where.path} --help' for more information`;
  else if (min === 0) text = `${head} requires at most ${max} ${plural(max)}${tail}${run}`;
  else text = `${head} requires at least ${min} and at most ${max} ${plural(max)}${tail}${run}`;
  return new ArgvError(text, EXIT_USAGE);
}
