// The effective healthcheck of a container: --health-* flags (or compose's healthcheck) merged over
// the image's HEALTHCHECK as docker's daemon merges them, stored in the nerdctl/healthcheck label in
// docker's HealthConfig shape (Go durations in nanoseconds), and the defaults applied at run time.
import { invalidArgument } from '../../errors';
import type { HealthOptions } from '../create-options';
import { LABELS, decodeJson } from '../labels';

/** docker's HealthConfig (image config and inspect Config.Healthcheck); durations in ns, 0 = default. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The probe schedule with docker's defaults filled in; milliseconds. */
export interface HealthSchedule {
  /** The argv to exec: ["/bin/sh", "-c", cmd] for CMD-SHELL. */
  argv: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

const NS_PER_MS = 1_000_000;
// docker's defaults (daemon/health.go).
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_START_INTERVAL_MS = 5_000;
const DEFAULT_RETRIES = 3;
const MIN_DURATION_MS = 1;

function testFromFlag(test: string | string[] | undefined): string[] | undefined {
  if (test === undefined) return undefined;
  if (typeof test === 'string') return test === '' ? undefined : ['CMD-SHELL', test];
  return test.length ? [...test] : undefined;
}

function checkDuration(name: string, ms: number | undefined): void {
  if (ms === undefined) return;
  if (ms < 0) throw invalidArgument(`--${name} cannot be negative`);
  if (ms > 0 && ms < MIN_DURATION_MS) throw invalidArgument(`--${name} cannot be less than ${MIN_DURATION_MS}ms`);
}

/** Validates the flags with docker's errors. */
export function checkHealthOptions(o: HealthOptions): void {
  const given = o.test !== undefined || o.interval !== undefined || o.timeout !== undefined || o.startPeriod !== undefined
    || o.startInterval !== undefined || o.retries !== undefined;
  if (o.disable && given) throw invalidArgument('--no-healthcheck conflicts with --health-* options');
  checkDuration('health-interval', o.interval);
  checkDuration('health-timeout', o.timeout);
  checkDuration('health-start-period', o.startPeriod);
  checkDuration('health-start-interval', o.startInterval);
  if (o.retries !== undefined && (!Number.isInteger(o.retries) || o.retries < 0)) {
    throw invalidArgument('--health-retries cannot be negative');
  }
}

const ns = (ms: number | undefined): number | undefined => (ms ? Math.round(ms * NS_PER_MS) : undefined);

/**
 * Merges the flags over the image's HEALTHCHECK (a field the flags leave at zero comes from the image).
 * Returns undefined when the container has no healthcheck; ["NONE"] is kept so inspect shows it.
 */
export function resolveHealthcheck(o: HealthOptions | undefined, image: HealthConfig | undefined): HealthConfig | undefined {
  if (o) checkHealthOptions(o);
  if (o?.disable) return { Test: ['NONE'] };
  const test = testFromFlag(o?.test) ?? (image?.Test?.length ? image.Test : undefined);
  if (!test) return undefined;
  const out: HealthConfig = { Test: test };
  const pick = (key: Exclude<keyof HealthConfig, 'Test' | 'Retries'>, ms: number | undefined): void => {
    const v = ns(ms) ?? image?.[key];
    if (v) out[key] = v;
  };
  pick('Interval', o?.interval);
  pick('Timeout', o?.timeout);
  pick('StartPeriod', o?.startPeriod);
  pick('StartInterval', o?.startInterval);
  const retries = o?.retries || image?.Retries;
  if (retries) out.Retries = retries;
  return out;
}

/** True when the config runs a probe (not absent, not NONE). */
export function isHealthcheckActive(c: HealthConfig | undefined): c is HealthConfig {
  const kind = c?.Test?.[0];
  return kind === 'CMD' || kind === 'CMD-SHELL' ? c!.Test!.length > 1 : false;
}

/** The label for a resolved config (none when there is no healthcheck). */
export function healthLabels(c: HealthConfig | undefined): Record<string, string> {
  return c ? { [LABELS.healthcheck]: JSON.stringify(c) } : {};
}

/** The config from a container's labels; undefined when absent or malformed. */
export function healthcheckFromLabels(labels: Readonly<Record<string, string>>): HealthConfig | undefined {
  const c = decodeJson<HealthConfig>(labels[LABELS.healthcheck]);
  return c && Array.isArray(c.Test) ? c : undefined;
}

/** The schedule with docker's defaults; undefined when the config runs nothing. */
export function healthSchedule(c: HealthConfig | undefined): HealthSchedule | undefined {
  if (!isHealthcheckActive(c)) return undefined;
  const [kind, ...rest] = c.Test!;
  const ms = (v: number | undefined, dflt: number): number => (v && v > 0 ? v / NS_PER_MS : dflt);
  return {
    argv: kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : rest,
    intervalMs: ms(c.Interval, DEFAULT_INTERVAL_MS),
    timeoutMs: ms(c.Timeout, DEFAULT_TIMEOUT_MS),
    startPeriodMs: ms(c.StartPeriod, 0),
    startIntervalMs: ms(c.StartInterval, DEFAULT_START_INTERVAL_MS),
    retries: c.Retries && c.Retries > 0 ? c.Retries : DEFAULT_RETRIES,
  };
}
