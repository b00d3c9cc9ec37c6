// `stats`: one table (--no-stream) or a table a second until interrupted; in a terminal each
// table replaces the previous one (docker's clear-screen codes).
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { renderRows } from '../../format';
import type { Output } from '../../output';
import { STATS_HEADERS, statsRow } from '../stats';
import type { StatsSnapshot } from '../stats';
import { listTargets, resolveTargets, sampleTargets } from '../stats-collect';
import type { StatsHost, StatsTarget } from '../stats-collect';

export interface StatsOptions {
  containers: string[];
  /** -a: stopped containers too (when no container is named). */
  all: boolean;
  noStream: boolean;
  noTrunc: boolean;
  format?: string;
  /** Aborts live mode. */
  signal?: AbortSignal;
}

const DEFAULT_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
// docker samples once a second; CPU % needs two samples that far apart.
const INTERVAL_MS = 1000;

const hostFiles: StatsHost = {
  readText: (path) => { try { return readFileSync(path, 'utf8'); } catch { return undefined; } },
};

/** Prints docker's stats table(s). */
export async function stats(globals: GlobalOptions, o: StatsOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const named = o.containers.length > 0 ? await resolveTargets(client, o.containers) : undefined;
  const targets = (): Promise<StatsTarget[]> => (named ? Promise.resolve(named) : listTargets(client, o.all));
  const rowOptions = { noTrunc: o.noTrunc, hostCpus: availableParallelism(), hostMemory: totalmem() };
  const format = o.format || DEFAULT_FORMAT;
  let previous = new Map<string, StatsSnapshot>((await sampleTargets(client, await targets(), hostFiles)).map((s) => [s.id, s]));
  for (;;) {
    try {
      await delay(INTERVAL_MS, undefined, o.signal ? { signal: o.signal } : {});
    } catch {
      return;
    }
    const current = await sampleTargets(client, await targets(), hostFiles);
    const rows = current.map((s) => statsRow(previous.get(s.id), s, rowOptions));
    const table = renderRows(format, rows, STATS_HEADERS, { defaultTableFormat: DEFAULT_FORMAT });
    io.out(!o.noStream && io.isTTY ? CLEAR_SCREEN + table : table);
    if (o.noStream) return;
    previous = new Map(current.map((s) => [s.id, s]));
  }
}
