// `nerdts build` against the real containerd and the fixture registry: config, files, cache hits
// and partial misses, multi-stage, scratch, heredocs, .dockerignore, failures that leak nothing.
// Private namespace and data root; skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-build-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('nerdts build', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-build-root-'));
  const work = mkdtempSync(join(tmpdir(), 'nerdts-build-ctx-'));

  function nerdts(args: string[], input = ''): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[], input = ''): Result {
    const r = nerdts(args, input);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
  function context(name: string, files: Record<string, string>): string {
    const dir = join(work, name);
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    return dir;
  }
  const config = (ref: string): Record<string, unknown> => JSON.parse(ok(['image', 'inspect', '--format', '{{json .Config}}', ref]).stdout) as Record<string, unknown>;
  const runOut = (ref: string, ...cmd: string[]): string => ok(['run', '--rm', '--network', 'none', ref, ...cmd]).stdout;

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('instructions into the image config and files; runnable', () => {
    const dir = context('one', {
      'a.txt': 'hello\n', 'sub/s.txt': 'sub\n', 'secret.txt': 'no\n', '.dockerignore': 'secret.txt\n',
      Dockerfile: [
        `FROM ${BUSYBOX}`, 'ARG WHO=world', 'ENV GREETING=hi', 'WORKDIR /app', 'COPY a.txt sub ./',
        'RUN echo "$GREETING $WHO" > out.txt && id -u > uid.txt', 'COPY <<EOF /app/here.txt', 'inline ${GREETING}', 'EOF',
        'RUN <<EOF', 'echo heredoc > /app/run.txt', 'EOF', 'LABEL com.example.k="v 1"', 'EXPOSE 80 53/udp', 'VOLUME /data',
        'USER 1000:1000', 'STOPSIGNAL SIGINT', 'HEALTHCHECK --interval=5s --retries=2 CMD true', 'ENTRYPOINT ["/bin/sh", "-c"]',
        'CMD ["cat /app/out.txt"]',
      ].join('\n'),
    });
    const r = ok(['build', '-t', 'b-one:1', '-t', 'b-one:2', '--build-arg', 'WHO=you', '--label', 'extra=1', dir]);
    assert.match(r.stderr, /#\d+ \[2\/5\] COPY a.txt sub \.\//);
    const c = config('b-one:1');
    assert.deepEqual(c['ExposedPorts'], { '80/tcp': {}, '53/udp': {} });
    assert.deepEqual(c['Volumes'], { '/data': {} });
    assert.equal(c['WorkingDir'], '/app');
    assert.equal(c['User'], '1000:1000');
    assert.equal(c['StopSignal'], 'SIGINT');
    assert.deepEqual(c['Entrypoint'], ['/bin/sh', '-c']);
    assert.deepEqual(c['Cmd'], ['cat /app/out.txt']);
    assert.ok((c['Env'] as string[]).includes('GREETING=hi'));
    assert.equal((c['Labels'] as Record<string, string>)['com.example.k'], 'v 1');
    assert.equal((c['Labels'] as Record<string, string>)['extra'], '1');
    assert.deepEqual((c['Healthcheck'] as Record<string, unknown>)['Test'], ['CMD-SHELL', 'true']);
    assert.equal(runOut('b-one:2'), 'hi you\n');
    assert.equal(runOut('b-one:1', 'cat a.txt s.txt here.txt run.txt uid.txt; ls /app'),
      'hello\nsub\ninline hi\nheredoc\n0\na.txt\nhere.txt\nout.txt\nrun.txt\ns.txt\nuid.txt\n');
  });

  test('cache: unchanged rebuild runs nothing; a changed file reruns from its COPY; --no-cache', () => {
    const dir = context('cache', {
      'a.txt': 'one\n', 'b.txt': 'b\n',
      Dockerfile: [`FROM ${BUSYBOX}`, 'COPY b.txt /b.txt', 'RUN date +%s%N > /t1', 'COPY a.txt /a.txt', 'RUN cat /a.txt > /t2'].join('\n'),
    });
    const first = ok(['build', '-q', '-t', 'b-cache', dir]).stdout.trim();
    const again = ok(['build', '--progress', 'plain', '-t', 'b-cache', dir]);
    assert.equal((again.stderr.match(/CACHED/g) ?? []).length, 4);
    assert.doesNotMatch(again.stderr, /RUN[^\n]*\n#\d+ DONE/);
    assert.equal(ok(['build', '-q', '-t', 'b-cache', dir]).stdout.trim(), first, 'same image ID');
    const t1 = runOut('b-cache', 'cat', '/t1');
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    const partial = ok(['build', '-t', 'b-cache', dir]);
    assert.equal((partial.stderr.match(/CACHED/g) ?? []).length, 2);
    assert.equal(runOut('b-cache', 'cat', '/t1'), t1);
    assert.equal(runOut('b-cache', 'cat', '/t2'), 'two\n');
    const none = ok(['build', '--no-cache', '-t', 'b-cache', dir]);
    assert.doesNotMatch(none.stderr, /CACHED/);
    assert.notEqual(runOut('b-cache', 'cat', '/t1'), t1);
  });

  test('digest stat cache: kept for settled files; same-size edits with the old mtime, and chmod, invalidate', () => {
    const dir = context('statcache', { 'f.txt': 'aaaa\n', Dockerfile: `FROM ${BUSYBOX}\nCOPY f.txt /f.txt\n` });
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'f.txt'), old, old);
    spawnSync('sleep', ['2.2']); // past the racy window, so the digests are recorded
    const first = ok(['build', '-q', '-t', 'b-stat', dir]).stdout.trim();
    const cacheDir = join(dataRoot, readdirSync(dataRoot).find((d) => existsSync(join(dataRoot, d, 'build-context-digests')))!, 'build-context-digests');
    const id = createHash('sha256').update(dir).digest('hex').slice(0, 32);
    assert.ok(readFileSync(join(cacheDir, `${id}.json`), 'utf8').includes(join(dir, 'f.txt')), 'the digest is recorded');
    assert.equal(ok(['build', '-q', '-t', 'b-stat', dir]).stdout.trim(), first);
    writeFileSync(join(dir, 'f.txt'), 'bbbb\n');
    utimesSync(join(dir, 'f.txt'), old, old);
    const edited = ok(['build', '-q', '-t', 'b-stat', dir]).stdout.trim();
    assert.notEqual(edited, first);
    assert.equal(runOut('b-stat', 'cat', '/f.txt'), 'bbbb\n');
    chmodSync(join(dir, 'f.txt'), 0o755);
    assert.notEqual(ok(['build', '-q', '-t', 'b-stat', dir]).stdout.trim(), edited);
    assert.equal(runOut('b-stat', 'stat', '-c', '%a', '/f.txt'), '755\n');
  });

  test('multi-stage with COPY --from, unneeded stage skipped, scratch, --target, --iidfile', () => {
    const dir = context('multi', {
      Dockerfile: [
        `FROM ${BUSYBOX} AS build`, 'RUN mkdir /out && echo built > /out/result',
        `FROM ${BUSYBOX} AS broken`, 'RUN exit 1',
        'FROM scratch', 'COPY busybox /bin/busybox', 'COPY --from=build /out/result /result', 'CMD ["/bin/busybox", "cat", "/result"]',
      ].join('\n'),
    });
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    const iid = join(work, 'iid');
    const r = ok(['build', '--iidfile', iid, '-t', 'b-multi', dir]);
    assert.doesNotMatch(r.stderr, /exit 1/);
    assert.equal(runOut('b-multi'), 'built\n');
    assert.equal(ok(['image', 'inspect', '--format', '{{.Id}}', 'b-multi']).stdout.trim(), readFileSync(iid, 'utf8'));
    ok(['build', '-t', 'b-target', '--target', 'build', dir]);
    assert.equal(runOut('b-target', 'cat', '/out/result'), 'built\n');
  });

  test('Dockerfile on stdin', () => {
    const r = ok(['build', '-q', '-t', 'b-stdin', '-'], `FROM ${BUSYBOX}\nRUN echo stdin > /s\n`);
    assert.match(r.stdout, /^sha256:[0-9a-f]{64}\n$/);
    assert.equal(runOut('b-stdin', 'cat', '/s'), 'stdin\n');
  });

  test('errors: failing RUN (line, exit code, output), missing source, outside context, ignored Dockerfile; nothing leaked', async () => {
    const dir = context('fail', { Dockerfile: `FROM ${BUSYBOX}\nRUN echo before\nRUN echo oops-output && exit 3\n` });
    const r = nerdts(['build', '-t', 'b-fail', dir]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Dockerfile:3: process "\/bin\/sh -c echo oops-output && exit 3" did not complete successfully: exit code: 3/);
    assert.match(r.stderr, /oops-output/);
    assert.equal(nerdts(['image', 'inspect', 'b-fail']).status, 1);
    const missing = nerdts(['build', '-'], `FROM ${BUSYBOX}\nCOPY nope /x\n`);
    assert.match(missing.stderr, /Dockerfile:2: .*"\/nope": not found/);
    const out2 = context('outside', { Dockerfile: `FROM ${BUSYBOX}\nCOPY ../x /x\n` });
    assert.match(nerdts(['build', out2]).stderr, /forbidden path outside the build context: \.\.\/x/);
    const ign = context('ignored', { Dockerfile: `FROM ${BUSYBOX}\n`, '.dockerignore': 'Dockerfile\n' });
    assert.match(nerdts(['build', ign]).stderr, /excluded by \.dockerignore/);
    assert.match(nerdts(['build', '-'], 'FROM a\nBOGUS x\n').stderr, /line 2, column 1: unknown instruction: BOGUS/);
    const c = await connect(NS);
    try {
      assert.deepEqual((await c.containers.list()).map((x) => x.id), []);
      const snaps = (await c.snapshots.list('overlayfs')).filter((s) => s.kind !== 3);
      assert.deepEqual(snaps.map((s) => s.name), [], 'no active or view snapshots left');
      assert.deepEqual((await c.leases.list()).map((l) => l.id), ['nerdts-build-cache']);
    } finally {
      c.close();
    }
  });

  test('commit: a container\'s changes as a new layer, with -c and -m', () => {
    const id = ok(['run', '-d', '--network', 'none', BUSYBOX, 'sh', '-c', 'echo committed > /c.txt; sleep 600']).stdout.trim();
    try {
      for (let i = 0; i < 50 && nerdts(['exec', id, 'cat', '/c.txt']).status !== 0; i++) spawnSync('sleep', ['0.1']);
      assert.match(ok(['commit', '-c', 'CMD ["cat", "/c.txt"]', '-m', 'msg', id, 'b-commit:1']).stdout, /^sha256:[0-9a-f]{64}\n$/);
    } finally {
      nerdts(['rm', '-f', id]);
    }
    assert.equal(runOut('b-commit:1'), 'committed\n');
  });

  test('builder prune clears the cache', () => {
    const dir = context('prune', { Dockerfile: `FROM ${BUSYBOX}\nRUN echo p > /p\n` });
    ok(['build', '-t', 'b-prune', dir]);
    assert.match(ok(['builder', 'prune', '-f']).stdout, /Deleted [1-9]\d* build cache records/);
    assert.ok(!readdirSync(dataRoot).some((d) => existsSync(join(dataRoot, d, 'build-context-digests'))), 'digest cache dropped too');
    assert.doesNotMatch(ok(['build', '-t', 'b-prune', dir]).stderr, /CACHED/);
  });
});
