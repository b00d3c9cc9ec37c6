// Which stdio a task gets, from containerd 1.6's runc shim rules (pkg/process/io.go, runtime/v2/
// runc/platform.go): stdout "binary://" starts the logger and, without a terminal, gives the process
// no stdin at all; with a terminal a stdin FIFO may go with binary:// stdout. So an -i task without
// -t takes FIFOs for all three, and nerdts starts the logger on the output FIFOs itself.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { LOGGING_ARGV1 } from '../log-config';
import { outputFifoPath, stdinFifoPath } from './paths';

export interface TaskStdio {
  stdin: string;
  stdout: string;
  stderr: string;
  /** FIFO mode: the logger must be started by nerdts once the task exists. */
  spawnLogger: boolean;
  /** FIFO mode: our read ends of stdout/stderr, open before task create (the shim's open waits for a reader). */
  fds?: [number, number];
}

/** Makes the FIFO unless it exists (Node has no mkfifo). */
export function ensureFifo(path: string): void {
  if (fs.existsSync(path)) return;
  execFileSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' });
}

/** The task's stdio for a container whose log URI is `logUri`, with the FIFOs made. */
export function prepareTaskStdio(stateDir: string, logUri: string | undefined, o: { interactive: boolean; tty: boolean }): TaskStdio {
  const uri = logUri && logUri !== 'none' ? logUri : '';
  const binary = { stdin: '', stdout: uri, stderr: uri, spawnLogger: false };
  if (!o.interactive || !uri.startsWith('binary://')) return binary;
  const stdin = stdinFifoPath(stateDir);
  ensureFifo(stdin);
  if (o.tty) return { ...binary, stdin };
  const stdout = outputFifoPath(stateDir, 'stdout');
  const stderr = outputFifoPath(stateDir, 'stderr');
  ensureFifo(stdout);
  ensureFifo(stderr);
  const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
  return { stdin, stdout, stderr, spawnLogger: true, fds: [fs.openSync(stdout, flags), fs.openSync(stderr, flags)] };
}

export interface LoggerSpawn {
  logUri: string;
  /** The output FIFOs' read ends (from prepareTaskStdio); closed here once handed over. */
  fds: [number, number];
  namespace: string;
  id: string;
  stateDir: string;
  /** The task's bundle, where the logger watches init.pid. */
  bundleDir: string;
}

/** The runc shim v2 bundle directory of a task. */
export const bundleDirOf = (namespace: string, id: string): string => `/run/containerd/io.containerd.runtime.v2.task/${namespace}/${id}`;

/** Starts the logger on the output FIFOs, as the shim would for binary:// (same argv and env). */
/** Set for a logger reading FIFOs: the shim closes them after its last copy, so EOF (not an exit hint) ends the streams. */
export const FIFO_LOGGER_ENV = 'NERDTS_LOGGER_FIFO';

export function spawnFifoLogger(s: LoggerSpawn): void {
  const url = new URL(s.logUri);
  const launcher = decodeURI(url.pathname);
  const dataStore = url.searchParams.get(LOGGING_ARGV1) ?? '';
  const [out, err] = s.fds;
  try {
    spawn(launcher, [LOGGING_ARGV1, dataStore], {
      cwd: s.bundleDir, detached: true, stdio: ['ignore', 'ignore', 'ignore', out, err],
      env: { CONTAINER_ID: s.id, CONTAINER_NAMESPACE: s.namespace, PATH: process.env.PATH ?? '/usr/bin:/bin', [FIFO_LOGGER_ENV]: '1' },
    }).unref();
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
  }
}
