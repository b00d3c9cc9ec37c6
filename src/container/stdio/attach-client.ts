// The client side of the attach socket: writes the container's output to our stdout/stderr and,
// when asked, sends our stdin (raw in a terminal, with the detach sequence spotted) as frames.
import * as net from 'node:net';
import { DetachScanner } from './detach-keys';
import { FRAME_STDERR, FRAME_STDIN, FRAME_STDIN_CLOSE, FRAME_STDOUT, FrameReader, encodeFrame } from './frames';
import { pokeLogger } from './attach-poke';
import { FRAME_CLIENT_REMOVES, FRAME_EXITED } from './attach-server';
import { attachSocketPath } from './paths';

export type AttachEnd = 'ended' | 'detached';

export interface AttachStreams {
  out(data: Buffer): void;
  err(data: Buffer): void;
  /** Our stdin, when the container's stdin is to be attached. */
  stdin?: NodeJS.ReadableStream;
  /** Detach sequence; empty disables it. */
  detachKeys?: readonly number[];
  /** Tell the logger that this client removes the container (foreground --rm). */
  removes?: boolean;
  /** At our stdin's EOF: the shim keeps its own writer on the stdin FIFO until CloseIO. */
  onStdinEnd?: () => void;
}

export interface Attachment {
  /** Resolves when the logger ends the stream (container gone) or the user detached. */
  done: Promise<AttachEnd>;
  /** Stops reading stdin and disconnects. */
  close(): void;
  /** Tells the logger that containerd reported the exit, so it ends the stream without waiting for its poll. */
  exited(): void;
}

/** Connects once; rejects when nothing listens on the socket. */
export function connectAttach(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(path);
    s.once('connect', () => { s.removeListener('error', reject); resolve(s); });
    s.once('error', reject);
  });
}

// How often a client that still finds no socket asks the logger again (a poke can come before
// the logger catches it: it is then ignored, never fatal).
const POKE_EVERY_MS = 100;

/** Connects to the attach socket of the container whose state directory is `stateDir`, asking its logger to open it, retrying while it starts. */
export async function connectAttachRetry(stateDir: string, budgetMs = 5000, delayMs = 5): Promise<net.Socket> {
  // Short sleeps: the logger starts listening within milliseconds of its ready signal (or of a
  // poke), and a foreground run waits for this connection before it starts the container.
  const path = attachSocketPath(stateDir);
  const deadline = Date.now() + budgetMs;
  let nextPoke = 0;
  for (;;) {
    try {
      return await connectAttach(path);
    } catch (err) {
      const now = Date.now();
      if (now >= deadline) throw err;
      // A logger that is still starting has no lock yet: keep trying until the budget ends.
      if (now >= nextPoke && pokeLogger(stateDir)) nextPoke = now + POKE_EVERY_MS;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** Streams a connected socket to `streams` until the logger ends it or the user detaches. */
export function runAttachment(socket: net.Socket, streams: AttachStreams): Attachment {
  let finish: (end: AttachEnd) => void = () => undefined;
  const done = new Promise<AttachEnd>((resolve) => { finish = resolve; });
  const reader = new FrameReader((kind, payload) => {
    if (kind === FRAME_STDOUT) streams.out(payload);
    else if (kind === FRAME_STDERR) streams.err(payload);
  });
  socket.on('data', (d: Buffer) => reader.push(d));
  socket.on('close', () => finish('ended'));
  socket.on('error', () => undefined);
  if (streams.removes) socket.write(encodeFrame(FRAME_CLIENT_REMOVES, Buffer.alloc(0)));
  const stdin = streams.stdin;
  const scanner = new DetachScanner(streams.detachKeys);
  const onData = (chunk: Buffer): void => {
    const { forward, detach } = scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (forward.length) socket.write(encodeFrame(FRAME_STDIN, forward));
    if (detach) { close(); finish('detached'); }
  };
  const onEnd = (): void => {
    socket.write(encodeFrame(FRAME_STDIN_CLOSE, Buffer.alloc(0)));
    streams.onStdinEnd?.();
  };
  const close = (): void => {
    stdin?.removeListener('data', onData).removeListener('end', onEnd);
    stdin?.pause();
    socket.end();
  };
  stdin?.on('data', onData).on('end', onEnd);
  const exited = (): void => { if (!socket.destroyed) socket.write(encodeFrame(FRAME_EXITED, Buffer.alloc(0))); };
  return { done, close, exited };
}
