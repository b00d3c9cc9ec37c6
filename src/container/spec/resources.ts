// Cgroup resource limits from run/create flags (-m, --memory-swap, --cpus, --pids-limit, ...),
// validated with docker's rules and messages.
import { NerdtsError } from '../../errors';
import { flagError, parseCpusFlag, parseSizeFlag } from './flag-values';
import type { Cpu, Memory, Spec } from './types';

// docker refuses limits below 6 MiB: the container would not get far.
const MIN_MEMORY = 6 * 1024 * 1024;
const CFS_PERIOD_US = 100_000;

export interface ResourceFlags {
  memory?: string;
  /** "-1" for unlimited swap. */
  memorySwap?: string;
  memoryReservation?: string;
  memorySwappiness?: number;
  oomKillDisable?: boolean;
  cpus?: string;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  oomScoreAdj?: number;
  /** Host CPU count, for docker's --cpus range check; skipped when unknown. */
  hostCpus?: number;
}

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);

/** The memory section: -m, --memory-swap (default twice -m), --memory-reservation, swappiness, OOM killer. */
export function memoryResources(flags: ResourceFlags): Memory | undefined {
  const limit = flags.memory ? parseSizeFlag(flags.memory, '-m, --memory') : 0;
  let swap = 0;
  if (flags.memorySwap) swap = flags.memorySwap === '-1' ? -1 : parseSizeFlag(flags.memorySwap, '--memory-swap');
  const reservation = flags.memoryReservation ? parseSizeFlag(flags.memoryReservation, '--memory-reservation') : 0;
  if (limit !== 0 && limit < MIN_MEMORY) throw invalid('Minimum memory limit allowed is 6MB');
  if (limit > 0 && swap > 0 && swap < limit) throw invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  if (limit === 0 && swap > 0) throw invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
  if (reservation > 0 && reservation < MIN_MEMORY) throw invalid('Minimum memory reservation allowed is 6MB');
  if (limit > 0 && reservation > 0 && limit < reservation) {
    throw invalid('Minimum memory limit can not be less than memory reservation limit, see usage');
  }
  const swappiness = flags.memorySwappiness;
  if (swappiness !== undefined && swappiness !== -1 && (swappiness < 0 || swappiness > 100)) {
    throw invalid(`Invalid value: ${swappiness}, valid memory swappiness range is 0-100`);
  }
  if (limit > 0 && swap === 0) swap = limit * 2;
  const memory: Memory = {};
  if (limit > 0) memory.limit = limit;
  if (reservation > 0) memory.reservation = reservation;
  if (swap > 0) memory.swap = swap;
  if (swappiness !== undefined && swappiness >= 0) memory.swappiness = swappiness;
  if (flags.oomKillDisable !== undefined) memory.disableOOMKiller = flags.oomKillDisable;
  return Object.keys(memory).length ? memory : undefined;
}

