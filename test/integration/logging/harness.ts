// Starts the bundled logger exactly as containerd's shim does: real pipes (FIFOs here, since Node
// has no pipe()) on fds 3 (stdout), 4 (stderr) and 5 (ready), `_NERDCTL_INTERNAL_LOGGING
// <dataStore>` as argv, CONTAINER_ID / CONTAINER_NAMESPACE as the only environment.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

let bundled: string | undefined;

/** Bundles logger-entry (as transpiled into the test build) into one minified CJS file, once. */
export function loggerBundle(): string {
  if (bundled) return bundled;
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-logger-bundle-')), 'logger.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'logger-entry.js')], outfile: out, bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', minify: true, logLevel: 'warning',
  });
  bundled = out;
  return out;
}

export interface Container {
  dataStore: string;
  namespace: string;
  id: string;
  stateDir: string;
  logPath: string;
}

/** A data store with one container's state dir and log-config.json. */
export function makeContainer(root: string, config: object, id = 'c0ffee'): Container {
  const dataStore = path.join(root, 'data');
  const stateDir = path.join(dataStore, 'containers', 'testns', id);
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'log-config.json'), JSON.stringify(config));
  return { dataStore, namespace: 'testns', id, stateDir, logPath: path.join(stateDir, `${id}-json.log`) };
}

export interface RunningLogger {
  child: ChildProcess;
  stdout: net.Socket;
  stderr: net.Socket;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function fifoPair(file: string): { read: number; write: number } {
  execFileSync('mkfifo', [file]);
  const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;
  const read = fs.openSync(file, O_RDONLY | O_NONBLOCK);
  const write = fs.openSync(file, O_WRONLY | O_NONBLOCK);
  return { read, write };
}

/** Spawns the logger for `c`; `cwd` plays the task bundle directory. */
export function startLogger(c: Container, work: string, cwd: string = work): RunningLogger {
  const out = fifoPair(path.join(work, 'stdout.fifo'));
  const err = fifoPair(path.join(work, 'stderr.fifo'));
  const ready = fifoPair(path.join(work, 'ready.fifo'));
  const child = spawn(process.execPath, ['--max-semi-space-size=1', loggerBundle(), '_NERDCTL_INTERNAL_LOGGING', c.dataStore], {
    cwd, env: { CONTAINER_ID: c.id, CONTAINER_NAMESPACE: c.namespace },
    stdio: ['ignore', 'ignore', 'ignore', out.read, err.read, ready.write],
  });
  for (const fd of [out.read, err.read, ready.write]) fs.closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const readySocket = new net.Socket({ fd: ready.read, readable: true, writable: false });
  const readyDone = new Promise<void>((resolve) => {
    readySocket.on('data', () => {}).on('end', () => resolve()).on('close', () => resolve());
  });
  return {
    child,
    stdout: new net.Socket({ fd: out.write, readable: false, writable: true }),
    stderr: new net.Socket({ fd: err.write, readable: false, writable: true }),
    ready: readyDone.finally(() => readySocket.destroy()),
    exited,
  };
}

/** Writes text, respecting backpressure. */
export async function writeAll(sock: net.Socket, text: string | Buffer): Promise<void> {
  if (!sock.write(text)) await new Promise<void>((resolve) => sock.once('drain', () => resolve()));
}

/** Ends a writer and waits until its pipe end is closed. */
export function closeWriter(sock: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    sock.end(() => {
      sock.destroy();
      resolve();
    });
  });
}

/** Polls until `cond` holds (no deadline here: the test runner's timeout applies). */
export async function until(cond: () => boolean, everyMs = 20): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, everyMs));
}

/** Entries of a json-file log. */
export function entries(file: string): Array<{ log: string; stream: string; time: string }> {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Private memory (Private_Clean + Private_Dirty) and RSS of a process, in KiB. */
export function memoryKiB(pid: number): { uss: number; rss: number } {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { uss: field('Private_Clean') + field('Private_Dirty'), rss: field('Rss') };
}
