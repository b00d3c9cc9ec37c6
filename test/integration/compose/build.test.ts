// compose build and up's build step end to end through the built CLI against real containerd:
// test/fixtures/compose/build builds a busybox httpd image serving index.html. Private namespace
// and data root; the fixture registry must run (bash test/fixtures/services.sh start).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const NS = `nerdts-compose-build-${process.pid}`;
const DIR = join(REPO, 'test', 'fixtures', 'compose', 'build');
const PROJECT = 'cbuild';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

/** The body of one GET (undefined when nothing answers). */
function httpBody(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

interface Result { status: number; stdout: string; stderr: string }

describe('compose build / up --build', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-compose-build-'));

  function nerdts(args: string[]): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { cwd: DIR, env, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): Result {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }

  before(() => { ok(['pull', '-q', '127.0.0.1:5000/busybox:latest']); });
  after(async () => {
    nerdts(['compose', '-p', PROJECT, 'down', '-v', '-t', '0']);
    const left = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (left.length) nerdts(['rm', '-f', ...left]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('up --no-build fails while the image is missing', () => {
    const r = nerdts(['compose', '-p', PROJECT, 'up', '-d', '--no-build']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /No such image: cbuild-web/);
  });

  test('up -d --build builds <project>-<service> and serves the page; build again is cached', async () => {
    const r = ok(['compose', '-p', PROJECT, 'up', '-d', '--build']);
    assert.match(r.stderr, /COPY index\.html/);
    assert.match(r.stderr, /cbuild-web-1\s+Started/);
    assert.match(ok(['images', '--format', '{{.Repository}}:{{.Tag}}']).stdout, /^cbuild-web:latest$/m);
    assert.match(await httpBody('http://127.0.0.1:23817/') ?? '', /built by compose/);
    const again = ok(['compose', '-p', PROJECT, 'build']);
    assert.match(again.stderr, /CACHED/);
    // up without --build reuses the image: the container is left alone.
    assert.match(ok(['compose', '-p', PROJECT, 'up', '-d']).stderr, /cbuild-web-1\s+Running/);
    ok(['compose', '-p', PROJECT, 'down', '-t', '0']);
    ok(['rmi', 'cbuild-web']);
  });

  test('build.additional_contexts: a named directory for COPY --from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-compose-named-'));
    try {
      mkdirSync(join(dir, 'app'));
      mkdirSync(join(dir, 'shared'));
      writeFileSync(join(dir, 'shared', 'data.txt'), 'shared data\n');
      writeFileSync(join(dir, 'compose.yaml'), ['services:', '  app:', '    build:', '      context: ./app',
        '      additional_contexts:', '        shared: ./shared',
        '      dockerfile_inline: |', '        FROM 127.0.0.1:5000/busybox:latest', '        COPY --from=shared /data.txt /data.txt', ''].join('\n'));
      ok(['compose', '-p', 'cnamed', '-f', join(dir, 'compose.yaml'), 'build']);
      assert.equal(ok(['run', '--rm', '--network', 'none', 'cnamed-app', 'cat', '/data.txt']).stdout, 'shared data\n');
      ok(['rmi', 'cnamed-app']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
