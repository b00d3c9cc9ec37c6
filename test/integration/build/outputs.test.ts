// `nerdts build` outputs and modes: -o type=tar (file and stdout), --progress tty (forced on a pipe),
// --network bridge (RUN on the default CNI bridge, released after each step).
// Private namespace and data root; skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-build-out-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: Buffer; stderr: string }

describe('nerdts build outputs', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-build-out-root-'));
  const work = mkdtempSync(join(tmpdir(), 'nerdts-build-out-ctx-'));

  function nerdts(args: string[]): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, timeout: 120_000, maxBuffer: 64 << 20 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  }
  function ok(args: string[]): Result {
    const r = nerdts(args);
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
  const tar = (args: string[], input?: Buffer): string => {
    const r = spawnSync('tar', args, { ...(input && { input }), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('-o type=tar,dest=FILE and dest=-: the final filesystem as a plain tar', () => {
    const dir = context('tar', {
      'a.txt': 'from context\n',
      Dockerfile: [`FROM ${BUSYBOX} AS base`, 'RUN echo built > /built.txt', 'FROM scratch',
        'COPY --from=base /built.txt /bin/busybox /', 'COPY a.txt /sub/a.txt', 'RUN ["/busybox", "sh", "-c", "echo ran > /ran.txt"]'].join('\n'),
    });
    const file = join(work, 'out.tar');
    ok(['build', '-o', `type=tar,dest=${file}`, dir]);
    const names = tar(['-tf', file]).split('\n').filter(Boolean).sort();
    for (const n of ['built.txt', 'busybox', 'ran.txt', 'sub/', 'sub/a.txt']) assert.ok(names.includes(n), `${n} missing from ${names.join(' ')}`);
    assert.ok(!names.some((n) => n.startsWith('/') || n.startsWith('./')), 'names are relative');
    assert.equal(tar(['-xOf', file, 'ran.txt']), 'ran\n');
    assert.equal(tar(['-xOf', file, 'built.txt']), 'built\n');
    assert.equal(tar(['-xOf', file, 'sub/a.txt']), 'from context\n');
    const r = ok(['build', '-q', '-o', 'type=tar,dest=-', dir]);
    assert.equal(r.stdout.subarray(257, 262).toString(), 'ustar');
    assert.equal(tar(['-xOf', '-', 'ran.txt'], r.stdout), 'ran\n');
    assert.equal(r.stdout.length % 512, 0, 'nothing but the archive on stdout (no image ID with -q)');
  });

  test('--progress tty: a redrawn step view, the final frame, a failed step\'s output', () => {
    const dir = context('tty', { Dockerfile: [`FROM ${BUSYBOX}`, 'RUN echo tty-step-output && echo done > /x'].join('\n') });
    const r = ok(['build', '--progress', 'tty', '--no-cache', dir]);
    assert.match(r.stderr, /\[\+\] Building \d+\.\ds \(3\/3\) FINISHED/);
    assert.match(r.stderr, / => \[2\/2\] RUN echo tty-step-output/);
    assert.match(r.stderr, / => exporting to image +\d+\.\ds/);
    assert.doesNotMatch(r.stderr, /#\d+ /, 'no plain-mode lines');
    const failing = context('tty-fail', { Dockerfile: [`FROM ${BUSYBOX}`, 'RUN echo failing-output && exit 3'].join('\n') });
    const f = nerdts(['build', '--progress', 'tty', failing]);
    assert.notEqual(f.status, 0);
    assert.match(f.stderr, / => ERROR \[2\/2\] RUN echo failing-output/);
    assert.match(f.stderr, /------\n > \[2\/2\] RUN echo failing-output && exit 3:\nfailing-output\n------/);
    assert.match(f.stderr, /exit code: 3/);
  });

  test('--network bridge: RUN joins the default bridge (eth0, own hostname), released after the step', () => {
    const dir = context('bridge', { Dockerfile: [`FROM ${BUSYBOX}`,
      'RUN ip -4 -o addr show eth0 | tr -s " " | cut -d" " -f4 > /ip.txt; hostname > /host.txt',
      'RUN --network=none ls /sys/class/net | tr "\\n" " " > /none.txt',
      'RUN --network=host hostname > /hosthost.txt'].join('\n') });
    const file = join(work, 'bridge.tar');
    ok(['build', '--network', 'bridge', '--no-cache', '-o', `type=tar,dest=${file}`, dir]);
    assert.match(tar(['-xOf', file, 'ip.txt']), /^(\d+\.){3}\d+\/\d+\n$/);
    assert.doesNotMatch(tar(['-xOf', file, 'ip.txt']), /^127\./);
    assert.equal(tar(['-xOf', file, 'host.txt']), 'buildkitsandbox\n');
    assert.equal(tar(['-xOf', file, 'none.txt']), 'lo ');
    const results = existsSync('/var/lib/cni/results') ? readdirSync('/var/lib/cni/results') : [];
    assert.deepEqual(results.filter((f) => f.includes(`-${NS}-`)), [], 'CNI results released');
    const ipam = '/var/lib/cni/networks/bridge';
    const held = existsSync(ipam) ? readdirSync(ipam).filter((f) => /^\d/.test(f) && readFileSync(join(ipam, f), 'utf8').includes(NS)) : [];
    assert.deepEqual(held, [], 'bridge IPs released');
  });

  test('RUN --mount=type=bind,from=stage: another stage\'s files, that stage in the cache key', () => {
    const dockerfile = (v: string): string => [`FROM ${BUSYBOX} AS tools`, `RUN echo tool-${v} > /tool.txt`,
      `FROM ${BUSYBOX}`, 'RUN --mount=type=bind,from=tools,source=/tool.txt,target=/mnt/t.txt cat /mnt/t.txt > /got.txt'].join('\n');
    const dir = context('mount-from', { Dockerfile: dockerfile('a') });
    const file = join(work, 'mount-from.tar');
    ok(['build', '-o', `type=tar,dest=${file}`, dir]);
    assert.equal(tar(['-xOf', file, 'got.txt']), 'tool-a\n');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile('b'));
    ok(['build', '-o', `type=tar,dest=${file}`, dir]);
    assert.equal(tar(['-xOf', file, 'got.txt']), 'tool-b\n', 'a changed source stage reruns the step');
  });

  test('--build-context: a named directory for COPY --from, a named image for FROM', () => {
    const extra = context('named-extra', { 'data.txt': 'named one\n' });
    const dir = context('named', { Dockerfile: ['FROM base', 'COPY --from=extra /data.txt /data.txt'].join('\n') });
    const file = join(work, 'named.tar');
    const flags = ['--build-context', `extra=${extra}`, '--build-context', `base=docker-image://${BUSYBOX}`];
    ok(['build', ...flags, '-o', `type=tar,dest=${file}`, dir]);
    assert.equal(tar(['-xOf', file, 'data.txt']), 'named one\n');
    assert.ok(tar(['-tf', file]).split('\n').includes('bin/busybox'), 'FROM base is the busybox image');
    writeFileSync(join(extra, 'data.txt'), 'named two\n');
    ok(['build', ...flags, '-o', `type=tar,dest=${file}`, dir]);
    assert.equal(tar(['-xOf', file, 'data.txt']), 'named two\n', 'a changed named context misses the cache');
  });
});
