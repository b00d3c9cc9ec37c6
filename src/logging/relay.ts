// The log relay: one Node process logging many containers. Every binary:// logger containerd's
// shim starts is a Node process of its own otherwise (~50 ms of CPU and a few MB each), which is
// most of what a burst of starts (compose up) spends outside runc. The shim still gets a process
// per container: bin/nerdts sources bin/log-stub.sh, a /bin/sh stub that sends this relay one
// line, "log <pid> <ns> <id> <dataStore> <bundle>", over the `requests` FIFO and then waits. The
// relay opens the stub's pipes through /proc/<pid>/fd/{3,4} (new descriptions of the same pipes),
// runs the usual per-container logger on them (chunk.ts's logContainer, with the lock naming the
// stub), writes the ready byte into /proc/<pid>/fd/5 and sends SIGUSR1 ("served"). The stub
// forwards attach pokes (SIGUSR2) and the shim's SIGTERM as "poke <pid>" / "term <pid>" lines;
// the relay SIGKILLs the stub when the container's logging has ended, so the lock reads as today.
// A request the relay cannot take gets SIGHUP and the stub execs the per-container logger; a stub
// whose relay dies sees EOF on the `hold` FIFO and does the same (or exits, if it was served).
// The relay gives its role up after ten quiet minutes; the next stub starts a new one.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AttachPokes } from '../container/stdio/attach-poke';
import { logContainer } from './chunk';
import { trimHeapPeriodically } from './heap-trim';
import { processStart } from './lock';
import { claimRelay, relayFiles, releaseRelay, type RelayFiles } from './relay-files';

// How long the relay stays without containers before it gives up its role and exits: the next
// start after that pays for a new relay and one logger of its own (~100 ms of CPU).
const IDLE_EXIT_MS = 10 * 60_000;
// After giving the role up, requests from stubs that read the old record still arrive this long.
const RETIRE_GRACE_MS = 500;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type RelayMessage =
  | { kind: 'log'; pid: number; namespace: string; id: string; dataStore: string; bundleDir: string }
  | { kind: 'poke' | 'term'; pid: number };

