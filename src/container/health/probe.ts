// One health probe: an exec of the healthcheck command in the container, its stdout and stderr
// going to one private file (the shim's `file://` stdio), read back and capped at 4 KiB like
// docker. A probe that outlives its timeout is killed and recorded with exit code -1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerdClient } from '../../containerd/client';
import { TYPE_URL, packJson } from '../../containerd/typeurl';
import type { HealthSchedule } from './config';
import { type HealthResult, capOutput, timeoutOutput } from './state';

const SIGKILL = 9;

export interface ProbeContext {
  client: Pick<ContainerdClient, 'tasks'>;
  containerId: string;
  /** The container's OCI process (from its spec): user, env, cwd, capabilities. */
  process: Record<string, unknown>;
  /** A private directory for the output files. */
  dir: string;
  now: () => number;
  /** A fresh exec id. */
  newExecId: () => string;
}

/** Runs the probe once and returns its result; never throws. */
export async function runProbe(ctx: ProbeContext, schedule: Pick<HealthSchedule, 'argv' | 'timeoutMs'>): Promise<HealthResult> {
  const execId = ctx.newExecId();
  const out = path.join(ctx.dir, `${execId}.out`);
  const start = ctx.now();
  const done = (exitCode: number, output: string): HealthResult =>
    ({ Start: new Date(start).toISOString(), End: new Date(ctx.now()).toISOString(), ExitCode: exitCode, Output: output });
  const { tasks } = ctx.client;
  const waiter = new AbortController();
  let created = false;
  try {
    const spec = { ...ctx.process, args: schedule.argv, terminal: false };
    await tasks.exec({ containerId: ctx.containerId, execId, spec: packJson(TYPE_URL.process, spec), stdout: `file://${out}`, stderr: `file://${out}` });
    created = true;
    const exited = tasks.wait(ctx.containerId, execId, { signal: waiter.signal });
    exited.catch(() => undefined);
    await tasks.start(ctx.containerId, execId);
    const code = await withinTimeout(exited, schedule.timeoutMs);
    if (code === undefined) {
      await tasks.kill(ctx.containerId, SIGKILL, { execId }).catch(() => undefined);
      await withinTimeout(exited, 2000);
      return done(-1, timeoutOutput(schedule.timeoutMs));
    }
    if (created) await tasks.deleteProcess(ctx.containerId, execId).catch(() => undefined);
    created = false;
    return done(code, readOutput(out));
  } catch (err) {
    return done(-1, (err as Error).message ?? String(err));
  } finally {
    waiter.abort();
    if (created) await tasks.deleteProcess(ctx.containerId, execId).catch(() => undefined);
    fs.rmSync(out, { force: true });
  }
}

// The exit status, or undefined when the process is still running after `ms`.
async function withinTimeout(exited: Promise<{ exitStatus: number }>, ms: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms); });
  try {
    const r = await Promise.race([exited, late]);
    return r?.exitStatus;
  } finally {
    clearTimeout(timer);
  }
}

function readOutput(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return capOutput(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}
