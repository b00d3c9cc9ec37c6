// start, stop, restart, kill, rm, pause, unpause, wait and rename as the CLI runs them. Commands on
// several containers go on after a failure, report each one on stderr and fail at the end (docker).
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { openClient } from '../../containerd/open';
import { ExitStatus, isNerdtsError } from '../../errors';
import type { Output } from '../../output';
import {
  killContainer, pauseContainer, removeContainer, renameContainer, startContainer, stopContainer, unpauseContainer, waitContainer,
} from '../lifecycle';
import type { StopOptions } from '../lifecycle';

type Action = (client: ContainerdClient, ref: string) => Promise<string | undefined>;

/** Runs `action` on each ref, printing what it returns; one failure alone is rethrown as is. */
async function eachContainer(globals: GlobalOptions, refs: readonly string[], io: Output, action: Action): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  let failed = false;
  for (const ref of refs) {
    try {
      const line = await action(client, ref);
      if (line !== undefined) io.out(`${line}\n`);
    } catch (err) {
      if (!isNerdtsError(err) || refs.length === 1) throw err;
      io.err(`Error: ${err.message}\n`);
      failed = true;
    }
  }
  // Each failure is already reported: exit 1 silently, as docker does.
  if (failed) throw new ExitStatus(1);
}

/** docker start (detached): prints each reference as given. */
export function start(globals: GlobalOptions, o: { containers: string[] }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => { await startContainer(client, globals, ref); return ref; });
}

// -t and -s; the client releases the networks itself (release-claim.ts).
function stopOptionsOf(globals: GlobalOptions, o: { timeoutSeconds?: number; signal?: string }): StopOptions {
  return { ...(o.timeoutSeconds !== undefined && { timeoutSeconds: o.timeoutSeconds }), ...(o.signal && { signal: o.signal }), release: globals };
}

/** docker stop -t. */
export function stop(globals: GlobalOptions, o: { containers: string[]; timeoutSeconds?: number; signal?: string }, io: Output): Promise<void> {
  const options = stopOptionsOf(globals, o);
  return eachContainer(globals, o.containers, io, async (client, ref) => { await stopContainer(client, ref, options); return ref; });
}

/** docker restart: stop (with -t), then start. */
export function restart(globals: GlobalOptions, o: { containers: string[]; timeoutSeconds?: number; signal?: string }, io: Output): Promise<void> {
  const options = stopOptionsOf(globals, o);
  return eachContainer(globals, o.containers, io, async (client, ref) => {
    const c = await stopContainer(client, ref, options);
    await startContainer(client, globals, c.id);
    return ref;
  });
}

/** docker kill -s. */
export function kill(globals: GlobalOptions, o: { containers: string[]; signal: string }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => { await killContainer(client, ref, o.signal); return ref; });
}

/** docker rm -f -v. */
export function rm(globals: GlobalOptions, o: { containers: string[]; force: boolean; volumes: boolean }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => {
    await removeContainer(client, globals, ref, { force: o.force, volumes: o.volumes });
    return ref;
  });
}

export function pause(globals: GlobalOptions, o: { containers: string[] }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => { await pauseContainer(client, ref); return ref; });
}

export function unpause(globals: GlobalOptions, o: { containers: string[] }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => { await unpauseContainer(client, ref); return ref; });
}

/** docker wait: prints each container's exit code once it exits. */
export function wait(globals: GlobalOptions, o: { containers: string[] }, io: Output): Promise<void> {
  return eachContainer(globals, o.containers, io, async (client, ref) => String(await waitContainer(client, ref)));
}

/** docker rename: prints nothing. */
export async function rename(globals: GlobalOptions, o: { container: string; name: string }, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  await renameContainer(client, globals, o.container, o.name);
}
