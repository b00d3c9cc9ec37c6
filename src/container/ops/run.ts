// `create` and `run -d` as the CLI runs them: connect, pull when needed (progress on stderr),
// create, start, print the full ID. docker exits 125 when run/create itself fails, 126/127 when
// the container's command cannot be run.
import { existsSync, writeFileSync } from 'node:fs';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { ExitStatus, NerdtsError, isNerdtsError } from '../../errors';
import { progressFor } from '../../image/ops/pull';
import type { ProgressSink } from '../../image/progress';
import type { Output } from '../../output';
import type { CreateOptions } from '../create-options';
import { createContainer } from '../create';
import { removeContainer } from '../lifecycle';
import { recordStdio } from '../stdio/config';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../stdio/detach-keys';
import { followContainer, startWithStdio, type LocalStreams } from '../stdio/session';
import { requireTerminalInput } from '../stdio/terminal';

/** What the CLI gathers for create and run: the create options plus the command's own flags. */
export interface CreateCommandOptions {
  create: Omit<CreateOptions, 'progress' | 'onPull' | 'signal'>;
  /** -q: no pull progress. */
  quiet: boolean;
  /** --cidfile */
  cidfile?: string;
}

export interface RunCommandOptions extends CreateCommandOptions {
  /** -d: print the ID instead of following the container. */
  detach: boolean;
  /** --detach-keys (docker's syntax); default ctrl-p,ctrl-q. */
  detachKeys?: string;
  /** --sig-proxy (default true): pass our signals on to the container. */
  sigProxy?: boolean;
}

/** The process's own streams, for a container followed in the foreground. */
export function processStreams(): LocalStreams {
  return {
    out: (b) => { process.stdout.write(b); },
    err: (b) => { process.stderr.write(b); },
    stdin: process.stdin,
  };
}

/** --detach-keys as key codes; docker's error for a bad one. */
export function detachKeysOf(spec: string | undefined): number[] {
  if (spec === undefined) return DEFAULT_DETACH_KEYS;
  try {
    return spec === '' ? [] : parseDetachKeys(spec);
  } catch (err) {
    throw new NerdtsError('invalid-argument', (err as Error).message, { exitCode: 125 });
  }
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

/** Progress made on its first update: a terminal's table redraws on a timer from birth, which a local image never stops. */
function lazyProgress(make: () => ProgressSink): ProgressSink {
  let sink: ProgressSink | undefined;
  return {
    update(name, status, offset, total) { (sink ??= make()).update(name, status, offset, total); },
    finish(ok) { sink?.finish(ok); },
  };
}

function checkCidfile(path: string | undefined, exists: (p: string) => boolean): void {
  if (path && exists(path)) {
    throw new NerdtsError('already-exists', `Container ID file found, make sure the other container isn't running or delete ${path}`, { exitCode: 125 });
  }
}

async function createWith(globals: GlobalOptions, o: CreateCommandOptions, io: Output, detached = false): Promise<{ id: string; client: Awaited<ReturnType<typeof openClient>> }> {
  checkCidfile(o.cidfile, existsSync);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const progress = lazyProgress(() => progressFor(o.quiet, io.stderrIsTTY, (t) => io.err(t), io.columns));
  try {
    const created = await createContainer(client, globals, {
      ...o.create, progress, ...(o.cidfile && { cidfile: o.cidfile }),
      onPull: (ref) => { if (!o.quiet) io.err(`Unable to find image '${ref}' locally\n`); },
    });
    for (const w of created.warnings) io.err(`WARNING: ${w}\n`);
    recordStdio(globals, created.id, { ...o.create, detached });
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

/** docker run: create and start; -d prints the ID, else follows the container and exits with its status. */
export async function run(globals: GlobalOptions, o: RunCommandOptions, io: Output): Promise<void> {
  const detachKeys = detachKeysOf(o.detachKeys);
  requireTerminalInput({ interactive: Boolean(o.create.interactive), tty: Boolean(o.create.tty), detach: o.detach });
  const { id, client } = await createWith(globals, o, io, o.detach);
  const stdio = {
    interactive: Boolean(o.create.interactive), tty: Boolean(o.create.tty), detach: o.detach,
    autoRemove: Boolean(o.create.autoRemove) && !o.detach, detachKeys, sigProxy: o.sigProxy !== false,
  };
  let started: Awaited<ReturnType<typeof startWithStdio>>;
  try {
    started = await startWithStdio(client, globals, id, stdio);
  } catch (err) {
    if (o.create.autoRemove) await removeContainer(client, globals, id, { force: true, volumes: true }).catch(() => undefined);
    return withExitCode(err, startExitCode(err));
  }
  if (o.detach) {
    io.out(`${id}\n`);
    return;
  }
  const status = await followContainer(client, globals, started.c, started.socket, stdio, processStreams());
  if (status !== 'detached' && status !== 0) throw new ExitStatus(status);
}
