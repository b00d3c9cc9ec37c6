// Issue 5's figures: a 6-step Dockerfile (FROM, COPY of a 50 MB context, three RUN, CMD), cold
// (--no-cache) and unchanged rebuild, against docker's classic builder (DOCKER_BUILDKIT=0).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { docker, dockerReady, env, nerdts, ns, paired, skipped } from './harness.mjs';

const DOCKERFILE = `FROM 127.0.0.1:5000/busybox:latest
COPY . /ctx
RUN du -s /ctx > /du.txt
RUN echo built > /built.txt
RUN ls /ctx > /list.txt
CMD ["cat", "/built.txt"]
`;

function context() {
  const dir = '/var/tmp/nerdts-bench-build';
  if (!existsSync(join(dir, 'blob-4.bin'))) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `blob-${i}.bin`), randomBytes(10 * 1024 * 1024));
  }
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  return dir;
}

export async function build(rounds) {
  const dir = context();
  const withDocker = dockerReady();
  if (!withDocker) skipped('docker build columns', 'dockerd is not running: bash scripts/bench/peers.sh');
  const classic = { ...env, DOCKER_BUILDKIT: '0' };
  const n = Math.max(3, Math.min(rounds, 6));
  await paired('build, cold (--no-cache), 50 MB context (bar: nerdts <= docker classic builder)', [
    ...(withDocker ? [{ name: 'docker build --no-cache (classic)', cmd: docker, args: ['build', '-q', '--no-cache', '-t', 'bench-build', dir], opts: { env: classic }, reference: true }] : []),
    { name: 'nerdts build --no-cache', cmd: nerdts, args: ['-n', ns, 'build', '-q', '--no-cache', '-t', 'bench-build', dir] },
  ], { rounds: n, warmup: 1 });
  await paired('build, unchanged rebuild (bar: nerdts < 1 s and <= 0.5x docker)', [
    ...(withDocker ? [{ name: 'docker build (classic, cached)', cmd: docker, args: ['build', '-q', '-t', 'bench-build', dir], opts: { env: classic }, reference: true }] : []),
    { name: 'nerdts build (cached)', cmd: nerdts, args: ['-n', ns, 'build', '-q', '-t', 'bench-build', dir] },
  ], { rounds: Math.min(rounds, 15), warmup: 1 });
}
