// Healthchecks and restart policies through the built CLI: the probe loop in the logger process
// (starting -> unhealthy -> healthy, ps STATUS and --filter health, inspect State.Health and
// Config.Healthcheck), and restart policies on top of containerd's restart monitor (always counts
// restarts, on-failure:2 gives up after two, an explicit stop stays stopped). Every container
// starts in `before`, so the monitor's 10 s polls overlap. Private namespace and data root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-health-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);
// The restart monitor polls every 10 s; a restart may take two polls on a loaded machine.
const RESTART_WAIT_MS = 90_000;

interface Result { status: number; stdout: string; stderr: string }

describe('healthchecks and restart policies', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-health-'));
  const probeDir = mkdtempSync(join(tmpdir(), 'nerdts-health-probe-'));
  let firstPs = '';

  function nerdts(args: string[]): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): string {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }
  const inspect = (ref: string): Record<string, any> => (JSON.parse(ok(['inspect', ref])) as Array<Record<string, any>>)[0]!;
  const psNames = (...filters: string[]): string[] =>
    ok(['ps', '-a', '--format', '{{.Names}}', ...filters.flatMap((f) => ['--filter', f])]).split('\n').filter(Boolean).sort();

  async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  before(() => {
    ok(['pull', '-q', BUSYBOX]);
    const run = (name: string, flags: string[], cmd: string[]): void => { ok(['run', '-d', '-q', '--network', 'none', '--name', name, ...flags, BUSYBOX, ...cmd]); };
    // The probe passes once the test creates the file on the host.
    run('hc', ['-v', `${probeDir}:/probe`, '--health-cmd', 'test -f /probe/ok', '--health-interval', '1s', '--health-retries', '2'], ['sleep', '600']);
    firstPs = ok(['ps', '--filter', 'name=^hc$', '--format', '{{.Status}}']);
    run('always', ['--restart', 'always'], ['sh', '-c', 'sleep 1']);
    run('onfail', ['--restart', 'on-failure:2'], ['sh', '-c', 'sleep 1; exit 3']);
    run('stopme', ['--restart', 'always'], ['sleep', '600']);
  });

  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    const c = await connect(NS);
    await cleanNamespace(c, NS).catch(() => undefined);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(probeDir, { recursive: true, force: true });
  });

  test('health: starting -> unhealthy -> healthy, in ps and inspect', async () => {
    assert.match(firstPs, /^Up .* \(health: starting\)$/m);
    const sick = await until('unhealthy', 30_000, () => {
      const h = inspect('hc')['State']['Health'];
      return h?.Status === 'unhealthy' ? h : undefined;
    });
    assert.ok(sick.FailingStreak >= 2);
    assert.equal(sick.Log.at(-1).ExitCode, 1);
    assert.ok(sick.Log.length <= 5);
    assert.match(ok(['ps', '--filter', 'name=^hc$', '--format', '{{.Status}}']), /\(unhealthy\)/);
    assert.deepEqual(psNames('health=unhealthy'), ['hc']);

    writeFileSync(join(probeDir, 'ok'), '');
    const well = await until('healthy', 30_000, () => {
      const h = inspect('hc')['State']['Health'];
      return h?.Status === 'healthy' ? h : undefined;
    });
    assert.equal(well.FailingStreak, 0);
    const last = well.Log.at(-1);
    assert.equal(last.ExitCode, 0);
    assert.ok(Date.parse(last.End) >= Date.parse(last.Start));
    assert.match(ok(['ps', '--filter', 'name=^hc$', '--format', '{{.Status}}']), /^Up .* \(healthy\)$/m);
    assert.deepEqual(psNames('health=healthy'), ['hc']);
    assert.ok(psNames('health=none').includes('stopme'));
    assert.deepEqual(inspect('hc')['Config']['Healthcheck'], { Test: ['CMD-SHELL', 'test -f /probe/ok'], Interval: 1e9, Retries: 2 });
    assert.equal(inspect('stopme')['State']['Health'], undefined);
  });

  test('restart=always brings the container back and counts', async () => {
    const count = await until('two restarts', RESTART_WAIT_MS, () => {
      const n = inspect('always')['RestartCount'] as number;
      return n >= 2 ? n : undefined;
    });
    assert.ok(count >= 2);
    assert.deepEqual(inspect('always')['HostConfig']['RestartPolicy'], { Name: 'always', MaximumRetryCount: 0 });
  });

  test('on-failure:2 gives up after two restarts', async () => {
    await until('on-failure to settle', RESTART_WAIT_MS, () => {
      const i = inspect('onfail');
      return i['State']['Status'] === 'exited' && i['RestartCount'] === 2 ? true : undefined;
    });
    const i = inspect('onfail');
    assert.equal(i['State']['ExitCode'], 3);
    // Without the status label the restart monitor leaves it alone.
    assert.equal(i['Config']['Labels']['containerd.io/restart.status'], undefined);
    assert.deepEqual(i['HostConfig']['RestartPolicy'], { Name: 'on-failure', MaximumRetryCount: 2 });
  });

  test('an explicit stop stays stopped', () => {
    ok(['stop', '-t', '1', 'stopme']);
    const i = inspect('stopme');
    assert.equal(i['State']['Status'], 'exited');
    assert.equal(i['Config']['Labels']['containerd.io/restart.status'], undefined);
    assert.equal(i['RestartCount'], 0);
    assert.match(ok(['ps', '-a', '--filter', 'name=^stopme$', '--format', '{{.Status}}']), /^Exited/);
  });
});
