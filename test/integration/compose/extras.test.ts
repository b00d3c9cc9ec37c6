// compose secrets/configs from environment and content, ps --format json, events and down --rmi,
// through the built CLI against real containerd. Private namespace, data root and project; the
// fixture registry must run (bash test/fixtures/services.sh start).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const NS = `nerdts-compose-extras-${process.pid}`;
const PROJECT = `extras${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const PORT = 21470 + (process.pid % 200);
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

const COMPOSE = `name: ${PROJECT}
services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    ports: ["127.0.0.1:${PORT}:80"]
    healthcheck: {test: ["CMD", "true"], interval: 1s}
    secrets: [envsecret, filesecret, {source: envsecret, target: renamed, uid: '103', gid: '104', mode: 0440}]
    configs: [inline, {source: envcfg, target: /etc/app.conf}]
  app:
    build: ./ctx
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
secrets:
  envsecret:
    environment: EXTRAS_SECRET
  filesecret:
    file: ./secret.txt
configs:
  inline:
    content: |
      port=\${EXTRAS_PORT:-80}
      cost=$$5
  envcfg:
    environment: EXTRAS_CFG
`;

interface Result { status: number; stdout: string; stderr: string }

describe('compose secrets/configs sources, ps json, events, down --rmi', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-compose-extras-'));
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-compose-extras-proj-'));
  const ENV = { EXTRAS_SECRET: 's3cret-value', EXTRAS_CFG: 'cfg-from-env', EXTRAS_PORT: '8081' };
  const children: ChildProcess[] = [];

  function nerdts(args: string[], env: Record<string, string> = ENV): Result {
    const full: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1', ...env };
    delete full['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { cwd: dir, env: full, input: '', encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): Result {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
  const images = (): string[] => ok(['images', '--format', '{{.Repository}}:{{.Tag}}']).stdout.split('\n').filter(Boolean).sort();

  /** A running `compose events` whose output accumulates in `out`. */
  function watch(args: string[]): { out: () => string } {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1', ...ENV };
    delete env['NODE_EXTRA_CA_CERTS'];
    const child = spawn(BIN, ['-n', NS, '--data-root', dataRoot, 'compose', 'events', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let text = '';
    child.stdout!.on('data', (b: Buffer) => { text += b.toString(); });
    return { out: () => text };
  }
  async function until(what: string, check: () => boolean, act?: () => void): Promise<void> {
    for (let i = 0; i < 200; i++) {
      act?.();
      if (check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`timed out waiting for ${what}`);
  }

  before(() => {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    writeFileSync(join(dir, 'secret.txt'), 'from-file\n');
    mkdirSync(join(dir, 'ctx'));
    writeFileSync(join(dir, 'ctx', 'Dockerfile'), 'FROM scratch\n');
    ok(['pull', '-q', BUSYBOX]);
    // The compose-named image of the build service, so up needs no builder.
    ok(['tag', BUSYBOX, `${PROJECT}-app`]);
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    const left = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (left.length) nerdts(['rm', '-f', ...left]);
    nerdts(['compose', 'down', '-v', '-t', '0']);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  test('an unset secret variable fails up with a clear error', () => {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1', EXTRAS_CFG: 'x' };
    delete env['NODE_EXTRA_CA_CERTS'];
    delete env['EXTRAS_SECRET'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, 'compose', 'up', '-d'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`environment variable "EXTRAS_SECRET" required by secret "${PROJECT}_envsecret" is not set`));
    ok(['compose', 'down', '-t', '0']);
  });

  test('environment and content sources are mounted like file-based ones', () => {
    ok(['compose', 'up', '-d']);
    const files = ['/run/secrets/envsecret', '/run/secrets/renamed', '/run/secrets/filesecret', '/inline', '/etc/app.conf'];
    const out = ok(['compose', 'exec', '-T', 'web', 'sh', '-c', files.map((f) => `cat ${f}; echo '|'`).join('; ')]).stdout;
    assert.deepEqual(out.split('|\n').slice(0, -1), ['s3cret-value', 's3cret-value', 'from-file\n', 'port=8081\ncost=$5\n', 'cfg-from-env']);
    assert.notEqual(nerdts(['compose', 'exec', '-T', 'web', 'sh', '-c', 'echo x > /run/secrets/envsecret']).status, 0, 'secrets are read-only');
    // The long syntax's owner and mode, docker compose's root 0444 otherwise.
    const modes = ok(['compose', 'exec', '-T', 'web', 'stat', '-c', '%u:%g %a', '/run/secrets/renamed', '/run/secrets/envsecret']).stdout;
    assert.equal(modes, '103:104 440\n0:0 444\n');
  });

  test('ps --format json prints docker compose\'s fields, Health and Publishers', () => {
    const rows = ok(['compose', 'ps', '--format', 'json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(rows.map((r) => r['Name']), [`${PROJECT}-app-1`, `${PROJECT}-web-1`]);
    const web = rows[1]!;
    assert.deepEqual(Object.keys(web), ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name',
      'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status']);
    assert.equal(web['Project'], PROJECT);
    assert.equal(web['Service'], 'web');
    assert.equal(web['State'], 'running');
    assert.ok(['starting', 'healthy'].includes(web['Health'] as string), String(web['Health']));
    assert.deepEqual(web['Publishers'], [{ URL: '127.0.0.1', TargetPort: 80, PublishedPort: PORT, Protocol: 'tcp' }]);
    assert.equal(rows[0]!['Health'], '');
    assert.deepEqual(rows[0]!['Publishers'], []);
  });

  test('events streams the project\'s container events (and health transitions) as text and JSON', async () => {
    const json = watch(['--json']);
    const text = watch(['app']);
    // The streams are open once a pause shows up in both.
    await until('the event streams', () => /"action":"pause"/.test(json.out()) && / container pause /.test(text.out()) || false,
      () => { nerdts(['compose', 'pause', 'app']); nerdts(['compose', 'unpause', 'app']); });
    ok(['compose', 'up', '-d', '--force-recreate']);
    const appEvents = (): Array<{ action: string; id: string; service: string; attributes: Record<string, string> }> => json.out().trim().split('\n')
      .map((l) => JSON.parse(l)).filter((e) => e.service === 'app');
    // The recreate creates the replacement under a temporary name, stops app (docker's kill with
    // signal=15, die, stop), destroys it, renames the replacement and starts it.
    await until('create/kill/die/stop/destroy/rename/start of app', () => ['create', 'kill', 'die', 'stop', 'destroy', 'rename', 'start'].every((a) => appEvents().some((e) => e.action === a)));
    assert.equal(appEvents().find((e) => e.action === 'kill')!.attributes['signal'], '15');
    const rename = appEvents().find((e) => e.action === 'rename')!;
    assert.match(rename.attributes['oldName']!, new RegExp(`^/[0-9a-f]{12}_${PROJECT}-app-1$`));
    assert.equal(rename.attributes['name'], `${PROJECT}-app-1`);
    // The health runner's result comes as a transition of the recreated web container.
    await until('web health_status', () => json.out().includes('"action":"health_status: healthy"'));
    const die = appEvents().find((e) => e.action === 'die')!;
    assert.match(die.id, /^[0-9a-f]{64}$/);
    assert.equal(die.attributes['name'], `${PROJECT}-app-1`);
    assert.ok('exitCode' in die.attributes);
    assert.ok(!Object.keys(die.attributes).some((k) => k.startsWith('com.docker.compose.') || k.startsWith('nerdctl/')));
    await until('text events', () => / container destroy [0-9a-f]{64} \(/.test(text.out()));
    assert.match(text.out(), new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} container start [0-9a-f]{64} \\(image=${PROJECT}-app, name=${PROJECT}-app-1[,)]`, 'm'));
    assert.ok(!text.out().includes(`${PROJECT}-web-1`), 'SERVICE limits the events');
  });

  test('down --rmi local keeps images in use and images with a custom tag; --rmi all removes the rest', () => {
    // A container outside the project still uses the compose-named image: kept with a warning.
    ok(['create', '--name', 'outsider', `${PROJECT}-app`]);
    const r = ok(['compose', 'down', '--rmi', 'local', '-t', '0']);
    assert.match(r.stderr, new RegExp(`Image ${PROJECT}-app:latest: Resource is still in use`));
    assert.ok(images().includes(`${PROJECT}-app:latest`), images().join(' '));
    ok(['rm', '-f', 'outsider']);
    ok(['compose', 'up', '-d']);
    const local = ok(['compose', 'down', '--rmi', 'local', '-t', '0']);
    assert.match(local.stderr, new RegExp(`Image ${PROJECT}-app:latest\\s+Removed`));
    assert.ok(!images().includes(`${PROJECT}-app:latest`));
    assert.ok(images().includes(BUSYBOX), images().join(' '));
    const all = ok(['compose', 'down', '--rmi', 'all']);
    assert.match(all.stderr, /Image 127\.0\.0\.1:5000\/busybox:latest\s+Removed/);
    assert.deepEqual(images(), []);
  });
});
