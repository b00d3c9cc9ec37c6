// docker attach: follows a running container through its logger's attach socket (its stdin too
// when it was created with -i), until it exits or the user detaches.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { ExitStatus, NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { dataStorePath } from '../../store/data-store';
import { findContainer } from '../lookup';
import { detachKeysOf, processStreams } from '../ops/run';
import { isLive, stateDirOf, taskOf } from '../task-state';
import { connectAttachRetry } from './attach-client';
import { readStdioConfig } from './paths';
import { followContainer, startWithStdio } from './session';

/** How long attach waits for a just-started logger's socket. */
const ATTACH_WAIT_MS = 2000;

export interface AttachOptions {
  container: string;
  /** --no-stdin */
  noStdin: boolean;
  detachKeys?: string;
}

/** docker attach; exits with the container's status unless the user detached. */
export async function attach(globals: GlobalOptions, o: AttachOptions, io: Output): Promise<void> {
  const detachKeys = detachKeysOf(o.detachKeys);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const c = await findContainer(client, o.container);
  if (!isLive(await taskOf(client, c.id))) {
    throw new NerdtsError('failed-precondition', 'You cannot attach to a stopped container, start it first');
  }
  const stateDir = stateDirOf(c, dataStorePath(globals), globals.namespace);
  const config = readStdioConfig(stateDir);
  // Right after `run -d` the logger may still be opening the socket.
  const socket = await connectAttachRetry(stateDir, ATTACH_WAIT_MS).catch((err: unknown) => {
    throw new NerdtsError('unavailable', `container ${c.id} has no attach socket (its logger is not nerdts's)`, { cause: err });
  });
  const status = await followContainer(client, globals, c, socket, {
    interactive: Boolean(config?.interactive) && !o.noStdin, tty: Boolean(config?.tty), detach: false, autoRemove: false, detachKeys,
  }, processStreams());
  if (status !== 'detached' && status !== 0) throw new ExitStatus(status);
}

export interface StartAttachedOptions {
  container: string;
  /** -i: also attach our stdin (the container needs -i as well). */
  interactive: boolean;
  detachKeys?: string;
}

/** docker start -a [-i]: starts the container and follows it like a foreground run. */
export async function startAttached(globals: GlobalOptions, o: StartAttachedOptions, io: Output): Promise<void> {
  const detachKeys = detachKeysOf(o.detachKeys);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const found = await findContainer(client, o.container);
  const config = readStdioConfig(stateDirOf(found, dataStorePath(globals), globals.namespace));
  const stdio = {
    interactive: o.interactive && Boolean(config?.interactive), tty: Boolean(config?.tty), detach: false, autoRemove: false, detachKeys,
  };
  // A -i container's stdin stays open even when ours is not attached (docker), for a later attach.
  const { c, socket } = await startWithStdio(client, globals, found.id, { ...stdio, interactive: Boolean(config?.interactive) });
  const status = await followContainer(client, globals, c, socket, stdio, processStreams());
  if (status !== 'detached' && status !== 0) throw new ExitStatus(status);
}
