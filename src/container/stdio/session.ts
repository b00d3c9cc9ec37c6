// Starting a container with its stdio wired (run, start -a) and following it in the foreground:
// output through the logger's attach socket (so it is logged too, and keeps being consumed after
// a detach), our signals forwarded, the terminal raw and its size followed with -t.
import type { Socket } from 'node:net';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import type { Container } from '../../containerd/services/containers';
import { dataStorePath } from '../../store/data-store';
import { LABELS } from '../labels';
import { removeContainer, startContainer } from '../lifecycle';
import { parseSignal } from '../signals';
import { stateDirOf } from '../task-state';
import { connectAttachRetry, runAttachment, type AttachEnd, type Attachment } from './attach-client';
import { bundleDirOf, prepareTaskStdio, spawnFifoLogger, type TaskStdio } from './task-stdio';
import { enterRawTerminal, type LocalTerminal } from './terminal';

export interface StdioOptions {
  interactive: boolean;
  tty: boolean;
  /** Do not follow: start and return (run -d). */
  detach: boolean;
  /** Remove the container once it exited (foreground --rm). */
  autoRemove: boolean;
  detachKeys?: readonly number[];
  /** --sig-proxy=false: our signals are not passed on (default: passed on). */
  sigProxy?: boolean;
}

/** Where the container's output goes and what our stdin is. */
export interface LocalStreams {
  out(data: Buffer): void;
  err(data: Buffer): void;
  stdin: NodeJS.ReadableStream;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
// Once the process exited, how long the logger may take to hand over the last output.
const OUTPUT_GRACE_MS = 5000;

/** Starts `ref` with its stdio; returns the attach socket for a follower, undefined when detached or without logger. */
export async function startWithStdio(client: ContainerdClient, globals: GlobalOptions, ref: string, o: StdioOptions): Promise<{ c: Container; socket?: Socket }> {
  const dataStore = dataStorePath(globals);
  let stdio: TaskStdio | undefined;
  let socket: Socket | undefined;
  const connect = async (c: Container, budgetMs: number): Promise<void> => {
    if (o.detach) return;
    socket = await connectAttachRetry(stateDirOf(c, dataStore, globals.namespace), budgetMs).catch(() => undefined);
  };
  const c = await startContainer(client, globals, ref, Date.now, {
    io: (c) => {
      stdio = prepareTaskStdio(stateDirOf(c, dataStore, globals.namespace), c.labels[LABELS.logUri], o);
      return { stdin: stdio.stdin, stdout: stdio.stdout, stderr: stdio.stderr };
    },
    beforeStart: async (c) => {
      if (stdio?.fds) {
        spawnFifoLogger({ fds: stdio.fds, logUri: c.labels[LABELS.logUri]!, namespace: globals.namespace, id: c.id,
          stateDir: stateDirOf(c, dataStore, globals.namespace), bundleDir: bundleDirOf(globals.namespace, c.id) });
      }
      await connect(c, stdio?.spawnLogger ? 5000 : 1000);
    },
  });
  if (!socket) await connect(c, 1000); // already running: attach to it (its logger may open the socket on request)
  return socket ? { c, socket } : { c };
}

function forwardSignals(client: ContainerdClient, id: string): () => void {
  const handlers = FORWARDED.map((name) => {
    const h = (): void => { client.tasks.kill(id, parseSignal(name)).catch(() => undefined); };
    process.on(name, h);
    return [name, h] as const;
  });
  return () => { for (const [name, h] of handlers) process.removeListener(name, h); };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), ms); })]).finally(() => clearTimeout(timer));
}

/**
 * Follows a started container: streams, signals, terminal. Returns its exit status, or
 * 'detached' after the detach keys. With autoRemove, removes it once it exited.
 */
export async function followContainer(client: ContainerdClient, globals: GlobalOptions, c: Container, socket: Socket | undefined,
  o: StdioOptions, local: LocalStreams): Promise<number | 'detached'> {
  const exited = client.tasks.wait(c.id).then((r) => r.exitStatus);
  exited.catch(() => undefined); // awaited below unless the user detaches first
  let attachment: Attachment | undefined;
  let terminal: LocalTerminal | undefined;
  const unforward = o.sigProxy === false ? () => undefined : forwardSignals(client, c.id);
  try {
    if (o.tty) terminal = enterRawTerminal((cols, rows) => { client.tasks.resizePty(c.id, '', cols, rows).catch(() => undefined); });
    if (socket) {
      attachment = runAttachment(socket, {
        out: local.out, err: local.err, removes: o.autoRemove,
        onStdinEnd: () => { if (!o.tty) client.tasks.closeIO(c.id).catch(() => undefined); },
        ...(o.interactive && { stdin: local.stdin }), ...(o.detachKeys && { detachKeys: o.detachKeys }),
      });
    }
    const first = await Promise.race([exited, attachment ? attachment.done.then((e) => (e === 'detached' ? e : undefined)) : new Promise<never>(() => undefined)]);
    if (first === 'detached') return 'detached';
    const status = first ?? await exited;
    attachment?.exited();
    if (attachment) await within<AttachEnd>(attachment.done, OUTPUT_GRACE_MS);
    if (o.autoRemove) await removeContainer(client, globals, c.id, { force: true, volumes: true }).catch(() => undefined);
    return status;
  } finally {
    attachment?.close();
    terminal?.restore();
    unforward();
  }
}
