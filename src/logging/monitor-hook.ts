// The logger's link to the container monitor (healthchecks, restart policies). The logger lives
// exactly as long as the container, so it hosts the probe loop and sees the exit first. Deciding
// whether a container needs either costs two small file reads; the monitor chunk, with the
// containerd client, is loaded only when it does (plain containers' loggers stay lean).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerMonitor, MonitorTarget } from '../container/chunk-monitor';
import { requireSiblingChunk } from './sibling-chunk';


export interface MonitorNeeds {
  health: boolean;
  /** The restart policy from the hint file ("always", "on-failure:2"); undefined: none. */
  restart: string | undefined;
}

// Mirrors container/restart-exit.ts RESTART_HINT_FILE and health/store.ts HEALTH_FILE without
// importing them (they would pull the containerd client into every logger).
const RESTART_HINT_FILE = 'restart-policy';
const HEALTH_FILE = 'health.json';
const HEALTH_ANNOTATION = '"nerdctl/healthcheck"';

/** True when the task's bundle spec carries an active healthcheck (the label mirrored as an annotation). */
export function bundleHasHealthcheck(bundleDir: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(path.join(bundleDir, 'config.json'), 'utf8');
  } catch {
    return false;
  }
  if (!text.includes(HEALTH_ANNOTATION)) return false;
  try {
    const spec = JSON.parse(text) as { annotations?: Record<string, string> };
    const test = (JSON.parse(spec.annotations?.['nerdctl/healthcheck'] ?? '{}') as { Test?: unknown }).Test;
    return Array.isArray(test) && test.length > 1 && (test[0] === 'CMD' || test[0] === 'CMD-SHELL');
  } catch {
    return false;
  }
}

/** What this container needs from its logger. */
export function monitorNeeds(bundleDir: string, stateDir: string): MonitorNeeds {
  let restart: string | undefined;
  try {
    restart = fs.readFileSync(path.join(stateDir, RESTART_HINT_FILE), 'utf8').trim() || undefined;
  } catch { /* no policy */ }
  return { health: bundleHasHealthcheck(bundleDir), restart };
}

/**
 * Resets the health file to "starting" before the logger reports ready, so once the task exists
 * nobody reads the previous run's state.
 */
export function resetHealthFile(stateDir: string): void {
  const file = path.join(stateDir, HEALTH_FILE);
  try {
    fs.writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify({ Status: 'starting', FailingStreak: 0, Log: [] }));
    fs.renameSync(`${file}.tmp-${process.pid}`, file);
  } catch { /* no state directory: nothing reads it either */ }
}

/** Loads the monitor chunk (synchronously; it is CJS). */
export function loadMonitorChunk(): typeof import('../container/chunk-monitor') {
  return requireSiblingChunk('container-monitor', 'container', 'chunk-monitor');
}

/** The running logger's monitor: started with the pump, finished once the container's output ends. */
export class LoggerMonitor {
  private monitor: ContainerMonitor | undefined;

  constructor(private readonly needs: MonitorNeeds, private readonly target: MonitorTarget,
    private readonly load: () => typeof import('../container/chunk-monitor') = loadMonitorChunk) {
    // An on-failure container runs without the status label (its exit decides); one the restart
    // monitor brought back still has it, so it is cleared before the next exit can race the monitor.
    const onFailure = needs.restart?.startsWith('on-failure') ?? false;
    if (!needs.health && !onFailure) return;
    this.monitor = this.load().createContainerMonitor(target);
    if (needs.health) this.monitor.startHealth().catch(() => undefined);
    if (onFailure) this.monitor.settleOnStart().catch(() => undefined);
  }

  /** Stops probing and, when the container exited by itself, applies its restart policy. */
  async finish(exitedByItself: boolean): Promise<void> {
    this.monitor?.stopHealth();
    try {
      if (exitedByItself && this.needs.restart) {
        this.monitor ??= this.load().createContainerMonitor(this.target);
        await this.monitor.handleExit();
      }
    } catch {
      // containerd gone or the container removed: there is nothing left to restart
    } finally {
      this.monitor?.close();
    }
  }
}
