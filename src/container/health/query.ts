// Reading a container's health for ps, inspect and compose: the recorded state when the container
// has a healthcheck, "none" when it has not; and waiting until it is healthy (depends_on
// condition: service_healthy).
import type { Container } from '../../containerd/services/containers';
import { NerdtsError } from '../../errors';
import { stateDirOf } from '../task-state';
import { type HealthConfig, healthcheckFromLabels, isHealthcheckActive } from './config';
import type { HealthState, HealthStatus } from './state';
import { readHealth } from './store';

export type HealthFilterValue = HealthStatus | 'none';

/** Where the state of a container lives (its state-dir label, else the default path). */
export interface HealthLocation {
  dataStore: string;
  namespace: string;
}

/** The health of a container with a healthcheck ("starting" until a first result is recorded); undefined without one. */
export function containerHealth(c: Pick<Container, 'id' | 'labels'>, where: HealthLocation): HealthState | undefined {
  if (!isHealthcheckActive(healthcheckFromLabels(c.labels))) return undefined;
  return readHealth(stateDirOf(c, where.dataStore, where.namespace)) ?? { Status: 'starting', FailingStreak: 0, Log: [] };
}

/** inspect's State.Health and Config.Healthcheck (either absent when the container has none). */
export function healthFacts(c: Pick<Container, 'id' | 'labels'>, where: HealthLocation): { health?: HealthState; healthcheck?: HealthConfig } {
  const healthcheck = healthcheckFromLabels(c.labels);
  const health = containerHealth(c, where);
  return { ...(healthcheck && { healthcheck }), ...(health && { health }) };
}

/** docker's health filter value: the status, or "none" without a healthcheck. */
export function healthFilterValue(c: Pick<Container, 'id' | 'labels'>, where: HealthLocation): HealthFilterValue {
  return containerHealth(c, where)?.Status ?? 'none';
}

/** What `ps` appends to "Up 2 minutes": " (healthy)", " (unhealthy)", " (health: starting)", or "". */
export function healthSuffix(status: HealthFilterValue | undefined): string {
  if (!status || status === 'none') return '';
  return status === 'starting' ? ' (health: starting)' : ` (${status})`;
}

export interface WaitHealthyOptions {
  /** Reads the container again (its labels may change); rejects with not-found once it is gone. */
  load: () => Promise<Pick<Container, 'id' | 'labels'>>;
  /** True while the container's task is running. */
  running: () => Promise<boolean>;
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the container is healthy; throws 'failed-precondition' when it is unhealthy,
 * stopped, or has no healthcheck (compose's errors), and 'deadline-exceeded' after timeoutMs.
 */
export async function waitHealthy(where: HealthLocation, o: WaitHealthyOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? sleepMs;
  const deadline = o.timeoutMs !== undefined ? now() + o.timeoutMs : Infinity;
  for (;;) {
    o.signal?.throwIfAborted();
    const c = await o.load();
    const health = containerHealth(c, where);
    const name = c.labels['nerdctl/name'] || c.id;
    if (!health) throw new NerdtsError('failed-precondition', `container ${name} has no healthcheck configured`);
    if (health.Status === 'healthy' && await o.running()) return;
    if (health.Status === 'unhealthy') throw new NerdtsError('failed-precondition', `container ${name} is unhealthy`);
    if (!await o.running()) throw new NerdtsError('failed-precondition', `container ${name} exited`);
    if (now() >= deadline) throw new NerdtsError('deadline-exceeded', `timed out waiting for container ${name} to be healthy`);
    await sleep(o.pollMs ?? 500);
  }
}
