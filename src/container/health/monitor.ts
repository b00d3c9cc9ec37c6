// The probe loop of one running container: wait the interval (the start interval while starting in
// the start period), probe, fold the result into the state, persist it, repeat until stopped.
// docker probes first one interval after the start, never at once.
import type { HealthSchedule } from './config';
import { type ProbeContext, runProbe } from './probe';
import { type HealthResult, type HealthState, applyProbeResult, initialHealth, nextProbeDelay } from './state';

export interface HealthLoopContext {
  schedule: HealthSchedule;
  /** When the container started (the start period counts from here). */
  startedAtMs: number;
  now: () => number;
  /** Runs one probe (runProbe in production, a fake in tests). */
  probe: (schedule: HealthSchedule) => Promise<HealthResult>;
  /** Persists each new state. */
  save: (state: HealthState) => void;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const realTimer = (fn: () => void, ms: number): { cancel(): void } => {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
};

/** Starts probing; stop() ends the loop (a probe in flight finishes but is not recorded). */
export function startHealthLoop(ctx: HealthLoopContext): { stop(): void; state(): HealthState } {
  const setTimer = ctx.setTimer ?? realTimer;
  let state = initialHealth();
  let stopped = false;
  let timer: { cancel(): void } | undefined;
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimer(() => void tick(), nextProbeDelay(state, ctx.schedule, ctx.startedAtMs, ctx.now()));
  };
  const tick = async (): Promise<void> => {
    const result = await ctx.probe(ctx.schedule);
    if (stopped) return;
    state = applyProbeResult(state, result, ctx.schedule, ctx.startedAtMs);
    try {
      ctx.save(state);
    } catch {
      // a full or vanished state directory must not end the loop
    }
    schedule();
  };
  schedule();
  return {
    stop: () => { stopped = true; timer?.cancel(); },
    state: () => state,
  };
}

/** The probe function of a real container. */
export const containerProbe = (ctx: ProbeContext) => (schedule: HealthSchedule): Promise<HealthResult> => runProbe(ctx, schedule);
