// `npm run bench`: runs nerdts and its references side by side in one run (alternating, paired)
// and prints medians and paired ratios. Timings live here, never in pass/fail tests.
// usage: node scripts/bench.mjs [--rounds N] [section...]   sections: startup pull (default: all)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const rounds = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 30;
const sections = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds');
const want = (s) => sections.length === 0 || sections.includes(s);

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // adds ~100 ms to every Node start; see docs/performance.md
const nerdts = join(root, 'bin/nerdts');
const ns = 'nerdts-bench';

function run(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  }
  return ms;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Runs each candidate once per round, rotating the order, and reports medians and paired ratios. */
function paired(title, candidates, { rounds: n = rounds, warmup = 3, before } = {}) {
  const times = candidates.map(() => []);
  for (let r = -warmup; r < n; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + Math.max(r, 0)) % candidates.length;
      before?.(candidates[i]);
      const ms = run(candidates[i].cmd, candidates[i].args);
      if (r >= 0) times[i].push(ms);
    }
  }
  console.log(`\n## ${title} (${n} rounds, medians)`);
  const ref = candidates.findIndex((c) => c.reference);
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const ratio = ref >= 0 && i !== ref ? median(times[i].map((t, j) => t / times[ref][j])) : undefined;
    console.log(`${c.name.padEnd(34)} ${median(times[i]).toFixed(1).padStart(8)} ms${ratio ? `   ${ratio.toFixed(2)}x ${candidates[ref].name}` : ''}`);
  }
  return times.map(median);
}

function startup() {
  paired('start-up: nerdts images vs node -e 0 (bar: <= 2.0x)', [
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'], reference: true },
    { name: 'nerdts images', cmd: nerdts, args: ['-n', ns, 'images'] },
    { name: 'ctr images ls', cmd: 'ctr', args: ['-n', ns, 'images', 'ls'] },
  ]);
  paired('start-up: nerdts version vs ctr version', [
    { name: 'ctr version', cmd: 'ctr', args: ['version'], reference: true },
    { name: 'nerdts version', cmd: nerdts, args: ['version'] },
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'] },
  ]);
}

function pull() {
  const ref = '127.0.0.1:5000/bench:latest';
  const mb = Number(process.env.NERDTS_BENCH_IMAGE_MB ?? 200);
  const clean = () => {
    run('ctr', ['-n', ns, 'images', 'rm', '--sync', ref], { allowFail: true });
    run(nerdts, ['-n', ns, 'rmi', '-f', ref], { allowFail: true });
  };
  const n = Math.max(3, Math.min(rounds, 5));
  const [tc, tn] = paired(`cold pull of ${ref} (~${mb} MB, 8 layers; bar: nerdts >= 1.2x ctr throughput)`, [
    { name: 'ctr images pull --plain-http', cmd: 'ctr', args: ['-n', ns, 'images', 'pull', '--plain-http', ref], reference: true },
    { name: 'nerdts pull', cmd: nerdts, args: ['-n', ns, 'pull', '-q', ref] },
  ], { rounds: n, warmup: 1, before: clean });
  console.log(`throughput: ctr ${(mb / (tc / 1000)).toFixed(1)} MB/s, nerdts ${(mb / (tn / 1000)).toFixed(1)} MB/s, ratio ${(tc / tn).toFixed(2)}x`);
  clean();
}

function compose() {
  const file = join(root, 'test/fixtures/compose/fifty/compose.yaml');
  paired('compose: nerdts compose config (50 services) vs node -e 0 (bar: <= 3.0x)', [
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'], reference: true },
    { name: 'nerdts compose config', cmd: nerdts, args: ['compose', '-f', file, 'config'] },
  ]);
}

/** Registries with the fixture images (and the 200 MB bench image), and a handful of images in the namespace. */
function prepare() {
  const r = spawnSync('bash', [join(root, 'test/fixtures/services.sh'), 'start', '--bench'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('could not start the fixture registries');
  for (const image of ['busybox:latest', 'httpd:latest', 'multilayer:latest', 'multiplatform:latest', 'busybox:docker']) {
    run(nerdts, ['-n', ns, 'pull', '-q', `127.0.0.1:5000/${image}`]);
  }
}

if (!existsSync(join(root, 'dist/nerdts.js'))) throw new Error('build first: npm run build');
console.log(`# nerdts benchmark — ${new Date().toISOString()} — node ${process.version}`);
prepare();
if (want('startup')) startup();
if (want('pull')) pull();
if (want('compose')) compose();
