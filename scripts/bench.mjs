// `npm run bench`: runs nerdts and its references side by side in one run (alternating, paired)
// and prints medians and paired ratios. Timings live here, never in pass/fail tests.
// usage: node scripts/bench.mjs [--rounds N] [section...]
//   sections: startup pull containers compose build (default: all)
// Peers: `ctr` always; docker/docker-compose when dockerd runs (bash scripts/bench/peers.sh starts it
// on the same containerd). Sections whose peer is missing print nerdts' figures alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './bench/build.mjs';
import { composeConfig, composeUpDown } from './bench/compose.mjs';
import { containers } from './bench/containers.mjs';
import { env, nerdts, ns, paired, root, run } from './bench/harness.mjs';

const argv = process.argv.slice(2);
const rounds = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 30;
const sections = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds');
const want = (s) => sections.length === 0 || sections.includes(s);

async function startup() {
  await paired('start-up: nerdts images vs node -e 0 (bar: <= 2.0x)', [
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'], reference: true },
    { name: 'nerdts images', cmd: nerdts, args: ['-n', ns, 'images'] },
    { name: 'ctr images ls', cmd: 'ctr', args: ['-n', ns, 'images', 'ls'] },
  ], { rounds, warmup: 3 });
  await paired('start-up: nerdts version vs ctr version', [
    { name: 'ctr version', cmd: 'ctr', args: ['version'], reference: true },
    { name: 'nerdts version', cmd: nerdts, args: ['version'] },
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'] },
  ], { rounds, warmup: 3 });
}

async function pull() {
  const ref = '127.0.0.1:5000/bench:latest';
  const mb = Number(process.env.NERDTS_BENCH_IMAGE_MB ?? 200);
  const clean = () => {
    run('ctr', ['-n', ns, 'images', 'rm', '--sync', ref], { allowFail: true });
    run(nerdts, ['-n', ns, 'rmi', '-f', ref], { allowFail: true });
  };
  const [tc, tn] = await paired(`cold pull of ${ref} (~${mb} MB, 8 layers; bar: nerdts >= 1.2x ctr throughput)`, [
    { name: 'ctr images pull --plain-http', cmd: 'ctr', args: ['-n', ns, 'images', 'pull', '--plain-http', ref], reference: true },
    { name: 'nerdts pull', cmd: nerdts, args: ['-n', ns, 'pull', '-q', ref] },
  ], { rounds: Math.max(3, Math.min(rounds, 5)), warmup: 1, before: clean });
  console.log(`throughput: ctr ${(mb / (tc / 1000)).toFixed(1)} MB/s, nerdts ${(mb / (tn / 1000)).toFixed(1)} MB/s, ratio ${(tc / tn).toFixed(2)}x`);
  clean();
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
if (want('startup')) await startup();
if (want('pull')) await pull();
if (want('containers')) await containers(rounds);
if (want('compose')) { await composeConfig(rounds); await composeUpDown(rounds); }
if (want('build')) await build(rounds);
