// compose up/ps/logs/down end to end through the built CLI against real containerd, with the stack
// in test/fixtures/compose/stack (init must exit 0 and db turn healthy before web starts). Private
// namespace and data root; the fixture registry must run (bash test/fixtures/services.sh start).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const NS = `nerdts-compose-up-${process.pid}`;
const STACK = join(REPO, 'test', 'fixtures', 'compose', 'stack');
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

/** The HTTP status of one GET (undefined when nothing answers). */
function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 3000 }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

interface Result { status: number; stdout: string; stderr: string }

describe('compose up/ps/logs/down', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-compose-up-'));

  function nerdts(args: string[], cwd = STACK, extraEnv: Record<string, string> = {}): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1', ...extraEnv };
    delete env['NODE_EXTRA_CA_CERTS'];
    delete env['GREETING'];
    Object.assign(env, extraEnv);
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { cwd, env, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[], cwd = STACK, extraEnv: Record<string, string> = {}): Result {
    const r = nerdts(args, cwd, extraEnv);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
  const ids = (): Map<string, string> => new Map(ok(['compose', 'ps', '-a', '--format', '{{.Name}} {{.ID}}']).stdout
    .trim().split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));

  before(() => { ok(['pull', '-q', '127.0.0.1:5000/busybox:latest']); });
  after(async () => {
    nerdts(['compose', '-p', 'stack', 'down', '-v', '-t', '0'], tmpdir());
    const left = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (left.length) nerdts(['rm', '-f', ...left]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('up -d orders by depends_on conditions, labels everything, ps shows it', () => {
    const r = ok(['compose', 'up', '-d']);
    const lines = r.stderr.split('\n');
    const at = (text: string): number => lines.findIndex((l) => l.includes(text));
    assert.ok(at('Volume stack_data  Created') >= 0, r.stderr);
    assert.ok(at('stack-db-1  Healthy') >= 0 && at('stack-db-1  Healthy') < at('stack-web-1  Starting'), r.stderr);
    assert.ok(at('stack-init-1  Exited') >= 0 && at('stack-init-1  Exited') < at('stack-web-1  Starting'), r.stderr);
    assert.ok(at('stack-web-1  Started') >= 0, r.stderr);
    const table = ok(['compose', 'ps']).stdout;
    assert.match(table.split('\n')[0]!, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    assert.match(table, /^stack-db-1\s+127\.0\.0\.1:5000\/busybox\s+.*\s+db\s+.*Up/m);
    assert.match(table, /^stack-web-1\s+.*\s+web\s+.*Up/m);
    assert.doesNotMatch(table, /stack-init-1/);
    assert.match(ok(['compose', 'ps', '-a']).stdout, /^stack-init-1\s+.*Exited \(0\)/m);
    assert.deepEqual(ok(['compose', 'ps', '--services']).stdout, 'db\nweb\n');
    const labels = ok(['inspect', '-f', '{{json .Config.Labels}}', 'stack-web-1']).stdout;
    const l = JSON.parse(labels) as Record<string, string>;
    assert.equal(l['com.docker.compose.project'], 'stack');
    assert.equal(l['com.docker.compose.service'], 'web');
    assert.equal(l['com.docker.compose.container-number'], '1');
    assert.equal(l['com.docker.compose.oneoff'], 'False');
    assert.equal(l['com.docker.compose.project.working_dir'], STACK);
    assert.equal(l['com.docker.compose.depends_on'], 'db:service_healthy:false,init:service_completed_successfully:false');
    assert.match(l['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
    assert.match(ok(['compose', 'ls']).stdout, /^stack\s+.*running\(2\)\s+.*compose\.yaml$/m);
  });

  test('a second up touches the running containers not at all; a changed env recreates only web', () => {
    const before = ids();
    const again = ok(['compose', 'up', '-d']);
    assert.match(again.stderr, /Container stack-db-1 {2}Running/);
    assert.match(again.stderr, /Container stack-web-1 {2}Running/);
    assert.doesNotMatch(again.stderr, /Recreate|Creating/);
    assert.deepEqual(ids(), before);
    const changed = ok(['compose', 'up', '-d'], STACK, { GREETING: 'bye' });
    assert.match(changed.stderr, /Container stack-web-1 {2}Recreated/);
    assert.doesNotMatch(changed.stderr, /stack-db-1 {2}Recreate/);
    const after = ids();
    assert.equal(after.get('stack-db-1'), before.get('stack-db-1'));
    assert.notEqual(after.get('stack-web-1'), before.get('stack-web-1'));
  });

  test('logs: prefixed per service, --no-log-prefix, one service', () => {
    const all = ok(['compose', 'logs']).stdout;
    assert.match(all, /^db-1 {4}\| db ready$/m);
    assert.match(all, /^init-1 {2}\| init done$/m);
    assert.match(all, /^web-1 {3}\| web bye$/m);
    assert.equal(ok(['compose', 'logs', '--no-log-prefix', 'web']).stdout, 'web bye\nsees db\n');
  });

  test('the published port answers; services resolve each other on <project>_default', async () => {
    const res = await httpStatus('http://127.0.0.1:20480/');
    assert.ok(res !== undefined && res > 0, 'no HTTP answer on 127.0.0.1:20480');
    assert.match(ok(['network', 'ls']).stdout, /\sstack_default\s/);
    const nets = JSON.parse(ok(['inspect', '-f', '{{json .NetworkSettings.Networks}}', 'stack-web-1']).stdout) as Record<string, { Aliases: string[] }>;
    assert.deepEqual(Object.keys(nets), ['stack_default']);
    assert.ok(nets['stack_default']!.Aliases.includes('web'));
  });

  test('attached up: prefixed logs until every container exits; --exit-code-from', () => {
    const dir = join(REPO, 'test', 'fixtures', 'compose', 'oneshot');
    const r = nerdts(['compose', 'up', '--no-color'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Attaching to fail-1, hello-1$/m);
    assert.match(r.stdout, /^hello-1  \| hi from hello$/m);
    assert.match(r.stdout, /^fail-1 exited with code 3$/m);
    const code = nerdts(['compose', 'up', '--exit-code-from', 'fail'], dir);
    assert.equal(code.status, 3, code.stderr);
    ok(['compose', 'down'], dir);
  });

  test('unknown service: exit 1 with docker compose\'s message', () => {
    const r = nerdts(['compose', 'up', '-d', 'nope']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no such service: nope/);
  });

  test('recreate creates the replacement first: one that cannot be made leaves the old container serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-recreate-'));
    const held = createServer();
    try {
      const file = (port: number): string => {
        writeFileSync(join(dir, 'compose.yaml'), [
          'services:',
          '  web:',
          '    image: 127.0.0.1:5000/busybox:latest',
          '    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]',
          '    stop_signal: SIGKILL',
          `    ports: ["127.0.0.1:${port}:80"]`,
          '  peer:',
          '    image: 127.0.0.1:5000/busybox:latest',
          '    command: ["sleep", "600"]',
          '    stop_signal: SIGKILL',
        ].join('\n'));
        return dir;
      };
      ok(['compose', '-p', 'rc', 'up', '-d'], file(20481));
      const first = ok(['inspect', '-f', '{{.Id}}', 'rc-web-1']).stdout.trim();
      await new Promise<void>((resolve) => held.listen(20482, '127.0.0.1', resolve));
      const refused = nerdts(['compose', '-p', 'rc', 'up', '-d'], file(20482));
      assert.equal(refused.status, 1, refused.stderr);
      assert.match(refused.stderr, /Bind for 127\.0\.0\.1:20482 failed: port is already allocated/);
      assert.equal(ok(['inspect', '-f', '{{.Id}} {{.State.Status}}', 'rc-web-1']).stdout.trim(), `${first} running`);
      assert.equal(await httpStatus('http://127.0.0.1:20481/hostname'), 200, 'the old container still serves');
      assert.deepEqual(ok(['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').filter((n) => n.includes('_rc-')), [], 'no replacement left');

      await new Promise<void>((resolve) => held.close(() => resolve()));
      assert.match(ok(['compose', '-p', 'rc', 'up', '-d'], dir).stderr, /Container rc-web-1 {2}Recreated/);
      assert.notEqual(ok(['inspect', '-f', '{{.Id}}', 'rc-web-1']).stdout.trim(), first);
      assert.equal(await httpStatus('http://127.0.0.1:20482/hostname'), 200);
      const hosts = ok(['exec', 'rc-peer-1', 'cat', '/etc/hosts']).stdout;
      assert.match(hosts, / rc-web-1( |$)/m, 'the replacement resolves by the service container name');
      assert.doesNotMatch(hosts, /_rc-web-1/, 'not by the temporary name');
    } finally {
      held.close();
      nerdts(['compose', '-p', 'rc', 'down', '-t', '0'], dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('-p stack down from another directory removes containers and, with -v, the volume', () => {
    const r = ok(['compose', '-p', 'stack', 'down', '-v', '-t', '0'], tmpdir());
    assert.match(r.stderr, /Container stack-web-1 {2}Removed/);
    assert.match(r.stderr, /Volume stack_data {2}Removed/);
    assert.equal(ok(['ps', '-aq']).stdout, '');
    assert.equal(ok(['compose', 'ls', '-a']).stdout.trim().split('\n').length, 1);
    assert.match(ok(['compose', '-p', 'stack', 'down'], tmpdir()).stderr, /No resource found to remove for project "stack"/);
  });
});
