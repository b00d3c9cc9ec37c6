// The container's standard streams through the built CLI: foreground run output and exit codes
// (docker's 125/126/127), stdin with -i, --rm (foreground and -d), -t with a real terminal
// (util-linux `script`) and detaching with ctrl-p ctrl-q. Private namespace and data root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-stdio-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('container stdio through the CLI', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-stdio-'));
  const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
  delete env['NODE_EXTRA_CA_CERTS'];
  const globalArgs = ['-n', NS, '--data-root', dataRoot];

  function nerdts(args: string[], input = ''): Result {
    const r = spawnSync(BIN, [...globalArgs, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  const ids = (): string[] => nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);

  before(() => { assert.equal(nerdts(['pull', '-q', BUSYBOX]).status, 0); });
  after(async () => {
    const left = ids();
    if (left.length) nerdts(['rm', '-f', ...left]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('foreground run: stdout and stderr apart, the exit code, and logs afterwards', () => {
    const r = nerdts(['run', '--network', 'none', '--name', 'fg', BUSYBOX, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, 'out\n');
    assert.match(r.stderr, /^err$/m);
    const logs = nerdts(['logs', 'fg']);
    assert.equal(logs.stdout, 'out\n');
    assert.equal(logs.stderr, 'err\n');
    assert.equal(nerdts(['rm', 'fg']).status, 0);
  });

  test('-i -t with a piped stdin: docker\'s "the input device is not a TTY", nothing created', () => {
    const before = ids().length;
    for (const args of [['run', '-it', '--network', 'none', BUSYBOX, 'true'], ['exec', '-it', 'no-such-container', 'true']]) {
      const r = nerdts(args, 'x\n');
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /the input device is not a TTY/);
    }
    assert.equal(ids().length, before);
  });

  test('--sig-proxy=false: a signal ends the client, not the container', async () => {
    const child = spawn(BIN, [...globalArgs, 'run', '--sig-proxy=false', '--network', 'none', '--name', 'sp', BUSYBOX, 'sleep', '60'], { env, stdio: 'ignore' });
    const exited = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    for (let i = 0; i < 100 && !nerdts(['ps', '-q', '--filter', 'name=sp']).stdout.trim(); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM');
    assert.match(nerdts(['ps', '--filter', 'name=sp', '--format', '{{.Status}}']).stdout, /^Up /);
    assert.equal(nerdts(['rm', '-f', 'sp']).status, 0);
  });

  test('docker exit codes: 127 for a missing command, 126 for a non-executable one', () => {
    const missing = nerdts(['run', '--rm', '--network', 'none', BUSYBOX, 'no-such-command']);
    assert.equal(missing.status, 127, missing.stderr);
    const notExec = nerdts(['run', '--rm', '--network', 'none', BUSYBOX, '/etc/passwd']);
    assert.equal(notExec.status, 126, notExec.stderr);
    assert.deepEqual(ids(), []);
  });

  test('run -i: piped stdin reaches the container and its EOF ends it; --rm leaves nothing', async () => {
    const r = nerdts(['run', '-i', '--rm', '--network', 'none', '--name', 'cat', BUSYBOX, 'cat'], 'hi\nthere\n');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'hi\nthere\n');
    assert.deepEqual(ids(), []);
    // The name is free again and no snapshot is left.
    const again = nerdts(['run', '--rm', '--network', 'none', '--name', 'cat', BUSYBOX, 'true']);
    assert.equal(again.status, 0, again.stderr);
    const c = await connect(NS);
    try {
      const active = (await c.snapshots.list('overlayfs')).filter((s) => s.kind === 2 /* active */);
      assert.deepEqual(active.map((s) => s.name), []);
    } finally {
      c.close();
    }
  });

  test('run -d --rm: the container goes away once it exits, with nothing of nerdts waiting', async () => {
    const id = nerdts(['run', '-d', '--rm', '--network', 'none', BUSYBOX, 'true']).stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    for (let i = 0; i < 100 && ids().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(ids(), []);
  });

  test('exec: output, exit code, -e, -w, -u, -i, -d, 127 for a missing command', () => {
    assert.equal(nerdts(['run', '-d', '-q', '--network', 'none', '--name', 'ex', BUSYBOX, 'sleep', '600']).status, 0);
    const r = nerdts(['exec', 'ex', 'sh', '-c', 'echo o; echo e >&2; exit 4']);
    assert.deepEqual([r.status, r.stdout, r.stderr], [4, 'o\n', 'e\n']);
    const env = nerdts(['exec', '-e', 'FOO=bar', '-w', '/tmp', '-u', 'nobody', 'ex', 'sh', '-c', 'echo $FOO $(pwd) $(id -u)']);
    assert.equal(env.stdout, 'bar /tmp 65534\n', env.stderr);
    assert.equal(nerdts(['exec', '-i', 'ex', 'cat'], 'piped\n').stdout, 'piped\n');
    assert.equal(nerdts(['exec', 'ex', 'no-such-command']).status, 127);
    assert.equal(nerdts(['exec', '-d', 'ex', 'sh', '-c', 'echo d > /tmp/d']).status, 0);
    let seen = '';
    for (let i = 0; i < 50 && seen !== 'd\n'; i++) seen = nerdts(['exec', 'ex', 'cat', '/tmp/d']).stdout;
    assert.equal(seen, 'd\n');
    assert.equal(nerdts(['rm', '-f', 'ex']).status, 0);
  });

  test('attach: a -d -i container gets our stdin and we get its output and exit code', () => {
    assert.equal(nerdts(['run', '-d', '-i', '-q', '--network', 'none', '--name', 'at', BUSYBOX, 'sh', '-c', 'read x; echo got $x; exit 2']).status, 0);
    const r = nerdts(['attach', 'at'], 'hello\n');
    assert.deepEqual([r.status, r.stdout], [2, 'got hello\n'], r.stderr);
    assert.equal(nerdts(['logs', 'at']).stdout, 'got hello\n');
    assert.equal(nerdts(['rm', 'at']).status, 0);
  });

  test('start -a -i: a created -i container runs in the foreground with our stdin', () => {
    assert.equal(nerdts(['create', '-i', '-q', '--network', 'none', '--name', 'sa', BUSYBOX, 'sh', '-c', 'read x; echo got $x; exit 6']).status, 0);
    const r = nerdts(['start', '-a', '-i', 'sa'], 'yo\n');
    assert.deepEqual([r.status, r.stdout], [6, 'got yo\n'], r.stderr);
    assert.equal(nerdts(['rm', 'sa']).status, 0);
  });

  test('run -t gives a terminal; ctrl-p ctrl-q detaches and the container keeps running', { skip: !hasScript && 'util-linux script missing' }, async () => {
    const ttyCmd = `${[BIN, ...globalArgs, 'run', '-q', '-t', '--rm', '--network', 'none', BUSYBOX].join(' ')} sh -c '[ -t 1 ] && echo isatty'`;
    const tty = spawnSync('script', ['-qc', ttyCmd, '/dev/null'],
      { env, input: '', encoding: 'utf8', timeout: 60_000 });
    assert.match(tty.stdout, /isatty/);

    const cmd = [BIN, ...globalArgs, 'run', '-q', '-it', '--network', 'none', '--name', 'shell', BUSYBOX, 'sh'].join(' ');
    const child = spawn('script', ['-qc', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let seen = '';
    const waitFor = (re: RegExp): Promise<void> => new Promise((resolve, reject) => {
      const check = (): void => { if (re.test(seen)) { child.stdout.off('data', onData); resolve(); } };
      const onData = (d: Buffer): void => { seen += d.toString(); check(); };
      child.stdout.on('data', onData);
      child.once('exit', () => reject(new Error(`exited before ${re}: ${seen}`)));
      check();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await waitFor(/# /);
    child.stdin.write('echo hel""lo\r');
    await waitFor(/hello/);
    child.stdin.write('\x10\x11');
    assert.equal(await exited, 0);
    child.stdin.end();
    const state = nerdts(['inspect', '-f', '{{.State.Status}}', 'shell']);
    assert.equal(state.stdout.trim(), 'running');
    assert.equal(nerdts(['rm', '-f', 'shell']).status, 0);
  });
});
