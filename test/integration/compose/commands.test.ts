// compose exec, run, port, images, top, pull and wait through the built CLI against real
// containerd, with the stack in test/fixtures/compose/commands (web depends on db). Private
// namespace and data root; the fixture registry must run (bash test/fixtures/services.sh start).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const NS = `nerdts-compose-cmds-${process.pid}`;
const STACK = join(REPO, 'test', 'fixtures', 'compose', 'commands');
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('compose exec/run/port/images/top/pull/wait', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-compose-cmds-'));

  function nerdts(args: string[], cwd = STACK): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { cwd, env, input: '', encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): Result {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
  const names = (): string[] => ok(['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').filter(Boolean).sort();

  before(() => {
    ok(['pull', '-q', '127.0.0.1:5000/busybox:latest']);
    ok(['compose', 'up', '-d']);
  });
  after(async () => {
    const left = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (left.length) nerdts(['rm', '-f', ...left]);
    nerdts(['compose', '-p', 'commands', 'down', '-v', '-t', '0'], tmpdir());
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('exec runs in the service container with its env, passing output and exit code', () => {
    const r = nerdts(['compose', 'exec', '-T', '-e', 'EXTRA=x', 'web', 'sh', '-c', 'echo out $GREETING $EXTRA; echo err >&2; exit 3']);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, 'out hello x\n');
    assert.match(r.stderr, /^err$/m);
    assert.equal(ok(['compose', 'exec', '-T', '-w', '/tmp', 'db', 'pwd']).stdout, '/tmp\n');
    const missing = nerdts(['compose', 'exec', '-T', '--index', '2', 'web', 'true']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /service "web" is not running container #2/);
  });

  test('run --rm runs a one-off attached, exits with its code, leaves nothing', () => {
    const before_ = names();
    const r = nerdts(['compose', 'run', '--rm', '-T', '-e', 'X=1', 'web', 'sh', '-c', 'echo run $GREETING $X; exit 4']);
    assert.equal(r.status, 4, r.stderr);
    assert.equal(r.stdout, 'run hello 1\n');
    assert.deepEqual(names(), before_);
  });

  test('run without --rm keeps a labelled one-off that compose ps hides without -a', () => {
    const r = ok(['compose', 'run', '--no-deps', '-T', '--entrypoint', 'sh', '-w', '/tmp', 'db', '-c', 'pwd']);
    assert.equal(r.stdout, '/tmp\n');
    const oneoff = names().find((n) => /^commands-db-run-[0-9a-f]{12}$/.test(n));
    assert.ok(oneoff, names().join(' '));
    const labels = ok(['inspect', '--format', '{{json .Config.Labels}}', oneoff]).stdout;
    assert.equal(JSON.parse(labels)['com.docker.compose.oneoff'], 'True');
    assert.ok(!ok(['compose', 'ps']).stdout.includes(oneoff));
    assert.ok(ok(['compose', 'ps', '-a']).stdout.includes(oneoff));
    ok(['rm', '-f', oneoff]);
  });

  test('port prints the published address', () => {
    assert.equal(ok(['compose', 'port', 'web', '8080']).stdout, '127.0.0.1:20491\n');
    assert.notEqual(nerdts(['compose', 'port', 'web', '9999']).status, 0);
  });

  test('images lists each container\'s image', () => {
    const lines = ok(['compose', 'images']).stdout.trim().split('\n');
    assert.match(lines[0]!, /^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    assert.match(lines[1]!, /^commands-db-1\s+127\.0\.0\.1:5000\/busybox\s+latest\s+[0-9a-f]{12}\s+\S+/);
    assert.match(lines[2]!, /^commands-web-1\s+127\.0\.0\.1:5000\/busybox\s+latest\s+[0-9a-f]{12}\s+\S+/);
    assert.equal(ok(['compose', 'images', '-q']).stdout.trim().split('\n').length, 1);
  });

  test('top shows each container\'s processes under its name', () => {
    const out = ok(['compose', 'top']).stdout;
    assert.match(out, /^commands-db-1\nUID\s+PID\s+PPID/m);
    assert.match(out, /sleep 600/);
    assert.match(out, /^commands-web-1\n/m);
    assert.match(out, /httpd -f -p 8080/);
  });

  test('pull pulls each service image once', () => {
    const r = ok(['compose', 'pull']);
    assert.equal(r.stderr.match(/Image 127\.0\.0\.1:5000\/busybox:latest\s+Pulled/g)?.length, 1, r.stderr);
  });

  test('wait prints the exit code once the service stopped', () => {
    ok(['compose', 'kill', 'db']);
    const r = nerdts(['compose', 'wait', 'db']);
    assert.equal(r.stdout, '137\n');
    assert.equal(r.status, 137);
  });

  test('down removes the services\' one-off containers too, so the network can go', () => {
    ok(['compose', 'run', '--no-deps', '-T', 'db', 'true']);
    assert.ok(names().some((n) => /^commands-db-run-/.test(n)), names().join(' '));
    const r = ok(['compose', 'down', '-t', '0']);
    assert.deepEqual(names(), []);
    assert.match(r.stderr, /Network commands_default\s+Removed/);
  });
});
