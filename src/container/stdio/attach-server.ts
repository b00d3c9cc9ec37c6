// The logger's side of attach: a unix socket that fans the container's raw stdout/stderr out to
// attached clients and relays their input into the stdin FIFO. The logger holds that FIFO open for
// the container's lifetime, so a client that detaches never closes the container's stdin (in a
// terminal, the shim would tear the console down at that EOF).
import * as fs from 'node:fs';
import * as net from 'node:net';
import { dirname } from 'node:path';
import { FRAME_STDERR, FRAME_STDIN, FRAME_STDIN_CLOSE, FRAME_STDOUT, FrameReader, encodeFrame } from './frames';
import type { AttachPokes } from './attach-poke';
import { attachSocketPath, stdinFifoPath, type StdioConfig } from './paths';

/** A client frame: this client removes the container itself (foreground `run --rm`). */
export const FRAME_CLIENT_REMOVES = 4;
/** A client frame: containerd reported the process exited (the logger checks now, not at its next poll). */
export const FRAME_EXITED = 5;

// A client that falls this far behind is dropped rather than letting the logger's memory grow.
const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;

export interface AttachServer {
  /** Called by the pump with each raw read (stream 0 stdout, 1 stderr); the buffer is reused. */
  tap(stream: number, buf: Buffer, n: number): void;
  /** True while a connected client has said it removes the container itself. */
  clientRemoves(): boolean;
  /** Ends every client (after the last output) and removes the socket. */
  close(): void;
}

interface Client { socket: net.Socket; removes: boolean }

function openStdin(stateDir: string, config: StdioConfig | undefined): net.Socket | undefined {
  if (!config?.interactive) return undefined;
  try {
    // O_RDWR never blocks on a FIFO, and keeps a writer alive when no client is attached.
    const fd = fs.openSync(stdinFifoPath(stateDir), fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    const sock = new net.Socket({ fd, readable: false, writable: true });
    sock.on('error', () => undefined);
    return sock;
  } catch {
    return undefined;
  }
}

/**
 * The container's attach socket: listened on at once (`pokes` undefined: a foreground client
 * connects right away) or at the first client's request. Undefined when the socket directory
 * cannot be made (attach then finds nothing).
 */
export function startAttachServer(stateDir: string, config: StdioConfig | undefined, socketPath = attachSocketPath(stateDir),
  onExitHint?: () => void, pokes?: AttachPokes): AttachServer | undefined {
  const clients = new Set<Client>();
  let stdin = openStdin(stateDir, config);
  // Only closing the descriptor (not a shutdown) gives the shim EOF; let queued input go first.
  const closeStdin = (): void => {
    const s = stdin;
    stdin = undefined;
    if (!s || s.writableLength === 0) s?.destroy();
    else s.once('drain', () => s.destroy());
  };
  const onFrame = (kind: number, payload: Buffer, client: Client): void => {
    if (kind === FRAME_STDIN) stdin?.write(Buffer.from(payload));
    else if (kind === FRAME_CLIENT_REMOVES) client.removes = true;
    else if (kind === FRAME_EXITED) onExitHint?.();
    else if (kind === FRAME_STDIN_CLOSE && !config?.tty) closeStdin();
  };
  try {
    fs.mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
    // A stale socket would refuse connections instead of prompting a poke.
    fs.rmSync(socketPath, { force: true });
  } catch {
    stdin?.destroy();
    return undefined;
  }
  let server: net.Server | undefined;
  let closed = false;
  const listen = (): void => {
    if (server || closed) return;
    server = net.createServer((socket) => {
      const client: Client = { socket, removes: false };
      clients.add(client);
      const reader = new FrameReader((kind, payload) => onFrame(kind, payload, client));
      socket.on('data', (d) => reader.push(d));
      socket.on('error', () => socket.destroy());
      socket.on('close', () => clients.delete(client));
    });
    server.on('error', () => undefined);
    server.listen(socketPath);
  };
  if (pokes) pokes.onRequest(listen);
  else listen();
  return {
    tap(stream, buf, n) {
      if (clients.size === 0 || n <= 0) return;
      const frame = encodeFrame(stream === 0 ? FRAME_STDOUT : FRAME_STDERR, buf, 0, n);
      for (const c of clients) {
        if (c.socket.writableLength > MAX_CLIENT_BACKLOG) c.socket.destroy();
        else c.socket.write(frame);
      }
    },
    clientRemoves: () => [...clients].some((c) => c.removes),
    close() {
      closed = true;
      server?.close();
      try { fs.rmSync(socketPath, { force: true }); } catch { /* already gone */ }
      for (const c of clients) c.socket.end();
      stdin?.destroy();
    },
  };
}
