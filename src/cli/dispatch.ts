// argv -> the command's run function. Special process modes are routed first (the per-container
// logger and the shell-completion callback); everything else goes through the parser. Errors are
// thrown to main.ts, which alone prints them and exits.
import type { Env, GlobalFlagValues, ReadTextFile } from '../config';
import { resolveGlobals } from '../config';
import { parseArgv } from './argv';
import type { LoadChunk } from './chunks';
import type { Command, CommandContext, CommandIO } from './command';
import { commands } from './commands/index';
import { complete } from './complete';
import { camelName, materialize, type RawValue } from './flags';
import { renderHelp } from './help';
import { buildRegistry, type Registry } from './registry';
import { ArgvError, EXIT_FLAG_ERROR } from './usage';
import { versionLine } from './version-report';

/** argv[1] of the log driver that containerd's shim starts (nerdctl's magic word, kept for interop). */
export const LOGGER_ARGV = '_NERDCTL_INTERNAL_LOGGING';
/** Hidden command the completion scripts call. */
export const COMPLETE_ARGV = '__complete';

export interface DispatchDeps {
  env: Env;
  io: CommandIO;
  readFile: ReadTextFile;
  exists: (path: string) => boolean;
  loadChunk: LoadChunk;
  /** Defaults to every command in commands/index.ts. */
  registry?: Registry;
}

/** What main.ts needs to report an error well; filled in as soon as it is known. */
export interface DispatchState { debug: boolean; commandPath?: string }

/** Runs one invocation; resolves to the exit code, throws what the command threw. */
export async function dispatch(argv: readonly string[], deps: DispatchDeps, state: DispatchState): Promise<number> {
  if (argv[0] === LOGGER_ARGV && argv.length === 2) {
    await deps.loadChunk('logging').runLogger(argv, deps.env);
    return 0;
  }
  const registry = deps.registry ?? buildRegistry(commands);
  if (argv[0] === COMPLETE_ARGV) return completeWords(argv.slice(1), registry, deps);
  const inv = parseArgv(argv, registry);
  if (inv.flags.global.get('debug') === true) state.debug = true;
  if (inv.kind === 'version') { deps.io.out(versionLine()); return 0; }
  if (inv.kind === 'help') {
    const text = renderHelp(inv.target, registry, deps.io.columns);
    if (inv.toStderr) deps.io.err(text); else deps.io.out(text);
    return 0;
  }
  state.commandPath = inv.path;
  const globals = resolveGlobals(globalFlagValues(inv.flags.global), deps.env, deps.readFile, deps.exists);
  state.debug = globals.debug;
  const ctx: CommandContext = {
    flags: typedFlags(inv.command.flags, inv.flags.command, deps.env),
    groupFlags: typedFlags(inv.command.group?.flags ?? {}, inv.flags.group, deps.env),
    args: inv.args,
    globals,
    io: deps.io,
    loadChunk: deps.loadChunk,
    env: deps.env,
    commandPath: inv.path,
  };
  await inv.command.run(ctx);
  return 0;
}

function typedFlags(specs: Command['flags'], given: ReadonlyMap<string, RawValue>, env: Env): CommandContext['flags'] {
  return materialize(specs, given, env, (long, variable, reason) =>
    new ArgvError(`invalid value "${env[variable]}" in environment variable ${variable} for "--${long}" flag: ${reason}`, EXIT_FLAG_ERROR)) as CommandContext['flags'];
}

function globalFlagValues(given: ReadonlyMap<string, RawValue>): GlobalFlagValues {
  return Object.fromEntries([...given].map(([long, v]) => [camelName(long), v])) as GlobalFlagValues;
}

async function completeWords(words: readonly string[], registry: Registry, deps: DispatchDeps): Promise<number> {
  const result = await complete(words.length ? words : [''], {
    registry,
    context: (given) => ({
      globals: resolveGlobals(given as GlobalFlagValues, deps.env, deps.readFile, deps.exists),
      loadChunk: deps.loadChunk,
      env: deps.env,
    }),
  });
  const lines = [...result.candidates, ...(result.shell ? [`:${result.shell}`] : [])];
  if (lines.length) deps.io.out(`${lines.join('\n')}\n`);
  return 0;
}
