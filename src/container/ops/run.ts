// `create` and `run -d` as the CLI runs them: connect, pull when needed (progress on stderr),
// create, start, print the full ID. docker exits 125 when run/create itself fails, 126/127 when
// the container's command cannot be run.
import { existsSync, writeFileSync } from 'node:fs';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError, isNerdtsError } from '../../errors';
import { progressFor } from '../../image/ops/pull';
import type { Output } from '../../output';
import type { CreateOptions } from '../create-options';
import { createContainer } from '../create';
import { startContainer } from '../lifecycle';

/** What the CLI gathers for create and run: the create options plus the command's own flags. */
export interface CreateCommandOptions {
  create: Omit<CreateOptions, 'progress' | 'onPull' | 'signal'>;
  /** -q: no pull progress. */
  quiet: boolean;
  /** --cidfile */
  cidfile?: string;
}

export interface RunCommandOptions extends CreateCommandOptions {
  /** -d; without it run needs attach, which does not exist yet. */
  detach: boolean;
}

/** Rethrows with docker's exit code for a failed run/create (125 unless given). */
function withExitCode(err: unknown, exitCode: number): never {
  if (!isNerdtsError(err) || err.exitCode !== undefined) throw err;
  throw new NerdtsError(err.code, err.message, { exitCode, cause: err, ...(err.hint !== undefined && { hint: err.hint }) });
}

/** docker's codes when the command cannot be started: 127 not found, 126 not executable. */
function startExitCode(err: unknown): number {
  const text = err instanceof Error ? err.message : String(err);
  if (/executable file not found|no such file or directory/i.test(text)) return 127;
  if (/permission denied/i.test(text)) return 126;
  return 125;
}

function checkCidfile(path: string | undefined, exists: (p: string) => boolean): void {
  if (path && exists(path)) {
    throw new NerdtsError('already-exists', `Container ID file found, make sure the other container isn't running or delete ${path}`, { exitCode: 125 });
  }
}

async function createWith(globals: GlobalOptions, o: CreateCommandOptions, io: Output): Promise<{ id: string; client: Awaited<ReturnType<typeof openClient>> }> {
  checkCidfile(o.cidfile, existsSync);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const progress = progressFor(o.quiet, io.stderrIsTTY, (t) => io.err(t), io.columns);
  try {
    const created = await createContainer(client, globals, {
      ...o.create, progress,
      onPull: (ref) => { if (!o.quiet) io.err(`Unable to find image '${ref}' locally\n`); },
    });
    for (const w of created.warnings) io.err(`WARNING: ${w}\n`);
    if (o.cidfile) writeFileSync(o.cidfile, created.id, { flag: 'wx', mode: 0o644 });
    return { id: created.id, client };
  } catch (err) {
    return withExitCode(err, 125);
  }
}

/** docker create: prints the new container's full ID. */
export async function create(globals: GlobalOptions, o: CreateCommandOptions, io: Output): Promise<void> {
  const { id } = await createWith(globals, o, io);
  io.out(`${id}\n`);
}

/** docker run -d: create, start, print the full ID. */
export async function run(globals: GlobalOptions, o: RunCommandOptions, io: Output): Promise<void> {
  if (!o.detach) {
    throw new NerdtsError('unimplemented', 'running attached to the container is not supported yet', { hint: 'use -d', exitCode: 125 });
  }
  if (o.create.autoRemove) {
    throw new NerdtsError('invalid-argument', 'flag -d and --rm cannot be specified together', { exitCode: 125 });
  }
  const { id, client } = await createWith(globals, o, io);
  try {
    await startContainer(client, globals, id);
  } catch (err) {
    withExitCode(err, startExitCode(err));
  }
  io.out(`${id}\n`);
}
