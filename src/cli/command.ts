// How a command is declared: one object holding its names, help text, flag table, positional
// arguments and a run function whose options type is inferred from the flag table.
import type { GlobalOptions } from '../config';
import type { CompletionSource, FlagsSpec, FlagValues } from './flags';
import type { LoadChunk } from './chunks';

export type { CompletionKind, CompletionSource, FlagsSpec, FlagSpec, FlagValues } from './flags';

/** Positional arguments: counts for validation, names for help, kinds for completion. */
export interface ArgsSpec {
  min?: number;
  /** Omit for "any number". */
  max?: number;
  /** Completion for every position: a provider kind or a fixed list. */
  complete?: CompletionSource;
  /** Completion per position instead (`cp`: containers, then files); the last entry repeats. */
  completePositions?: readonly CompletionSource[];
}

/** Output side of the process, written synchronously (fs.writeSync) so short commands exit fast. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal. */
  readonly isTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Terminal width, 80 when stdout is not a terminal. */
  readonly columns: number;
}

export interface CommandContext<F extends FlagsSpec = FlagsSpec, G extends FlagsSpec = FlagsSpec> {
  flags: FlagValues<F>;
  /** Values of the parent group's flags (e.g. compose's -f/-p). */
  groupFlags: FlagValues<G>;
  args: string[];
  globals: GlobalOptions;
  io: CommandIO;
  loadChunk: LoadChunk;
  env: Readonly<Record<string, string | undefined>>;
  /** The command as invoked, for messages: `nerdts image ls` or `nerdts images`. */
  commandPath: string;
}

export interface GroupDef<G extends FlagsSpec = FlagsSpec> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly description?: string;
  /** Flags of the group itself, accepted before or after the subcommand. */
  readonly flags?: G;
  readonly hidden?: boolean;
}

export interface CommandSpec<F extends FlagsSpec, G extends FlagsSpec> {
  name: string;
  /** Management group this command lives in (`image` for `image ls`); none for top-level commands. */
  group?: GroupDef<G>;
  /** Other names inside the group (`list` for `image ls`), or top level when there is no group. */
  aliases?: readonly string[];
  /** Top-level names for a grouped command (`images` for `image ls`, `rmi` for `image rm`). */
  shortcuts?: readonly string[];
  summary: string;
  /** Longer text for `--help`; the summary is used when absent. */
  description?: string;
  /** What follows the command path in the usage line, e.g. `[OPTIONS] [REPOSITORY[:TAG]]`. */
  usage?: string;
  examples?: string;
  flags?: F;
  args?: ArgsSpec;
  /** run/exec: everything after the first positional belongs to the container's command. */
  stopAtFirstPositional?: boolean;
  hidden?: boolean;
  /** Rank in the root help's "Common Commands" section. */
  common?: number;
  run(ctx: CommandContext<F, G>): Promise<void> | void;
}

/** A registered command with its types erased. */
export interface Command extends Omit<CommandSpec<FlagsSpec, FlagsSpec>, 'run' | 'flags'> {
  readonly flags: FlagsSpec;
  run(ctx: CommandContext): Promise<void> | void;
}

/** Declares a command; the options type of `run` is inferred from `flags`. */
export function defineCommand<const F extends FlagsSpec = {}, G extends FlagsSpec = {}>(spec: CommandSpec<F, G>): Command {
  // Reuses the literal (no copy): this runs for every command at every start.
  if (!spec.flags) (spec as { flags?: F }).flags = {} as F;
  return spec as unknown as Command;
}

/** Declares a management group (`image`, `container`, `namespace` alias `ns`). */
export function defineGroup<const G extends FlagsSpec = {}>(group: GroupDef<G>): GroupDef<G> {
  return group;
}
