// Attach without a log: `--log-driver none` still shows a foreground run's output, `attach` and
// `start -a` (docker attaches whatever the driver; only `logs` refuses), a plain `start` of a -i
// container leaves its stdin open for a later `attach`, and inspect's HostConfig shows the flags as
// given. Private namespace and data root; skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-attachx-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('attach with --log-driver none, start of -i containers, inspect HostConfig', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-attachx-'));
  const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
  delete env['NODE_EXTRA_CA_CERTS'];

  function nerdts(args: string[], input = ''): Result {
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[], input = ''): string {
    const r = nerdts(args, input);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }
  const ids = (): string[] => nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const left = ids();
    if (left.length) nerdts(['rm', '-f', ...left]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('--log-driver none: foreground run, attach and start -a show the output; logs refuses', () => {
    const fg = nerdts(['run', '--log-driver', 'none', '--network', 'none', '--name', 'quiet', BUSYBOX, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual([fg.status, fg.stdout], [3, 'out\n'], fg.stderr);
    assert.match(fg.stderr, /^err$/m);
    const logs = nerdts(['logs', 'quiet']);
    assert.equal(logs.status, 1);
    assert.match(logs.stderr, /configured logging driver does not support reading/);
    const again = nerdts(['start', '-a', 'quiet']);
    assert.deepEqual([again.status, again.stdout], [3, 'out\n'], again.stderr);
    assert.equal(ok(['inspect', '-f', '{{.HostConfig.LogConfig.Type}}|{{.LogPath}}', 'quiet']), 'none|\n');
    ok(['rm', 'quiet']);

    const piped = nerdts(['run', '-i', '--rm', '--log-driver', 'none', '--network', 'none', BUSYBOX, 'cat'], 'piped\n');
    assert.deepEqual([piped.status, piped.stdout], [0, 'piped\n'], piped.stderr);

    // Detached: attach gets what it prints after attaching (the sleep lets attach connect first).
    ok(['run', '-d', '-i', '-q', '--log-driver', 'none', '--network', 'none', '--name', 'dq', BUSYBOX, 'sh', '-c', 'read x; echo got $x; exit 4']);
    assert.equal(ok(['inspect', '-f', '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}', 'dq']), 'false false true false\n');
    const at = nerdts(['attach', 'dq'], 'hi\n');
    assert.deepEqual([at.status, at.stdout], [4, 'got hi\n'], at.stderr);
    ok(['rm', 'dq']);
  });

  test('start of a -i container keeps its stdin open for attach', async () => {
    ok(['create', '-i', '-q', '--network', 'none', '--name', 'si', BUSYBOX, 'sh', '-c', 'read x; echo got $x; exit 5']);
    const attachFields = '{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}';
    assert.equal(ok(['inspect', '-f', attachFields, 'si']), 'true true true true\n');
    ok(['start', 'si']);
    assert.equal(ok(['inspect', '-f', '{{.State.Status}}', 'si']), 'running\n');
    const at = nerdts(['attach', 'si'], 'typed\n');
    assert.deepEqual([at.status, at.stdout], [5, 'got typed\n'], at.stderr);
    assert.equal(ok(['logs', 'si']), 'got typed\n');

    // start -a without -i: our stdin is not attached, but the container's stays open for attach.
    const follower = spawn(BIN, ['-n', NS, '--data-root', dataRoot, 'start', '-a', 'si'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.on('data', (d: Buffer) => { followed += d.toString(); });
    const followerExit = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    for (let i = 0; i < 100 && !ok(['inspect', '-f', '{{.State.Status}}', 'si']).startsWith('running'); i++) await new Promise((r) => setTimeout(r, 50));
    const typed = nerdts(['attach', 'si'], 'later\n');
    assert.deepEqual([typed.status, typed.stdout], [5, 'got later\n'], typed.stderr);
    assert.equal(await followerExit, 5);
    assert.equal(followed, 'got later\n');
    ok(['rm', 'si']);
  });

  test('start of a -it container: attach gets a terminal and types into it', { skip: !hasScript && 'util-linux script missing' }, () => {
    ok(['create', '-it', '-q', '--network', 'none', '--name', 'sit', BUSYBOX, 'sh', '-c', 'read x; echo got $x; [ -t 0 ] && echo tty; exit 6']);
    ok(['start', 'sit']);
    // script gives attach a terminal; the typed line waits in it until attach reads it.
    const cmd = [BIN, '-n', NS, '--data-root', dataRoot, 'attach', 'sit'].join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env, input: 'abc\r', encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 6, r.stdout + r.stderr);
    assert.match(r.stdout, /got abc\r*\ntty/);
    ok(['rm', 'sit']);
    // A local image in a terminal: no pull progress drawn over the container's output.
    const run = [BIN, '-n', NS, '--data-root', dataRoot, 'run', '--rm', '-t', '--log-driver', 'none', '--network', 'none', BUSYBOX, 'echo', 'plain'].join(' ');
    const fg = spawnSync('script', ['-qec', run, '/dev/null'], { env, input: '', encoding: 'utf8', timeout: 60_000 });
    assert.equal(fg.status, 0, fg.stdout + fg.stderr);
    assert.equal(fg.stdout.replace(/\r/g, ''), 'plain\n');
  });

  test('inspect HostConfig: the flags as given, docker\'s nulls otherwise', () => {
    ok(['create', '-q', '--network', 'none', '--name', 'vsrc', '-v', '/data', BUSYBOX, 'true']);
    ok(['create', '-q', '--network', 'none', '--name', 'full', '--group-add', '1234', '--group-add', 'staff',
      '--security-opt', 'no-new-privileges', '--volumes-from', 'vsrc:ro', '--cap-add', 'net_admin', '--cap-drop', 'MKNOD',
      '--device', '/dev/null:/dev/xnull:rw', '--tmpfs', '/run:size=64k', '--init', '--read-only', '--sysctl', 'net.ipv4.ip_forward=1',
      '--ulimit', 'nofile=1024:2048', '--pids-limit', '100', '--oom-score-adj', '100', '--restart', 'on-failure:3',
      '--cidfile', join(dataRoot, 'full.cid'), BUSYBOX, 'true']);
    const full = (JSON.parse(ok(['inspect', 'full'])) as Array<{ HostConfig: Record<string, unknown> }>)[0]!.HostConfig;
    assert.deepEqual({
      GroupAdd: full.GroupAdd, SecurityOpt: full.SecurityOpt, VolumesFrom: full.VolumesFrom, CapAdd: full.CapAdd, CapDrop: full.CapDrop,
      Devices: full.Devices, Tmpfs: full.Tmpfs, Init: full.Init, ReadonlyRootfs: full.ReadonlyRootfs, Sysctls: full.Sysctls,
      Ulimits: full.Ulimits, PidsLimit: full.PidsLimit, OomScoreAdj: full.OomScoreAdj, RestartPolicy: full.RestartPolicy,
      ContainerIDFile: full.ContainerIDFile,
    }, {
      GroupAdd: ['1234', 'staff'], SecurityOpt: ['no-new-privileges'], VolumesFrom: ['vsrc:ro'], CapAdd: ['CAP_NET_ADMIN'], CapDrop: ['CAP_MKNOD'],
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'rw' }], Tmpfs: { '/run': 'size=64k' }, Init: true,
      ReadonlyRootfs: true, Sysctls: { 'net.ipv4.ip_forward': '1' }, Ulimits: [{ Name: 'nofile', Hard: 2048, Soft: 1024 }], PidsLimit: 100,
      OomScoreAdj: 100, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 }, ContainerIDFile: join(dataRoot, 'full.cid'),
    });
    const plain = (JSON.parse(ok(['inspect', 'vsrc'])) as Array<{ HostConfig: Record<string, unknown> }>)[0]!.HostConfig;
    assert.deepEqual([plain.GroupAdd, plain.SecurityOpt, plain.VolumesFrom, plain.CapAdd, plain.CapDrop, plain.Devices, plain.PidsLimit, plain.ContainerIDFile],
      [null, null, null, null, null, [], null, '']);
    assert.equal('Init' in plain || 'Tmpfs' in plain, false);
    ok(['rm', 'full', 'vsrc']);
  });
});
