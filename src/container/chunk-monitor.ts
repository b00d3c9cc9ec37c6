// The container-monitor chunk (dist/chunks/container-monitor.js), loaded by a container's logger
// process only when the container has a healthcheck (at start) or a restart policy (at its exit),
// so plain containers' loggers never load the containerd client.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectContainerd } from '../containerd/client';
import type { ContainerdClient } from '../containerd/client';
import { TYPE_URL, unpackJson } from '../containerd/typeurl';
import { healthSchedule, healthcheckFromLabels } from './health/config';
import { containerProbe, startHealthLoop } from './health/monitor';
import { writeHealth } from './health/store';
import { clearOnFailureStatus, handleTaskExit } from './restart-exit';

export interface MonitorTarget {
  /** containerd's socket (log-config.json's address). */
  address: string;
  namespace: string;
  id: string;
  stateDir: string;
  /** When the container started; the start period counts from here. */
  startedAtMs: number;
}

/** One logger's monitor: the probe loop while the container runs, the restart decision at its exit. */
export class ContainerMonitor {
  private client: Promise<ContainerdClient> | undefined;
  private loop: { stop(): void } | undefined;
  private stopped = false;

  constructor(private readonly target: MonitorTarget) {}

  private connect(): Promise<ContainerdClient> {
    this.client ??= connectContainerd({ address: this.target.address, namespace: this.target.namespace, autostart: false });
    return this.client;
  }

  /** Starts the probe loop if the container's labels carry an active healthcheck; errors end it quietly. */
  async startHealth(): Promise<void> {
    const { id, stateDir } = this.target;
    const client = await this.connect();
    const c = await client.containers.get(id);
    const schedule = healthSchedule(healthcheckFromLabels(c.labels));
    if (!schedule || this.stopped) return;
    const spec = unpackJson<{ process?: Record<string, unknown> }>(c.spec, TYPE_URL.spec);
    const dir = path.join(stateDir, 'health-probes');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = containerProbe({
      client, containerId: id, process: spec.process ?? {}, dir, now: Date.now,
      newExecId: () => `health-${randomBytes(8).toString('hex')}`,
    });
    this.loop = startHealthLoop({
      schedule, startedAtMs: this.target.startedAtMs, now: Date.now, probe, save: (s) => writeHealth(stateDir, s),
    });
  }

  /** Stops probing (the container has exited or the logger is ending). */
  stopHealth(): void {
    this.stopped = true;
    this.loop?.stop();
  }

  /** Clears the status label an on-failure restart left, so the next exit is decided by handleExit alone. */
  async settleOnStart(): Promise<void> {
    await clearOnFailureStatus(await this.connect(), this.target.id);
  }

  /** Counts the restart or settles on-failure once the container exited by itself. */
  async handleExit(): Promise<void> {
    await handleTaskExit(await this.connect(), this.target.id);
  }

  close(): void {
    this.stopHealth();
    void this.client?.then((c) => c.close(), () => undefined);
  }
}

/** A monitor for the container the logger serves. */
export function createContainerMonitor(target: MonitorTarget): ContainerMonitor {
  return new ContainerMonitor(target);
}
