// Issue 4's figures: compose config of 50 services against node -e 0, and `up -d` / `down` of a
// 10-service stack against docker-compose (Debian's, on dockerd over the same containerd).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { env, nerdts, ns, paired, root, run, skipped } from './harness.mjs';

export async function composeConfig(rounds) {
  const file = join(root, 'test/fixtures/compose/fifty/compose.yaml');
  await paired('compose config (50 services) vs node -e 0 (bar: <= 3.0x)', [
    { name: 'node -e 0', cmd: 'node', args: ['-e', '0'], reference: true },
    { name: 'nerdts compose config', cmd: nerdts, args: ['compose', '-f', file, 'config'] },
  ], { rounds });
}

export async function composeUpDown(rounds) {
  const file = join(root, 'test/fixtures/compose/bench10/compose.yaml');
  const hasPeer = spawnSync('docker-compose', ['version'], { env, stdio: 'ignore' }).status === 0
    && spawnSync('/usr/bin/docker', ['info'], { env, stdio: 'ignore' }).status === 0;
  if (!hasPeer) skipped('docker-compose columns', 'docker-compose or dockerd missing: bash scripts/bench/peers.sh');
  const nerdtsCompose = ['-n', ns, 'compose', '-p', 'benchstack', '-f', file];
  const dc = ['-p', 'benchstack', '-f', file];
  const n = Math.max(3, Math.min(rounds, 8));
  const up = [
    ...(hasPeer ? [{ name: 'docker-compose up -d', cmd: 'docker-compose', args: [...dc, 'up', '-d'], reference: true,
      down: () => run('docker-compose', [...dc, 'down', '-t', '0'], { allowFail: true }) }] : []),
    { name: 'nerdts compose up -d', cmd: nerdts, args: [...nerdtsCompose, 'up', '-d'],
      down: () => run(nerdts, [...nerdtsCompose, 'down', '-t', '0'], { allowFail: true }) },
  ];
  await paired('compose up -d, 10 services (bar: nerdts <= 1/3 docker-compose)', up, { rounds: n, warmup: 1, after: (c) => c.down() });
  const down = [
    ...(hasPeer ? [{ name: 'docker-compose down', cmd: 'docker-compose', args: [...dc, 'down', '-t', '0'], reference: true,
      up: () => run('docker-compose', [...dc, 'up', '-d']) }] : []),
    { name: 'nerdts compose down', cmd: nerdts, args: [...nerdtsCompose, 'down', '-t', '0'],
      up: () => run(nerdts, [...nerdtsCompose, 'up', '-d']) },
  ];
  await paired('compose down, 10 services (bar: nerdts <= 1/2 docker-compose)', down, { rounds: n, warmup: 1, before: (c) => c.up() });
}
