// Build features the larger suites do not reach: RUN --mount=type=tmpfs, the predefined platform
// ARGs, a Dockerfile-specific ignore file (<Dockerfile>.dockerignore wins over .dockerignore),
// and compose's `pull_policy: build` with an image name. Private namespace and data root.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-build-extras-${process.pid}`;
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

describe('build extras', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-build-extras-root-'));
  const work = mkdtempSync(join(tmpdir(), 'nerdts-build-extras-'));
  const nerdts = (args: string[], cwd = work) => {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, cwd, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], cwd = work): string => {
    const r = nerdts(args, cwd);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const files = (dir: string, content: Record<string, string>): string => {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(content)) writeFileSync(join(dir, name), text);
    return dir;
  };
  after(() => {
    nerdts(['compose', '-p', 'bx', 'down', '--rmi', 'all'], join(work, 'stack'));
    for (const image of ['bx-tmpfs', 'bx-ignore']) nerdts(['rmi', '-f', image]);
    rmSync(work, { recursive: true, force: true });
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('RUN --mount=type=tmpfs is empty scratch that leaves nothing in the layer; platform ARGs are predefined', () => {
    const dir = files(join(work, 'tmpfs'), {
      Dockerfile: 'FROM 127.0.0.1:5000/busybox:latest\n'
        + 'RUN --mount=type=tmpfs,target=/scratch sh -c \'test -z "$(ls -A /scratch)" && echo x > /scratch/f && grep -q tmpfs /proc/mounts\'\n'
        + 'ARG TARGETPLATFORM\nARG BUILDPLATFORM\nARG TARGETARCH\nARG TARGETOS\n'
        + 'RUN echo "$TARGETPLATFORM $BUILDPLATFORM $TARGETOS/$TARGETARCH" > /platforms\n',
    });
    ok(['build', '-q', '-t', 'bx-tmpfs', dir]);
    const out = ok(['run', '--rm', '--network', 'none', 'bx-tmpfs', 'sh', '-c', 'ls -A /scratch 2>/dev/null | wc -l; cat /platforms']);
    assert.equal(out, '0\nlinux/amd64 linux/amd64 linux/amd64\n');
  });

  test('<Dockerfile>.dockerignore is used instead of .dockerignore', () => {
    const dir = files(join(work, 'ignore'), {
      'app.Dockerfile': 'FROM 127.0.0.1:5000/busybox:latest\nCOPY . /ctx/\n',
      'app.Dockerfile.dockerignore': 'secret.txt\n',
      '.dockerignore': 'kept.txt\n',
      'secret.txt': 's', 'kept.txt': 'k',
    });
    ok(['build', '-q', '-f', join(dir, 'app.Dockerfile'), '-t', 'bx-ignore', dir]);
    assert.equal(ok(['run', '--rm', '--network', 'none', 'bx-ignore', 'ls', '-A', '/ctx']).split('\n').filter(Boolean).sort().join(','),
      ['.dockerignore', 'app.Dockerfile', 'app.Dockerfile.dockerignore', 'kept.txt'].sort().join(','));
  });

  test('compose pull_policy: build builds the named image even when it exists', () => {
    const dir = files(join(work, 'stack'), {
      'compose.yaml': 'services:\n  app:\n    image: bx-app:1\n    pull_policy: build\n    build: .\n    command: ["cat", "/stamp"]\n',
      Dockerfile: 'FROM 127.0.0.1:5000/busybox:latest\nARG STAMP=one\nRUN echo $STAMP > /stamp\n',
    });
    ok(['compose', '-p', 'bx', 'up', '--no-start'], dir);
    const first = ok(['image', 'inspect', '-f', '{{.Id}}', 'bx-app:1']).trim();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM 127.0.0.1:5000/busybox:latest\nARG STAMP=two\nRUN echo $STAMP > /stamp\n');
    ok(['compose', '-p', 'bx', 'up', '--no-start'], dir);
    assert.notEqual(ok(['image', 'inspect', '-f', '{{.Id}}', 'bx-app:1']).trim(), first, 'rebuilt although bx-app:1 existed');
  });
});