/** The cpu section: shares, --cpus as a CFS quota over a 100ms period, explicit quota/period, cpusets. */
export function cpuResources(flags: ResourceFlags): Cpu | undefined {
  const nano = flags.cpus ? parseCpusFlag(flags.cpus) : 0;
  const { cpuPeriod: period = 0, cpuQuota: quota = 0, cpuShares: shares = 0 } = flags;
  if (nano > 0 && period > 0) throw invalid('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano > 0 && quota > 0) throw invalid('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  if (nano !== 0 && flags.hostCpus !== undefined && (nano < 0 || nano > flags.hostCpus * 1e9)) {
    throw invalid(`range of CPUs is from 0.01 to ${flags.hostCpus}.00, as there are only ${flags.hostCpus} CPUs available`);
  }
  if (period !== 0 && (period < 1000 || period > 1_000_000)) {
    throw invalid('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  }
  if (quota > 0 && quota < 1000) throw invalid('CPU cfs quota can not be less than 1ms (i.e. 1000)');
  if (shares < 0) throw invalid(`invalid CPU shares (${shares}): value must be a positive integer`);
  const cpu: Cpu = {};
  if (shares > 0) cpu.shares = shares;
  if (flags.cpusetCpus) cpu.cpus = flags.cpusetCpus;
  if (flags.cpusetMems) cpu.mems = flags.cpusetMems;
  if (nano > 0) {
    cpu.period = CFS_PERIOD_US;
    cpu.quota = Math.trunc((nano * CFS_PERIOD_US) / 1e9);
  }
  if (period !== 0) cpu.period = period;
  if (quota !== 0) cpu.quota = quota;
  return Object.keys(cpu).length ? cpu : undefined;
}

/** Applies memory, cpu, pids and oom-score-adj; untouched sections stay as they were. */
export function withResources(spec: Spec, flags: ResourceFlags): void {
  const memory = memoryResources(flags);
  const cpu = cpuResources(flags);
  const resources = (spec.linux.resources ??= {});
  if (memory) resources.memory = memory;
  if (cpu) resources.cpu = cpu;
  // docker: zero or negative means "unlimited", which the runtime spells -1.
  if (flags.pidsLimit !== undefined) resources.pids = { limit: flags.pidsLimit > 0 ? flags.pidsLimit : -1 };
  if (flags.oomScoreAdj !== undefined) {
    const score = flags.oomScoreAdj;
    if (!Number.isInteger(score) || score < -1000 || score > 1000) {
      throw invalid(`Invalid value ${score}, range for oom score adj is [-1000, 1000]`);
    }
    spec.process.oomScoreAdj = score;
  }
}

const ULIMIT_NAMES = new Set([
  'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss',
  'rtprio', 'rttime', 'sigpending', 'stack',
]);

export interface Ulimit { name: string; soft: number; hard: number }

/** Parses --ulimit "nofile=1024[:2048]" (hard defaults to soft, -1 is unlimited); docker's errors. */
export function parseUlimit(value: string): Ulimit {
  const fail = (reason: string): NerdtsError => flagError(value, '--ulimit', reason);
  const eq = value.indexOf('=');
  if (eq === -1) throw fail(`invalid ulimit argument: ${value}`);
  const name = value.slice(0, eq);
  if (!ULIMIT_NAMES.has(name)) throw fail(`invalid ulimit type: ${name}`);
  const parts = value.slice(eq + 1).split(':');
  if (parts.length > 2) {
    throw fail(`too many limit value arguments - ${value.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  }
  const toInt = (text: string): number => {
    if (!/^[+-]?\d+$/.test(text)) throw fail(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
    return Number(text);
  };
  const hard = parts.length === 2 ? toInt(parts[1]!) : undefined;
  const soft = toInt(parts[0]!);
  const effectiveHard = hard ?? soft;
  if (effectiveHard !== -1) {
    if (soft === -1) throw fail(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${effectiveHard}`);
    if (soft > effectiveHard) throw fail(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${effectiveHard}`);
  }
  return { name, soft, hard: effectiveHard };
}

// The runtime spec stores limits as uint64: -1 (unlimited) is RLIM_INFINITY, as docker's cast gives.
const RLIM_INFINITY = 2n ** 64n - 1n;
const asRlimit = (n: number): number | bigint => (n === -1 ? RLIM_INFINITY : n);

/** Sets process.rlimits from --ulimit values (last one per name wins, sorted by name, as docker). */
export function withUlimits(spec: Spec, values: readonly string[]): void {
  const byName = new Map<string, Ulimit>();
  for (const v of values) {
    const u = parseUlimit(v);
    byName.set(u.name, u);
  }
  const limits = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (limits.length === 0) { delete spec.process.rlimits; return; }
  spec.process.rlimits = limits.map((u) => ({ type: `RLIMIT_${u.name.toUpperCase()}`, soft: asRlimit(u.soft), hard: asRlimit(u.hard) }));
}
