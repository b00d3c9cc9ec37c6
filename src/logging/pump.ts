// The logger's plumbing: reads the container's stdout (fd 3) and stderr (fd 4), signals readiness
// by closing fd 5, and ends on EOF of both, on the container's exit, or on SIGTERM. Each stream is a
// net.Socket in `onread` mode with one reused buffer, and entries are written synchronously, so
// memory stays flat whatever the volume (see node-perf.md §4.1).
import type { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { StreamIndex } from './json-entry';
import { LineSplitter } from './splitter';

/** Where entries go: the json-file writer, or nothing for driver "none". */
export interface EntrySink {
  entry(stream: StreamIndex, src: Buffer, start: number, end: number, newline: boolean): void;
  flush(): void;
}

export type PumpEnd = 'eof' | 'exited' | 'sigterm';

export interface PumpOptions {
  /** stdout and stderr descriptors (3 and 4 under the shim). */
  fds: readonly [number, number];
  /** Closed once reading has begun (5 under the shim); undefined to skip. */
  readyFd?: number;
  /** undefined: drain and discard. */
  sink: EntrySink | undefined;
  /** After SIGTERM, how long to keep reading for EOF before giving up. */
  termGraceMs?: number;
  /** Where SIGTERM arrives (process by default). */
  signals?: EventEmitter;
  /** Starts a watch that calls back when the container's init has exited (see task-watch.ts). */
  watchExit?: (onExit: () => void) => { stop(): void };
  /**
   * After the exit is seen, how long EOF may take before what the pipes hold is drained and the
   * pump ends (0: at once, for pipes the shim keeps open). FIFOs need it: the shim copies the last
   * output into them after the exit is reported, and closes them after.
   */
  exitGraceMs?: number;
  /** Sees every raw read before line splitting (the attach socket); the buffer is reused. */
  tap?: (stream: StreamIndex, buf: Buffer, n: number) => void;
}

const READ_BYTES = 64 * 1024;

class Input {
  ended = false;
  private readonly socket: net.Socket | undefined;
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private readonly splitter: LineSplitter | undefined;

  constructor(private readonly fd: number, private readonly index: StreamIndex, private readonly sink: EntrySink | undefined,
    private readonly onEnd: () => void, private readonly tap?: PumpOptions['tap']) {
    if (sink) this.splitter = new LineSplitter((src, s, e, nl) => sink.entry(index, src, s, e, nl));
    try {
      // `onread` (one reused buffer, no 'data' Buffers) is supported since Node 12 but missing
      // from @types/node's constructor options.
      const options: net.SocketConstructorOpts & { onread: net.OnReadOpts } = {
        fd, readable: true, writable: false,
        onread: { buffer: this.buffer, callback: (n: number) => { this.take(n); return true; } },
      };
      this.socket = new net.Socket(options);
    } catch {
      // Not an open pipe: nothing will ever arrive on it (and in the relay the descriptor is ours to close).
      try { fs.closeSync(fd); } catch { /* not open at all */ }
      this.ended = true;
      return;
    }
    const end = (): void => this.end();
    this.socket.on('end', end).on('error', end).on('close', end);
  }

  private take(n: number): void {
    this.tap?.(this.index, this.buffer, n);
    if (!this.splitter) return;
    this.splitter.push(this.buffer, n);
    this.sink!.flush();
  }

  /** Reads what the pipe holds right now (it is non-blocking), then ends the stream. */
  drain(): void {
    if (this.ended || !this.socket) return;
    this.socket.pause();
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      } catch {
        break;
      }
      if (n <= 0) break;
      this.take(n);
    }
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.splitter?.flush();
    this.sink?.flush();
    this.onEnd();
  }

  close(): void {
    this.socket?.destroy();
  }
}

// O_ACCMODE of an open descriptor, from /proc (0 read-only, 1 write-only, 2 read-write).
function accessMode(fd: number): number {
  const info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1');
  return parseInt(/^flags:\s*([0-7]+)/m.exec(info)?.[1] ?? '2', 8) & 3;
}

/**
 * Closes the ready pipe. Node marks inherited descriptors close-on-exec, so that flag cannot tell
 * ours from libuv's own pipes; the shim's layout can: read-only stream ends on the two stream fds
 * and the write end of a pipe on the ready fd (libuv creates its pipes as read/write pairs).
 */
export function closeReadyFd(fd: number, streamFds: readonly number[]): void {
  try {
    if (!fs.fstatSync(fd).isFIFO() || accessMode(fd) !== 1) return;
    if (streamFds.some((s) => accessMode(s) !== 0)) return;
    fs.closeSync(fd);
  } catch { /* not open: nothing to signal */ }
}

/** Copies both streams into `sink` until they end; resolves with the reason. */
export function pumpStreams(opts: PumpOptions): Promise<PumpEnd> {
  const signals = opts.signals ?? process;
  return new Promise((resolve) => {
    let done = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let exitTimer: NodeJS.Timeout | undefined;
    let watch: { stop(): void } | undefined;
    const finish = (reason: PumpEnd): void => {
      if (done) return;
      done = true;
      for (const input of inputs) input.close();
      signals.removeListener('SIGTERM', onTerm);
      if (graceTimer) clearTimeout(graceTimer);
      if (exitTimer) clearTimeout(exitTimer);
      watch?.stop();
      resolve(reason);
    };
    // Set while draining for another reason, so the ends that draining causes keep that reason.
    let cause: PumpEnd | undefined;
    const onEnd = (): void => {
      if (inputs.length === 2 && inputs.every((i) => i.ended)) finish(cause ?? 'eof');
    };
    const drainAndFinish = (reason: PumpEnd): void => {
      cause = reason;
      for (const input of inputs) input.drain();
      for (const input of inputs) input.end();
      finish(reason);
    };
    const onTerm = (): void => {
      if (graceTimer || done) return;
      graceTimer = setTimeout(() => drainAndFinish('sigterm'), opts.termGraceMs ?? 2000);
    };
    const inputs: Input[] = [];
    inputs.push(new Input(opts.fds[0], 0, opts.sink, onEnd, opts.tap), new Input(opts.fds[1], 1, opts.sink, onEnd, opts.tap));
    signals.on('SIGTERM', onTerm);
    if (opts.readyFd !== undefined) closeReadyFd(opts.readyFd, opts.fds);
    onEnd();
    // The exit is the reason even when EOF then ends the pump within the grace.
    const onExit = (): void => {
      if (done) return;
      cause = 'exited';
      if (!opts.exitGraceMs) drainAndFinish('exited');
      else exitTimer ??= setTimeout(() => drainAndFinish('exited'), opts.exitGraceMs);
    };
    if (!done && opts.watchExit) watch = opts.watchExit(onExit);
  });
}
