// docker's health state machine (daemon/health.go): a container starts in "starting"; a passing
// probe makes it healthy and clears the failing streak; a failing probe adds to the streak, except
// while still starting inside the start period, and `retries` failures in a row make it unhealthy.
// Only the last five results are kept.
import type { HealthSchedule } from './config';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One probe result as inspect shows it (State.Health.Log[]). */
export interface HealthResult {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

/** State.Health as inspect shows it. */
export interface HealthState {
  Status: HealthStatus;
  FailingStreak: number;
  Log: HealthResult[];
}

export const MAX_LOG_ENTRIES = 5;
/** docker's cap on a probe's recorded output. */
export const MAX_OUTPUT_BYTES = 4096;

/** The state of a container whose health monitor just started. */
export function initialHealth(): HealthState {
  return { Status: 'starting', FailingStreak: 0, Log: [] };
}

/** The state after one probe; `startedAtMs` is when the container started. Pure. */
export function applyProbeResult(state: HealthState, result: HealthResult, schedule: Pick<HealthSchedule, 'retries' | 'startPeriodMs'>,
  startedAtMs: number): HealthState {
  const Log = [...state.Log, result].slice(-MAX_LOG_ENTRIES);
  if (result.ExitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log };
  const inStartPeriod = state.Status === 'starting' && Date.parse(result.Start) - startedAtMs < schedule.startPeriodMs;
  if (inStartPeriod) return { ...state, Log };
  const FailingStreak = state.FailingStreak + 1;
  const Status = FailingStreak >= schedule.retries ? 'unhealthy' : state.Status;
  return { Status, FailingStreak, Log };
}

/** How long until the next probe: the start interval while starting inside the start period. */
export function nextProbeDelay(state: HealthState, schedule: HealthSchedule, startedAtMs: number, nowMs: number): number {
  const inStartPeriod = nowMs - startedAtMs < schedule.startPeriodMs;
  return inStartPeriod && state.Status === 'starting' ? schedule.startIntervalMs : schedule.intervalMs;
}

/** Output as docker records it: at most 4 KiB (cut on a byte boundary, like docker's buffer). */
export function capOutput(bytes: Buffer): string {
  return bytes.subarray(0, MAX_OUTPUT_BYTES).toString('utf8');
}

/** docker's text for a probe that ran out of time. */
export function timeoutOutput(timeoutMs: number): string {
  return `Health check exceeded timeout (${goDuration(timeoutMs)})`;
}

/** A millisecond duration as Go's time.Duration.String() prints it ("30s", "1m30s", "500ms"). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}
