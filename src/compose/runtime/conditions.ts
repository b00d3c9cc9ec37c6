// depends_on conditions as docker compose checks them (pkg/compose/convergence.go): healthy via
// the health runner's state, or, while no runner exists for the container, by running the
// service's healthcheck test here with docker's interval/start_period/retries rules; completed
// via the task's exit status.
import { randomBytes } from 'node:crypto';
import type { HealthCheck } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { TaskStatus } from '../../containerd/types';
import { TYPE_URL, packJson, unpackJson } from '../../containerd/typeurl';
import { findContainer } from '../../container/lookup';
import type { Spec } from '../../container/spec';
import { NerdtsError, isNotFound } from '../../errors';
import { readHealth } from './ports-of-call';

const NS_PER_MS = 1_000_000;
const POLL_MS = 500;
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_START_INTERVAL_MS = 5_000;
const DEFAULT_RETRIES = 3;

/** Side effects the waiters use, passed in so tests can fake time. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: WaitClock = {
  now: Date.now,
  sleep: (ms, signal) => new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  }),
};

/** The argv a healthcheck test runs, or undefined for NONE/empty. */
export function healthArgs(test: readonly string[] | undefined): string[] | undefined {
  if (!test || test.length === 0 || test[0] === 'NONE') return undefined;
  if (test[0] === 'CMD') return test.slice(1);
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test.slice(1).join(' ')];
  return ['/bin/sh', '-c', test.join(' ')];
}

async function taskExit(client: ContainerdClient, id: string): Promise<number | undefined> {
  try {
    const t = await client.tasks.get(id);
    return t.status === TaskStatus.STOPPED ? t.exitStatus : undefined;
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
}

/** Runs the test once inside the container; true on exit 0, false on failure or timeout. */
export async function probeOnce(client: ContainerdClient, id: string, args: string[], timeoutMs: number): Promise<boolean> {
  const c = await client.containers.get(id);
  const base = unpackJson<Spec>(c.spec, TYPE_URL.spec).process;
  const execId = `health-${randomBytes(6).toString('hex')}`;
  await client.tasks.exec({ containerId: id, execId, stdout: '', stderr: '', terminal: false, spec: packJson(TYPE_URL.process, { ...base, args, terminal: false }) });
  const abort = new AbortController();
  try {
    const exited = client.tasks.wait(id, execId, { signal: abort.signal });
    exited.catch(() => undefined);
    await client.tasks.start(id, execId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), timeoutMs); });
    const res = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (!res) await client.tasks.kill(id, 9, { execId }).catch(() => undefined);
    return res?.exitStatus === 0;
  } catch {
    return false;
  } finally {
    abort.abort();
    await client.tasks.deleteProcess(id, execId).catch(() => undefined);
  }
}

/** Waits until the container is healthy; throws docker compose's errors when it cannot become so. */
export async function waitHealthy(client: ContainerdClient, globals: GlobalOptions, ref: { id: string; name: string }, check: HealthCheck | undefined,
  clock: WaitClock = realClock, signal?: AbortSignal): Promise<void> {
  const args = check?.disable ? undefined : healthArgs(check?.test);
  const started = clock.now();
  const ms = (ns: number | undefined, d: number): number => (ns ? Math.round(ns / NS_PER_MS) : d);
  const interval = ms(check?.interval, DEFAULT_INTERVAL_MS);
  const startPeriod = ms(check?.start_period, 0);
  const startInterval = ms(check?.start_interval, DEFAULT_START_INTERVAL_MS);
  const retries = check?.retries ?? DEFAULT_RETRIES;
  let failures = 0;
  let nextProbe = started;
  for (;;) {
    if (signal?.aborted) throw new NerdtsError('canceled', 'canceled');
    const exit = await taskExit(client, ref.id);
    if (exit !== undefined) throw new NerdtsError('failed-precondition', `container ${ref.name} exited (${exit})`);
    const state = readHealth(globals, await findContainer(client, ref.id));
    if (state === 'healthy') return;
    if (state === 'unhealthy') throw new NerdtsError('failed-precondition', `container ${ref.name} is unhealthy`);
    if (state === undefined) {
      if (!args) throw new NerdtsError('failed-precondition', `container ${ref.name} has no healthcheck configured`);
      if (clock.now() >= nextProbe) {
        const inStart = clock.now() - started < startPeriod;
        if (await probeOnce(client, ref.id, args, ms(check?.timeout, DEFAULT_TIMEOUT_MS))) return;
        if (!inStart && ++failures >= retries) throw new NerdtsError('failed-precondition', `container ${ref.name} is unhealthy`);
        nextProbe = clock.now() + (inStart ? startInterval : interval);
      }
    }
    await clock.sleep(POLL_MS, signal);
  }
}

/** Waits for the container to exit 0 (service_completed_successfully). */
export async function waitCompleted(client: ContainerdClient, ref: { id: string; service: string }, signal?: AbortSignal): Promise<void> {
  let code: number;
  try {
    code = (await taskExit(client, ref.id)) ?? (await client.tasks.wait(ref.id, '', signal ? { signal } : {})).exitStatus;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    code = 0;
  }
  if (code !== 0) throw new NerdtsError('failed-precondition', `service "${ref.service}" didn't complete successfully: exit ${code}`);
}
