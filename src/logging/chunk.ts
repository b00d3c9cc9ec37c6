// The per-container log driver process (dist/chunks/logging.js). containerd's shim starts it from
// the log URI `binary://<nerdts>?_NERDCTL_INTERNAL_LOGGING=<dataStore>` as
//   nerdts _NERDCTL_INTERNAL_LOGGING <dataStore>
// with CONTAINER_ID and CONTAINER_NAMESPACE in the environment, stdout on fd 3, stderr on fd 4 and
// the ready pipe on fd 5, in the task's bundle directory. It writes nothing to its own
// stdout/stderr. Imports stay light: this runs once per container and lives as long as it.
//
// How `logs -f` learns the logger ended: see lock.ts (pid + start time in logger-lock).
import type { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '../errors';
import { jsonFileLimits, LOGGER_ARGV, readLogConfig } from './config';
import { JsonFileWriter } from './json-file';
import { holdLoggerLock, waitForLoggerEnd, type LoggerLock } from './lock';
import { LoggerMonitor, monitorNeeds, resetHealthFile, type MonitorNeeds } from './monitor-hook';
import { containerStateDir, jsonLogPath, loggerLockPath } from './paths';
import { catchAttachPokes, type AttachPokes } from '../container/stdio/attach-poke';
import { startLoggerStdio, type LoggerStdio } from '../container/stdio/logger-hook';
import { bundleIdentity, releaseNetworks } from './network-release';
import { repinNetns } from './netns-repin';
import { networkReleaseClaimed } from './release-claim';
import { trimHeapPeriodically } from './heap-trim';
import { closeReadyFd, pumpStreams, type PumpEnd } from './pump';
import { isTaskBundle, watchInit } from './task-watch';

type Env = Readonly<Record<string, string | undefined>>;

// With FIFOs, how long after the exit the shim may take to copy the last output and close them.
const FIFO_EXIT_GRACE_MS = 2000;
// A restarted task's logger waits this long for the previous one to finish writing.
const PREVIOUS_LOGGER_WAIT_MS = 5000;
// containerd's socket when log-config.json names none (containerd/client.ts's default; not imported: heavy).
const DEFAULT_CONTAINERD_ADDRESS = '/run/containerd/containerd.sock';

/** One container's logging, whichever process runs it (its own logger, or the relay of relay.ts). */
export interface LoggerTask {
  dataStore: string;
  namespace: string;
  id: string;
  /** The task's bundle directory (the shim starts the logger there). */
  bundleDir: string;
  /** Read ends of the container's stdout and stderr; the pump closes them. */
  fds: readonly [number, number];
  /** The process the logger lock names: this one, or the relay's stub for the container. */
  pid: number;
  /** Tells the shim the logger is ready (it creates the task only then). */
  ready(): void;
  /** Requests for the attach socket; caught before the lock names `pid` (attach-poke.ts). */
  pokes: AttachPokes;
  /** Where the shim's SIGTERM arrives. */
  signals: EventEmitter;
  /** Set when the streams are FIFOs a client opened (a -i task without a terminal). */
  fifo: boolean;
}

/** Runs the logger until the container's output ends; argv is process.argv (or argv without node and script). */
export async function runLogger(argv: readonly string[], env: Env): Promise<PumpEnd> {
  const at = argv.indexOf(LOGGER_ARGV);
  const dataStore = at >= 0 ? argv[at + 1] : undefined;
  if (!dataStore) throw invalidArgument('got empty data store');
  const id = env.CONTAINER_ID;
  const namespace = env.CONTAINER_NAMESPACE;
  if (!id || !namespace) throw invalidArgument('got invalid config: CONTAINER_ID and CONTAINER_NAMESPACE must be set');
  // Before the lock names this process: a client may signal it from then on (attach-poke.ts).
  const pokes = catchAttachPokes();
  const stopTrim = trimHeapPeriodically();
  try {
    return await logContainer({
      dataStore, namespace, id, bundleDir: process.cwd(), fds: [3, 4], pid: process.pid,
      ready: () => closeReadyFd(5, [3, 4]), pokes, signals: process, fifo: Boolean(env.NERDTS_LOGGER_FIFO),
    });
  } finally {
    stopTrim();
  }
}

/** Logs one container until its output ends or it exits; resolves with the reason. */
export async function logContainer(task: LoggerTask): Promise<PumpEnd> {
  const { dataStore, namespace, id, bundleDir } = task;
  const config = readLogConfig(dataStore, namespace, id);
  const driver = config?.driver ?? 'none';
  if (driver !== 'json-file' && driver !== 'none') throw invalidArgument(`unknown logging driver "${driver}": not found`);

  const bundleId = bundleIdentity(bundleDir);
  // An attached client that saw the exit from containerd pokes the watcher (no 500 ms poll wait).
  let watcher: { check(): void } | undefined;
  const watchExit = isTaskBundle(bundleDir) ? (onExit: () => void) => (watcher = watchInit(bundleDir, onExit)) : undefined;
  let lock: LoggerLock | undefined;
  let writer: JsonFileWriter | undefined;
  let stdio: LoggerStdio | undefined;
  let reason: PumpEnd | undefined;
  let pumping = false;
  const stateDir = containerStateDir(dataStore, namespace, id);
  const needs = config ? monitorNeeds(bundleDir, stateDir) : undefined;
  try {
    // Without log-config.json (a container made by something else) there is nothing to write and
    // maybe no state directory: drain so the container never gets EPIPE.
    if (config) {
      const lockPath = loggerLockPath(dataStore, namespace, id);
      await waitForLoggerEnd(lockPath, PREVIOUS_LOGGER_WAIT_MS);
      lock = holdLoggerLock(lockPath, task.pid);
    }
    // Ready once `logs -f` can see this logger (the lock) and no stale health state is left: the
    // shim waits for it before runc creates the task, and the pipes keep the container's first
    // output until the pump reads it.
    if (needs?.health) resetHealthFile(stateDir);
    if (isTaskBundle(bundleDir)) await repinNetns(bundleDir);
    task.ready();
    if (driver === 'json-file') {
      const limits = jsonFileLimits(config?.opts);
      const file = jsonLogPath(dataStore, namespace, id, limits.logPath);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writer = new JsonFileWriter({ path: file, maxSize: limits.maxSize, maxFiles: limits.maxFiles });
    }
    // With FIFOs the shim copies output after the exit is reported; their EOF is the reliable end.
    const exitHint = task.fifo ? undefined : (): void => watcher?.check();
    if (config) stdio = startLoggerStdio(stateDir, task.pokes, exitHint);
    const monitor = config && needs ? startMonitor(needs, { namespace, id, stateDir, address: config.address }) : undefined;
    const exitGraceMs = task.fifo ? FIFO_EXIT_GRACE_MS : 0;
    pumping = true;
    reason = await pumpStreams({ fds: task.fds, sink: writer, watchExit, exitGraceMs, signals: task.signals, ...(stdio && { tap: stdio.tap }) });
    // Before a restart policy can bring up a new task on the same CNI attachment; a foreground
    // `run --rm` client that removes the container, or a stopping client that claimed the release
    // (release-claim.ts), does it sooner with its code already loaded.
    if (reason === 'exited' && config && watcher && !stdio?.removalClaimed() && !networkReleaseClaimed(stateDir)) {
      await releaseNetworks(bundleDir, bundleId);
    }
    await monitor?.finish(reason === 'exited');
    return reason;
  } finally {
    // The pump owns the streams once it runs; a failure before leaves them to close here.
    if (!pumping) for (const fd of task.fds) closeQuietly(fd);
    stdio?.finish(reason ?? 'error');
    writer?.close();
    lock?.release();
  }
}

function closeQuietly(fd: number): void {
  try { fs.closeSync(fd); } catch { /* already closed */ }
}

// Healthchecks and restart policies (monitor-hook.ts); undefined for a plain container.
function startMonitor(needs: MonitorNeeds, c: { namespace: string; id: string; stateDir: string; address: string | undefined }): LoggerMonitor | undefined {
  if (!needs.health && !needs.restart) return undefined;
  try {
    return new LoggerMonitor(needs, { address: c.address || DEFAULT_CONTAINERD_ADDRESS, namespace: c.namespace, id: c.id, stateDir: c.stateDir, startedAtMs: Date.now() });
  } catch {
    return undefined;
  }
}
