// Issue 3's figures: run --rm, time to first HTTP 200 on a published port, ps with 30 running
// containers, per-container private memory, and 20 parallel runs; nerdts next to docker and ctr.
import { readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { docker, dockerReady, nerdts, ns, output, paired, run, runAsync, skipped } from './harness.mjs';

const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const HTTPD = '127.0.0.1:5000/httpd:latest';
const n = (args) => [nerdts, ['-n', ns, ...args]];

function httpOk(port) {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

/** Milliseconds from spawning `run -d -p` until 127.0.0.1:port answers 200. */
async function firstOk(cmd, args, port) {
  const t0 = performance.now();
  const started = runAsync(cmd, args);
  for (;;) {
    if (await httpOk(port)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  if (await started !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  return ms;
}

async function runRm(rounds, withDocker) {
  let k = 0;
  await paired('run --rm IMAGE true, default bridge (bar: nerdts <= 1.1x docker)', [
    ...(withDocker ? [{ name: 'docker run --rm', cmd: docker, args: ['run', '--rm', BUSYBOX, 'true'], reference: true }] : []),
    { name: 'nerdts run --rm', cmd: nerdts, args: ['-n', ns, 'run', '--rm', BUSYBOX, 'true'] },
    { name: 'ctr run --rm (no network)', measure: () => run('ctr', ['-n', ns, 'run', '--rm', BUSYBOX, `bench-ctr-${process.pid}-${k++}`, 'true']) },
  ], { rounds });
}

async function httpFirst(rounds, withDocker) {
  const port = 18950;
  const candidates = [
    ...(withDocker ? [{ name: 'docker run -d -p', reference: true, rm: () => run(docker, ['rm', '-f', 'bench-web'], { allowFail: true }),
      measure: () => firstOk(docker, ['run', '-d', '--name', 'bench-web', '-p', `${port}:80`, HTTPD], port) }] : []),
    { name: 'nerdts run -d -p', rm: () => run(...n(['rm', '-f', 'bench-web']), { allowFail: true }),
      measure: () => firstOk(...n(['run', '-d', '--name', 'bench-web', '-p', `${port}:80`, HTTPD]), port) },
  ];
  await paired('run -d -p P:80 httpd until the first HTTP 200 (bar: nerdts <= docker)', candidates, { rounds, after: (c) => c.rm() });
}

function startSleepers(count, prefix) {
  for (let i = 0; i < count; i++) run(...n(['run', '-d', '--name', `${prefix}-${i}`, BUSYBOX, 'sleep', '3600']));
}

function removeAll(prefix) {
  const ids = output(nerdts, ['-n', ns, 'ps', '-aq', '--filter', `name=${prefix}`]).split('\n').filter(Boolean);
  if (ids.length) run(...n(['rm', '-f', ...ids]), { allowFail: true });
}

async function psWith30(rounds, withDocker) {
  startSleepers(30, 'bench-ps');
  if (withDocker) for (let i = 0; i < 30; i++) run(docker, ['run', '-d', '--name', `bench-ps-${i}`, BUSYBOX, 'sleep', '3600']);
  try {
    await paired('ps with 30 running containers (bar: nerdts <= 2.0x node -e 0)', [
      { name: 'node -e 0', cmd: 'node', args: ['-e', '0'], reference: true },
      { name: 'nerdts ps', cmd: nerdts, args: ['-n', ns, 'ps'] },
      ...(withDocker ? [{ name: 'docker ps', cmd: docker, args: ['ps'] }] : []),
    ], { rounds });
    memory();
  } finally {
    removeAll('bench-ps');
    if (withDocker) run(docker, ['rm', '-f', ...Array.from({ length: 30 }, (_, i) => `bench-ps-${i}`)], { allowFail: true });
  }
}

/** Private memory (USS) of a process: its private clean and dirty pages. */
function ussKiB(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return field('Private_Clean') + field('Private_Dirty');
}

/** The per-container processes nerdts adds (log stubs or loggers), and the log relay they share. */
function memory() {
  const procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const read = (p, f) => { try { return readFileSync(`/proc/${p}/${f}`, 'utf8'); } catch { return ''; } };
  const pids = procs.filter((p) => read(p, 'cmdline').includes('_NERDCTL_INTERNAL_LOGGING'));
  const relays = procs.filter((p) => read(p, 'comm').trim() === 'nerdts-relay');
  const uss = pids.map(ussKiB).sort((a, b) => a - b);
  const relayKiB = relays.map(ussKiB).reduce((a, b) => a + b, 0);
  const mib = (k) => (k / 1024).toFixed(1);
  console.log(`\n## private memory (USS) of nerdts' per-container processes, ${pids.length} running (bar: <= 15 MB each)`);
  if (uss.length) {
    const share = relayKiB / pids.length;
    console.log(`median ${mib(uss[uss.length >> 1])} MiB, max ${mib(uss[uss.length - 1])} MiB per container process; log relay ${mib(relayKiB)} MiB (${relays.length} process), ` +
      `so at most ${mib(uss[uss.length - 1] + share)} MiB per container (docker adds none per container: dockerd is shared)`);
  }
}

async function parallel20(rounds, withDocker) {
  const burst = async (cmd, prefix) => {
    const t0 = performance.now();
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => runAsync(cmd[0], [...cmd[1], 'run', '-d', '--name', `${prefix}-${i}`, BUSYBOX, 'sleep', '3600'])));
    const names = Array.from({ length: 20 }, (_, i) => `${prefix}-${i}`);
    await Promise.all(names.map((name) => runAsync(cmd[0], [...cmd[1], 'rm', '-f', name])));
    if (codes.some((c) => c !== 0)) throw new Error(`a parallel run failed: ${codes}`);
    return performance.now() - t0;
  };
  await paired('20 run -d in parallel, then 20 rm -f in parallel', [
    ...(withDocker ? [{ name: 'docker', reference: true, measure: () => burst([docker, []], 'bench-par') }] : []),
    { name: 'nerdts', measure: () => burst([nerdts, ['-n', ns]], 'bench-par') },
  ], { rounds: Math.max(2, Math.min(rounds, 5)), warmup: 1 });
}

/** All container figures; docker columns only when dockerd runs (scripts/bench/peers.sh). */
export async function containers(rounds) {
  const withDocker = dockerReady();
  if (!withDocker) skipped('docker columns', 'dockerd is not running: bash scripts/bench/peers.sh');
  await runRm(Math.min(rounds, 20), withDocker);
  await httpFirst(Math.min(rounds, 15), withDocker);
  await psWith30(rounds, withDocker);
  await parallel20(rounds, withDocker);
}
