// What every benchmark section shares: spawning commands with a timer, medians, paired rounds
// (each candidate once per round, order rotated) and the printed table with ratios.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const root = new URL('../..', import.meta.url).pathname;
export const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // adds ~100 ms to every Node start; see docs/performance.md
export const nerdts = join(root, 'bin/nerdts');
export const ns = 'nerdts-bench';
/** Debian's docker.io client (the one in /usr/local/bin may be newer than the daemon). */
export const docker = '/usr/bin/docker';

/** Runs a command to completion; returns milliseconds (throws on failure unless allowFail). */
export function run(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: opts.env ?? env, stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd, input: opts.input });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** Runs a command and returns its stdout (throws on failure). */
export function output(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { env: opts.env ?? env, encoding: 'utf8', cwd: opts.cwd });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout ?? '';
}

/** Starts a command without waiting; resolves with its exit status. */
export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? env, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

// Busy and total jiffies of all CPUs from /proc/stat.
function cpuTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - (f[4] ?? 0), total };
}

/**
 * Waits (up to `maxMs`) until the machine is quiet: less than `share` of the CPUs busy over
 * 100 ms. What one candidate leaves running after its turn (dockerd's cleanup after a
 * docker-compose down, a logger finishing after a nerdts one) must not land in the next's time.
 */
export async function settle(maxMs = 3000, share = 0.15) {
  const end = performance.now() + maxMs;
  let last = cpuTicks();
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuTicks();
    const busy = (now.busy - last.busy) / Math.max(1, now.total - last.total);
    last = now;
    if (busy < share) return;
  }
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/**
 * Runs each candidate once per round, rotating the order, and prints medians and paired ratios.
 * A candidate is {name, cmd, args} or {name, measure: async () => ms}; before/after run untimed.
 */
export async function paired(title, candidates, { rounds, warmup = 2, before, after } = {}) {
  const times = candidates.map(() => []);
  for (let r = -warmup; r < rounds; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + Math.max(r, 0)) % candidates.length;
      const c = candidates[i];
      await before?.(c);
      await settle();
      const ms = c.measure ? await c.measure() : run(c.cmd, c.args, c.opts);
      await after?.(c);
      if (r >= 0) times[i].push(ms);
    }
  }
  console.log(`\n## ${title} (${rounds} rounds, medians)`);
  const ref = candidates.findIndex((c) => c.reference);
  for (let i = 0; i < candidates.length; i++) {
    const ratio = ref >= 0 && i !== ref ? median(times[i].map((t, j) => t / times[ref][j])) : undefined;
    console.log(`${candidates[i].name.padEnd(40)} ${median(times[i]).toFixed(1).padStart(9)} ms${ratio ? `   ${ratio.toFixed(2)}x ${candidates[ref].name}` : ''}`);
  }
  return times.map(median);
}

/** Whether dockerd answers (scripts/bench/peers.sh starts it on nerdts' containerd). */
export function dockerReady() {
  return spawnSync(docker, ['info', '--format', '{{.ServerVersion}}'], { env, stdio: 'ignore' }).status === 0;
}

/** Prints why a peer is missing, once per section. */
export function skipped(what, why) {
  console.log(`\n## ${what}: skipped (${why})`);
}
