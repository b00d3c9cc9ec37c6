// The health state file, <state-dir>/health.json: written by the container's health monitor (in
// its logger process) after every probe, read by ps, inspect and compose. Replaced by rename so a
// reader never sees half a file; not fsynced, because the state means nothing after a reboot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HealthState, HealthStatus } from './state';

export const HEALTH_FILE = 'health.json';

/** Where a container's health state lives. */
export const healthPath = (stateDir: string): string => path.join(stateDir, HEALTH_FILE);

/** Replaces the state file. */
export function writeHealth(stateDir: string, state: HealthState): void {
  const file = healthPath(stateDir);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o644 });
  fs.renameSync(tmp, file);
}

const STATUSES: readonly string[] = ['starting', 'healthy', 'unhealthy'];

/** The last recorded state; undefined when the container never ran a probe monitor (or the file is bad). */
export function readHealth(stateDir: string): HealthState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(healthPath(stateDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as Partial<HealthState>;
    if (!STATUSES.includes(v.Status as string)) return undefined;
    return { Status: v.Status as HealthStatus, FailingStreak: Number(v.FailingStreak) || 0, Log: Array.isArray(v.Log) ? v.Log : [] };
  } catch {
    return undefined;
  }
}