/** One tab-separated line from a stub; undefined for anything else. */
export function parseRelayMessage(line: string): RelayMessage | undefined {
  const f = line.split('\t');
  const pid = Number(f[1]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if ((f[0] === 'poke' || f[0] === 'term') && f.length === 2) return { kind: f[0], pid };
  if (f[0] !== 'log' || f.length !== 6 || f.slice(2).some((x) => !x)) return undefined;
  return { kind: 'log', pid, namespace: f[2]!, id: f[3]!, dataStore: f[4]!, bundleDir: f[5]! };
}

/** Attach requests forwarded by a stub (the per-process logger catches SIGUSR2 instead). */
class ForwardedPokes implements AttachPokes {
  private requested = false;
  private listen: (() => void) | undefined;

  onRequest(listen: () => void): void {
    this.listen = listen;
    if (this.requested) listen();
  }

  poke(): void {
    this.requested = true;
    this.listen?.();
  }
}

interface Served {
  pokes: ForwardedPokes;
  signals: EventEmitter;
}

/** Runs the relay until it has been idle for a while; returns at once when another relay runs. */
export async function runRelay(files: RelayFiles = relayFiles()): Promise<void> {
  process.title = 'nerdts-relay';
  process.chdir('/');
  process.env.PATH ||= DEFAULT_PATH;
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  makeFifos(files);
  if (!claimRelay(files)) return;
  fs.rmSync(files.launch, { force: true });
  // Never closed: the kernel closes it when this process ends, and the waiting stubs see EOF.
  fs.openSync(files.hold, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  // One container's failure must not end the others' logging.
  process.on('uncaughtException', () => undefined);
  process.on('unhandledRejection', () => undefined);
  trimHeapPeriodically();
  await new Relay(files).run();
}

function makeFifos(files: RelayFiles): void {
  const missing = [files.requests, files.hold].filter((f) => !fs.existsSync(f));
  if (missing.length === 0) return;
  // Node has no mkfifo(3); this runs once per boot (the FIFOs stay in /run).
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  for (const f of missing) {
    try { execFileSync('mkfifo', ['-m', '600', f], { stdio: 'ignore' }); } catch { /* another relay made it */ }
  }
}

class Relay {
  private readonly served = new Map<number, Served>();
  private idleTimer: NodeJS.Timeout | undefined;
  private pending = '';
  private finished: (() => void) | undefined;

  constructor(private readonly files: RelayFiles) {}

  run(): Promise<void> {
    const fd = fs.openSync(this.files.requests, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    const socket = new net.Socket({ fd, readable: true, writable: false });
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.take(text));
    this.scheduleRetirement();
    return new Promise((resolve) => {
      this.finished = () => { socket.destroy(); resolve(); };
    });
  }

  private take(text: string): void {
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const msg = parseRelayMessage(this.pending.slice(0, nl));
      this.pending = this.pending.slice(nl + 1);
      if (msg) this.handle(msg);
    }
  }

  private handle(msg: RelayMessage): void {
    if (msg.kind === 'log') this.serve(msg);
    else if (msg.kind === 'poke') this.served.get(msg.pid)?.pokes.poke();
    else this.served.get(msg.pid)?.signals.emit('SIGTERM');
  }

  private serve(msg: Extract<RelayMessage, { kind: 'log' }>): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const start = stubStart(msg.pid);
    if (start === undefined || this.served.has(msg.pid)) return;
    let fds: [number, number];
    try {
      fds = [openStubFd(msg.pid, 3, fs.constants.O_RDONLY), openStubFd(msg.pid, 4, fs.constants.O_RDONLY)];
    } catch {
      signalStub(msg.pid, start, 'SIGHUP');
      return;
    }
    const entry: Served = { pokes: new ForwardedPokes(), signals: new EventEmitter() };
    this.served.set(msg.pid, entry);
    let ready = false;
    void logContainer({
      dataStore: msg.dataStore, namespace: msg.namespace, id: msg.id, bundleDir: msg.bundleDir, fds, pid: msg.pid,
      pokes: entry.pokes, signals: entry.signals, fifo: false,
      ready: () => {
        ready = true;
        signalReady(msg.pid);
        signalStub(msg.pid, start, 'SIGUSR1');
      },
    }).catch(() => undefined).finally(() => {
      this.served.delete(msg.pid);
      // Not ready yet: the stub runs the per-container logger, which reports the problem its way.
      signalStub(msg.pid, start, ready ? 'SIGKILL' : 'SIGHUP');
      this.scheduleRetirement();
    });
  }

  private scheduleRetirement(): void {
    if (this.served.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => void this.retire(), IDLE_EXIT_MS);
  }

  private async retire(): Promise<void> {
    this.idleTimer = undefined;
    releaseRelay(this.files);
    await new Promise((r) => setTimeout(r, RETIRE_GRACE_MS));
    if (this.served.size > 0) {
      // A request raced the release: keep serving (as the relay again if no other took the role).
      claimRelay(this.files);
      return;
    }
    this.finished?.();
  }
}

// The stub's start time while `pid` is still the stub (not the per-container logger it became).
function stubStart(pid: number): string | undefined {
  try {
    if (fs.readlinkSync(`/proc/${pid}/exe`) === process.execPath) return undefined;
  } catch {
    return undefined;
  }
  return processStart(pid)?.start;
}

function openStubFd(pid: number, fd: number, flags: number): number {
  const opened = fs.openSync(`/proc/${pid}/fd/${fd}`, flags | fs.constants.O_NONBLOCK);
  if (!fs.fstatSync(opened).isFIFO()) {
    fs.closeSync(opened);
    throw new Error(`fd ${fd} of ${pid} is not a pipe`);
  }
  return opened;
}

// The shim reads one byte (or EOF) from the ready pipe; the stub keeps its end open, so a byte.
function signalReady(pid: number): void {
  try {
    const fd = openStubFd(pid, 5, fs.constants.O_WRONLY);
    try { fs.writeSync(fd, 'r'); } finally { fs.closeSync(fd); }
  } catch { /* the stub is gone: so is the task's creation */ }
}

function signalStub(pid: number, start: string, signal: NodeJS.Signals): void {
  if (processStart(pid)?.start !== start) return;
  try { process.kill(pid, signal); } catch { /* already gone */ }
}
