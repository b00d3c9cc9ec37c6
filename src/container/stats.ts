// `stats` rows: docker's CPU %, memory, network and block I/O figures from cgroup samples, the
// host's /proc/stat and the container's /proc/<pid>/net/dev.
import { binarySize, humanSize } from '../units';
import type { CgroupSample } from './cgroup-metrics';

/** What `stats` knows about one container at one moment. */
export interface StatsSnapshot {
  id: string;
  name: string;
  /** The reference the user named the container by (docker's Container column); the ID when listed. */
  ref?: string;
  /** Undefined when the container has no live task (docker prints zeros). */
  cgroup?: CgroupSample;
  /** Host CPU time of all CPUs, nanoseconds (docker's system_cpu_usage). */
  systemNs: number;
  netRx: number;
  netTx: number;
}

/** docker's stats row: the fields `--format` sees. */
export interface StatsRow {
  ID: string;
  Container: string;
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

/** docker's table headers for the row fields. */
export const STATS_HEADERS: Readonly<Record<string, string>> = {
  ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

/** CPU % as docker computes it: container CPU delta over host CPU delta, times the CPU count. */
export function cpuPercent(prev: StatsSnapshot | undefined, cur: StatsSnapshot, hostCpus: number): number {
  if (!prev?.cgroup || !cur.cgroup) return 0;
  const cpuDelta = cur.cgroup.cpuNs - prev.cgroup.cpuNs;
  const systemDelta = cur.systemNs - prev.systemNs;
  const cpus = cur.cgroup.onlineCpus || hostCpus;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Memory usage without the inactive file cache (docker's "usage minus cache"). */
export function memoryUsage(s: CgroupSample): number {
  return s.inactiveFile < s.memoryUsage ? s.memoryUsage - s.inactiveFile : s.memoryUsage;
}

/** The row for a snapshot; `prev` is the same container's previous snapshot, if any. */
export function statsRow(prev: StatsSnapshot | undefined, cur: StatsSnapshot,
  o: { noTrunc: boolean; hostCpus: number; hostMemory: number }): StatsRow {
  const id = o.noTrunc ? cur.id : cur.id.slice(0, 12);
  const c = cur.cgroup;
  const used = c ? memoryUsage(c) : 0;
  // An unlimited cgroup reports a huge limit: docker shows the host's memory instead.
  const limit = c ? (c.memoryLimit > 0 && c.memoryLimit < o.hostMemory ? c.memoryLimit : o.hostMemory) : 0;
  const memPerc = c && limit > 0 ? (used / limit) * 100 : 0;
  // Alphabetical, as docker's `--format json` prints the fields.
  return {
    BlockIO: `${humanSize(c?.blockRead ?? 0)} / ${humanSize(c?.blockWrite ?? 0)}`,
    CPUPerc: `${cpuPercent(prev, cur, o.hostCpus).toFixed(2)}%`,
    Container: cur.ref ?? id, ID: id,
    MemPerc: `${memPerc.toFixed(2)}%`,
    MemUsage: `${binarySize(used)} / ${binarySize(limit)}`,
    Name: cur.name,
    NetIO: `${humanSize(cur.netRx)} / ${humanSize(cur.netTx)}`,
    PIDs: String(c?.pids ?? 0),
  };
}

/** Sum of the "cpu" line of /proc/stat in nanoseconds (USER_HZ ticks of 10ms). */
export function systemCpuNs(procStat: string): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const ticks = line.trim().split(/\s+/).slice(1, 8).reduce((sum, v) => sum + Number(v), 0);
  return ticks * 10_000_000;
}

/** Received and sent bytes of every interface but lo in a /proc/<pid>/net/dev text. */
export function netDevTotals(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice(0, colon).trim() === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
  }
  return { rx, tx };
}
