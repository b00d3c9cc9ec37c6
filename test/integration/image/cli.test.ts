// Black-box tests of the built CLI (bin/nerdts) on images: the flows a docker user tries first,
// against the real containerd and the local registries of test/fixtures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { cleanNamespace, connect, readFixtures, skipReason } from './image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-cli-${process.pid}`;
const REG = '127.0.0.1:5000';
const CONTENT_ROOT = '/var/lib/containerd/io.containerd.content.v1.content';
const REGISTRY_DIR = process.env['NERDTS_REGISTRY_DIR'] ?? '/var/tmp/nerdts-registry';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

function nerdts(args: string[], opts: { input?: string; home?: string; env?: Record<string, string> } = {}): Result {
  const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1', ...opts.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  if (opts.home) { env['HOME'] = opts.home; delete env['DOCKER_CONFIG']; }
  const r = spawnSync(BIN, ['-n', NS, ...args], { env, input: opts.input ?? '', encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[], opts?: Parameters<typeof nerdts>[1]): string {
  const r = nerdts(args, opts);
  assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('image commands through the CLI', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'nerdts-cli-'));
  const fixtures = readFixtures();

  before(() => { ok(['pull', '-q', `${REG}/busybox:latest`]); });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
  });

  test('pull prints the name; images lists docker columns; -q and --format', () => {
    const out = ok(['pull', `${REG}/busybox:latest`]);
    assert.match(out, new RegExp(`${REG}/busybox:latest\\n$`));
    const table = ok(['images']);
    assert.match(table.split('\n')[0]!, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+PLATFORM\s+SIZE\s+BLOB SIZE$/);
    const id = fixtures!.images['busybox:latest']!.config!.slice(7, 19);
    assert.match(table, new RegExp(`${REG}/busybox\\s+latest\\s+${id}`));
    assert.equal(ok(['images', '-q']).trim(), id);
    assert.equal(ok(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']).trim(), `${REG}/busybox:latest`);
    assert.equal(JSON.parse(ok(['images', '--format', 'json']).trim()).Tag, 'latest');
    assert.match(ok(['images', '--digests']), /DIGEST/);
    // the listing row is cached on the record at pull time and agrees with the content
    const cached = spawnSync('ctr', ['-n', NS, 'images', 'ls'], { encoding: 'utf8' }).stdout;
    assert.match(cached, /nerdts\/image\.summary=/);
  });

  test('tag, filters, inspect and rmi behave like docker', () => {
    ok(['tag', `${REG}/busybox:latest`, 'local/busybox:v1']);
    assert.equal(ok(['images', '--filter', 'reference=local/*', '--format', '{{.Repository}}:{{.Tag}}']).trim(), 'local/busybox:v1');
    const [inspected] = JSON.parse(ok(['image', 'inspect', 'local/busybox:v1'])) as Array<Record<string, unknown>>;
    assert.deepEqual(inspected!['RepoTags'], [`${REG}/busybox:latest`, 'local/busybox:v1'].sort());
    assert.equal(inspected!['Id'], fixtures!.images['busybox:latest']!.config);
    assert.equal(ok(['image', 'inspect', '-f', '{{.Os}}/{{.Architecture}}', 'local/busybox:v1']).trim(), 'linux/amd64');
    assert.equal(ok(['rmi', 'local/busybox:v1']).trim(), 'Untagged: local/busybox:v1');
    const id = fixtures!.images['busybox:latest']!.config!.slice(7, 19);
    ok(['tag', id, 'local/again']);
    const conflict = nerdts(['rmi', id]);
    assert.equal(conflict.status, 1);
    assert.match(conflict.stderr, /must be forced/);
    ok(['rmi', 'local/again']);
  });

  test('unknown images, bad references and unreachable registries give one-line errors', () => {
    const missing = nerdts(['pull', `${REG}/no-such-image:latest`]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no-such-image/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const bad = nerdts(['pull', 'Busybox']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid reference format/);
    const down = nerdts(['pull', '127.0.0.1:5999/x:latest']);
    assert.equal(down.status, 1);
    assert.match(down.stderr, /127\.0\.0\.1:5999/);
    const plat = nerdts(['pull', '--platform', 'plan9/mips', `${REG}/busybox:latest`]);
    assert.notEqual(plat.status, 0);
    assert.equal(nerdts(['images', '-q', '--filter', 'reference=*no-such*']).stdout, '');
    assert.match(nerdts(['image', 'inspect', 'nope']).stderr, /No such image: nope/);
  });

  test('containerd not answering, autostart off: a one-line error with a hint', () => {
    const r = nerdts(['--address', '/run/nerdts-no-such.sock', '--no-autostart', 'images']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot connect to containerd at \/run\/nerdts-no-such\.sock/);
    assert.match(r.stderr, /Hint: .*--address/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('a multi-platform index pulls the requested platform', () => {
    // the docker-typed list: its amd64 manifest is not in this namespace, so only arm64 is present
    ok(['pull', '-q', '--platform', 'linux/arm64', `${REG}/multiplatform:docker`]);
    assert.equal(ok(['image', 'inspect', '-f', '{{.Architecture}}', `${REG}/multiplatform:docker`]).trim(), 'arm64');
    ok(['rmi', `${REG}/multiplatform:docker`]);
  });

  test('TLS registry through --hosts-dir; TLS refused without it gives a hint', () => {
    const refused = nerdts(['pull', '-q', '127.0.0.1:5443/busybox:latest']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /insecure-registry|hosts/);
    ok(['--hosts-dir', join(REGISTRY_DIR, 'certs.d'), 'pull', '-q', '127.0.0.1:5443/busybox:latest']);
  });

  test('login stores credentials with mode 0600, pull from an auth registry, logout', () => {
    const home = join(work, 'home');
    mkdirSync(home);
    const denied = nerdts(['pull', '-q', '127.0.0.1:5001/busybox:latest'], { home });
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /login/);
    const wrong = nerdts(['login', '-u', 'testuser', '--password-stdin', '127.0.0.1:5001'], { home, input: 'wrong\n' });
    assert.equal(wrong.status, 1);
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong/);
    assert.match(ok(['login', '-u', 'testuser', '--password-stdin', '127.0.0.1:5001'], { home, input: 'testpassword\n' }), /Login Succeeded/);
    assert.equal(statSync(join(home, '.docker', 'config.json')).mode & 0o777, 0o600);
    ok(['pull', '-q', '127.0.0.1:5001/busybox:latest'], { home });
    assert.match(ok(['logout', '127.0.0.1:5001'], { home }), /Removing login credentials/);
  });

  test('import a rootfs tarball, history, save and load round trip', () => {
    const rootfs = join(work, 'rootfs');
    mkdirSync(join(rootfs, 'bin'), { recursive: true });
    writeFileSync(join(rootfs, 'hello.txt'), 'hello\n');
    const tar = join(work, 'rootfs.tar');
    spawnSync('tar', ['-C', rootfs, '-cf', tar, '.']);
    const id = ok(['import', '--change', 'CMD ["cat","/hello.txt"]', tar, 'local/imported:1']).trim();
    assert.match(id, /^sha256:[a-f0-9]{64}$/);
    assert.equal(ok(['image', 'inspect', '-f', '{{json .Config.Cmd}}', 'local/imported:1']).trim(), '["cat","/hello.txt"]');
    assert.match(ok(['history', 'local/imported:1']), /Imported from/);
    const archive = join(work, 'saved.tar');
    ok(['save', '-o', archive, 'local/imported:1']);
    ok(['rmi', 'local/imported:1']);
    assert.match(ok(['load', '-i', archive]), /Loaded image: local\/imported:1/);
    assert.equal(ok(['image', 'inspect', '-f', '{{.Id}}', 'local/imported:1']).trim(), id);
    const broken = nerdts(['import', join(work, 'missing.tar')]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /no such file/);
  });

  test('push to the registry and pull back', () => {
    const name = `${REG}/nerdts-test/cli-push:${process.pid}`;
    ok(['tag', `${REG}/busybox:latest`, name]);
    assert.match(ok(['push', name]), new RegExp(`${process.pid}: digest: sha256:[a-f0-9]{64} size: \\d+`));
    ok(['rmi', name]);
    ok(['pull', '-q', name]);
  });

  test('a pull resumes a partial download and recovers from a corrupt one', () => {
    // an image whose only layer exists nowhere else: the tar we import is the layer blob itself
    const rootfs = join(work, 'resume-rootfs');
    mkdirSync(rootfs, { recursive: true });
    writeFileSync(join(rootfs, 'data.bin'), randomBytes(3 << 20));
    const tar = join(work, 'resume.tar');
    spawnSync('tar', ['-C', rootfs, '-cf', tar, '.']);
    const blob = readFileSync(tar);
    const hex = createHash('sha256').update(blob).digest('hex');
    const name = `${REG}/nerdts-test/resume:${process.pid}`;
    ok(['import', tar, name]);
    ok(['push', '-q', name]);
    const partial = join(`${CONTENT_ROOT}.nerdts`, `${hex}.partial`);
    for (const start of [blob.subarray(0, blob.length >> 1), Buffer.alloc(blob.length >> 2, 7)]) {
      ok(['rmi', name]);
      assert.ok(!existsSync(join(CONTENT_ROOT, 'blobs', 'sha256', hex)), 'the layer is gone from the store');
      mkdirSync(dirname(partial), { recursive: true });
      writeFileSync(partial, start);
      ok(['pull', '-q', name]);
      assert.ok(!existsSync(partial));
      assert.equal(createHash('sha256').update(readFileSync(join(CONTENT_ROOT, 'blobs', 'sha256', hex))).digest('hex'), hex);
    }
    ok(['rmi', name]);
  });

  test('a failed pull leaves no image record', async () => {
    nerdts(['pull', `${REG}/busybox:no-such-tag`]);
    const c = await connect(NS);
    const names = (await c.images.list()).map((i) => i.name);
    c.close();
    assert.ok(!names.some((n) => n.includes('no-such-tag')));
  });

  test('bash completes live image names', { skip: spawnSync('bash', ['-c', 'complete']).status === 0 ? false : 'no bash' }, () => {
    const script = ok(['completion', 'bash']);
    const file = join(work, 'completion.bash');
    writeFileSync(file, script);
    const line = `nerdts -n ${NS} image inspect ${REG}/busy`;
    const words = line.split(' ');
    const r = spawnSync('bash', ['-c', `source ${file}; PATH=${join(BIN, '..')}:$PATH; COMP_LINE='${line}'; COMP_POINT=${line.length}; COMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; _nerdts_completion; printf '%s\\n' "\${COMPREPLY[@]}"`],
      { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
    assert.match(r.stdout, /busybox:latest/);
  });
});
