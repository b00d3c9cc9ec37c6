// Volumes and filesystem commands through the built CLI: named and anonymous volumes, seeding
// from the image, ro and tmpfs mounts, --volumes-from, rm -v, volume create/ls/inspect/rm/prune,
// cp in both directions (also as tar on stdin/stdout, running and stopped), diff and container
// prune. Private namespace and data root; every container runs with --network none.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-vol-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('volumes, cp, diff and prune through the CLI', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-vol-cli-'));
  const work = mkdtempSync(join(tmpdir(), 'nerdts-vol-work-'));

  function nerdts(args: string[], input: string | Buffer = ''): Result & { raw: Buffer } {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input, timeout: 120_000, cwd: work });
    return { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: r.stdout };
  }
  function ok(args: string[], input?: string | Buffer): string {
    const r = nerdts(args, input);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }
  const run = (args: string[]): string => ok(['run', '--network', 'none', ...args]);
  const mounts = (ref: string): Array<{ Type: string; Name?: string; Destination: string; RW: boolean }> =>
    JSON.parse(ok(['inspect', '-f', '{{json .Mounts}}', ref]));
  const mountpoint = (v: string): string => ok(['volume', 'inspect', '-f', '{{.Mountpoint}}', v]).trim();

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    nerdts(['volume', 'prune', '-a', '-f']);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('named volume persists across containers; rm -v removes only anonymous ones; in-use volume refused', () => {
    run(['--name', 'w1', '-v', 'pvol:/data', '-v', '/anon', BUSYBOX, 'sh', '-c', 'echo persisted > /data/f; echo a > /anon/x']);
    const m = mounts('w1');
    const anon = m.find((x) => x.Destination === '/anon');
    assert.equal(anon?.Type, 'volume');
    assert.match(anon!.Name!, /^[0-9a-f]{64}$/);
    assert.deepEqual(m.find((x) => x.Destination === '/data'), { ...m.find((x) => x.Destination === '/data'), Type: 'volume', Name: 'pvol', RW: true });
    assert.equal(ok(['ps', '-a', '--filter', 'volume=pvol', '--format', '{{.Names}}']), 'w1\n');
    const refused = nerdts(['volume', 'rm', 'pvol']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /remove pvol: volume is in use - \[[0-9a-f]{64}\]/);
    ok(['rm', '-v', 'w1']);
    const names = ok(['volume', 'ls', '-q']).split('\n');
    assert.ok(names.includes('pvol'));
    assert.ok(!names.includes(anon!.Name!));
    assert.equal(run(['--name', 'w2', '-v', 'pvol:/data', BUSYBOX, 'cat', '/data/f']), 'persisted\n');
    ok(['rm', 'w2']);
    assert.equal(ok(['volume', 'rm', 'pvol']), 'pvol\n');
  });

  test('an empty volume is seeded from the image; ro and tmpfs mounts', () => {
    assert.match(run(['--name', 's1', '-v', 'seeded:/etc', BUSYBOX, 'cat', '/etc/passwd']), /^root:/);
    assert.match(readFileSync(join(mountpoint('seeded'), 'passwd'), 'utf8'), /^root:/);
    const ro = nerdts(['run', '--network', 'none', '--name', 'ro1', '-v', 'seeded:/etc:ro', BUSYBOX, 'touch', '/etc/x']);
    assert.notEqual(ro.status, 0);
    assert.equal(mounts('ro1').find((x) => x.Destination === '/etc')?.RW, false);
    assert.match(run(['--name', 't1', '--tmpfs', '/scratch', '--mount', 'type=tmpfs,target=/other', BUSYBOX, 'cat', '/proc/mounts']),
      /tmpfs \/scratch tmpfs[^\n]*\n(.|\n)*tmpfs \/other tmpfs|tmpfs \/other tmpfs[^\n]*\n(.|\n)*tmpfs \/scratch tmpfs/);
    ok(['rm', 's1', 'ro1', 't1']);
  });

  test('--volumes-from shares the source mounts, :ro makes them read-only', () => {
    ok(['create', '--network', 'none', '--name', 'vsrc', '-v', 'vfvol:/shared', BUSYBOX, 'true']);
    writeFileSync(join(mountpoint('vfvol'), 'f'), 'shared\n');
    assert.equal(run(['--name', 'vf1', '--volumes-from', 'vsrc', BUSYBOX, 'cat', '/shared/f']), 'shared\n');
    const ro = nerdts(['run', '--network', 'none', '--name', 'vf2', '--volumes-from', 'vsrc:ro', BUSYBOX, 'touch', '/shared/y']);
    assert.notEqual(ro.status, 0);
    assert.deepEqual(mounts('vf2').map((x) => [x.Name, x.Destination, x.RW]), [['vfvol', '/shared', false]]);
    ok(['rm', 'vf1', 'vf2', 'vsrc']);
  });

  test('volume create/ls/inspect with labels and filters; prune takes anonymous ones unless -a', () => {
    assert.equal(ok(['volume', 'create', '--label', 'team=web', 'labelled']), 'labelled\n');
    assert.match(ok(['volume', 'create']), /^[0-9a-f]{64}\n$/);
    const doc = JSON.parse(ok(['volume', 'inspect', 'labelled']))[0];
    assert.deepEqual(Object.keys(doc), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
    assert.equal(doc.Driver, 'local');
    assert.equal(doc.Scope, 'local');
    assert.deepEqual(doc.Labels, { 'team': 'web' });
    assert.match(doc.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(ok(['volume', 'ls']), /^DRIVER\s+VOLUME NAME\n(.|\n)*^local\s+labelled$/m);
    assert.equal(ok(['volume', 'ls', '-q', '--filter', 'label=team=web']), 'labelled\n');
    assert.equal(ok(['volume', 'ls', '-q', '--filter', 'name=abell']), 'labelled\n');
    const missing = nerdts(['volume', 'inspect', 'nosuch']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such volume/);
    ok(['create', '--network', 'none', '--name', 'holder', '-v', '/anon', '-v', 'vfvol:/v', BUSYBOX, 'true']);
    run(['--name', 'gone', '-v', '/anon2', BUSYBOX, 'true']);
    const anonGone = mounts('gone')[0]!.Name!;
    ok(['rm', 'gone']);
    const dangling = ok(['volume', 'ls', '-q', '--filter', 'dangling=true']).split('\n');
    assert.ok(dangling.includes(anonGone) && dangling.includes('labelled') && !dangling.includes('vfvol'));
    const pruned = ok(['volume', 'prune', '-f']);
    assert.match(pruned, new RegExp(`^Deleted Volumes:\\n(.|\\n)*${anonGone}\\n(.|\\n)*\\nTotal reclaimed space: `));
    assert.ok(ok(['volume', 'ls', '-q']).includes('labelled'));
    const all = ok(['volume', 'prune', '-a', '-f']);
    assert.ok(all.includes('labelled\n') && all.includes('seeded\n'));
    assert.ok(ok(['volume', 'ls', '-q']).includes('vfvol'));
    ok(['rm', '-v', 'holder']);
    assert.equal(ok(['volume', 'rm', 'vfvol']), 'vfvol\n');
    assert.equal(nerdts(['volume', 'rm', '-f', 'nosuch']).status, 0);
  });

  test('cp both ways (files, dirs, "/.", "-" tar, -a) for running and stopped containers; diff', () => {
    ok(['run', '-d', '-q', '--network', 'none', '--name', 'cpr', '-v', 'cpvol:/data', BUSYBOX, 'sleep', '600']);
    writeFileSync(join(work, 'f.txt'), 'hello\n');
    chownSync(join(work, 'f.txt'), 1234, 1234);
    mkdirSync(join(work, 'dir/sub'), { recursive: true });
    writeFileSync(join(work, 'dir/sub/y'), 'y\n');
    ok(['cp', 'f.txt', 'cpr:/tmp/']);
    ok(['cp', '-a', 'f.txt', 'cpr:/tmp/owned.txt']);
    ok(['cp', 'dir', 'cpr:/tmp']);
    ok(['cp', 'dir/.', 'cpr:/data']);
    assert.equal(readFileSync(join(mountpoint('cpvol'), 'sub/y'), 'utf8'), 'y\n');
    const tar = nerdts(['cp', 'cpr:/tmp', '-']);
    assert.equal(tar.status, 0);
    assert.ok(tar.raw.includes(Buffer.from('tmp/f.txt')));
    ok(['cp', '-', 'cpr:/data'], tar.raw);
    assert.equal(readFileSync(join(mountpoint('cpvol'), 'tmp/dir/sub/y'), 'utf8'), 'y\n');
    ok(['cp', 'cpr:/tmp', 'out']);
    assert.equal(readFileSync(join(work, 'out/f.txt'), 'utf8'), 'hello\n');
    assert.equal(statSync(join(work, 'out/f.txt')).uid, 0);
    assert.equal(statSync(join(work, 'out/owned.txt')).uid, 1234);
    ok(['cp', 'cpr:/tmp/.', 'out']);
    ok(['cp', 'cpr:/etc/passwd', 'out/dir']);
    assert.match(readFileSync(join(work, 'out/dir/passwd'), 'utf8'), /^root:/);
    const noSrc = nerdts(['cp', 'cpr:/nope', 'x']);
    assert.equal(noSrc.status, 1);
    assert.match(noSrc.stderr, /Could not find the file \/nope in container cpr/);
    assert.equal(nerdts(['cp', 'f.txt', 'cpr:/nodir/x']).status, 1);
    assert.equal(nerdts(['cp', 'cpr:/etc/passwd', 'nodir/x']).status, 1);
    assert.equal(nerdts(['cp', 'cpr:/etc', 'f.txt']).status, 1);
    ok(['stop', '-t', '0', 'cpr']);
    ok(['cp', 'f.txt', 'cpr:/stopped.txt']);
    ok(['cp', 'cpr:/data/sub/y', 'y-from-stopped']);
    assert.equal(readFileSync(join(work, 'y-from-stopped'), 'utf8'), 'y\n');
    const diff = ok(['diff', 'cpr']).split('\n').filter(Boolean);
    assert.deepEqual(diff, ['A /stopped.txt', 'C /tmp', 'A /tmp/dir', 'A /tmp/dir/sub', 'A /tmp/dir/sub/y', 'A /tmp/f.txt', 'A /tmp/owned.txt']);
    ok(['start', 'cpr']);
    assert.equal(run(['--name', 'reader', '--volumes-from', 'cpr', BUSYBOX, 'cat', '/data/sub/y']), 'y\n');
    ok(['rm', '-f', '-v', 'cpr', 'reader']);
    ok(['volume', 'rm', 'cpvol']);
  });

  test('diff shows deletions; container prune removes stopped containers matching filters', () => {
    run(['--name', 'del', '-l', 'prune=me', BUSYBOX, 'rm', '/bin/ls']);
    assert.deepEqual(ok(['diff', 'del']).split('\n').filter(Boolean), ['C /bin', 'D /bin/ls']);
    run(['--name', 'keep', '-l', 'prune=no', BUSYBOX, 'true']);
    ok(['run', '-d', '-q', '--network', 'none', '--name', 'alive', '-l', 'prune=me', BUSYBOX, 'sleep', '600']);
    const out = ok(['container', 'prune', '-f', '--filter', 'label=prune=me']);
    const id = ok(['inspect', '-f', '{{.Id}}', 'keep']).trim();
    assert.match(out, /^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: \S+\n$/);
    assert.ok(!out.includes(id));
    assert.deepEqual(ok(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort(), ['alive', 'keep']);
    assert.equal(ok(['container', 'prune', '-f', '--filter', 'until=1h']), 'Total reclaimed space: 0B\n');
    ok(['rm', '-f', 'alive', 'keep']);
  });
});
