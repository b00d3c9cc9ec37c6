// Black-box tests of the built CLI (bin/nerdts) on detached containers: run -d, ps, inspect, stop,
// start, rename, pause, kill, wait, rm, and docker's errors, against the real containerd and the
// fixture registry (bash test/fixtures/services.sh start). Private namespace and data root; log
// driver none (the default of this build). Skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdClient } from '../../../src/containerd/client';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-ctr-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const HTTPD = '127.0.0.1:5000/httpd:latest';
const HTTP_PORT = 18081;
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

describe('container commands through the CLI', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-ctr-cli-'));

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

  /** run -d with no network; returns the full ID. */
  function sleeper(name: string): string {
    const id = ok(['run', '-d', '-q', '--network', 'none', '--name', name, BUSYBOX, 'sleep', '600']).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    return id;
  }

  const status = (ref: string): string => ok(['inspect', '-f', '{{.State.Status}}', ref]).trim();

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    const c = await connect(NS);
    await removeLeftovers(c);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('logs: json-file by default, stdout and stderr apart, --tail, -t, -f returns when the container exits', () => {
    ok(['run', '-d', '-q', '--network', 'none', '--name', 'logger', BUSYBOX, 'sh', '-c', 'echo one; echo two; echo oops >&2; sleep 1; echo three']);
    const followed = nerdts(['logs', '-f', 'logger']);
    assert.equal(followed.status, 0);
    assert.equal(followed.stdout, 'one\ntwo\nthree\n');
    assert.equal(followed.stderr, 'oops\n');
    assert.equal(ok(['logs', '--tail', '1', 'logger']), 'three\n');
    assert.match(ok(['logs', '-t', '--tail', '1', 'logger']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$/);
    ok(['rm', 'logger']);
    ok(['run', '-d', '-q', '--network', 'none', '--log-driver', 'none', '--name', 'quiet', BUSYBOX, 'true']);
    const none = nerdts(['logs', 'quiet']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /does not support reading/);
    ok(['rm', '-f', 'quiet']);
  });

  test('run -d prints the ID; ps shows it Up with docker columns; --format and inspect -f', () => {
    const id = sleeper('ctr-a');
    const table = ok(['ps']);
    assert.match(table.split('\n')[0]!, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    assert.match(table, new RegExp(`^${id.slice(0, 12)}\\s+127\\.0\\.0\\.1:5000/busybox\\s+"sleep 600"\\s+.*\\s+Up .*ctr-a$`, 'm'));
    assert.equal(ok(['ps', '--format', '{{.Names}} {{.State}}', '--filter', 'name=ctr-a']).trim(), 'ctr-a running');
    assert.equal(ok(['container', 'ls', '-q', '--no-trunc', '--filter', 'name=ctr-a']).trim(), id);
    assert.equal(status('ctr-a'), 'running');
    assert.equal(ok(['container', 'inspect', '-f', '{{.Id}}', id.slice(0, 12)]).trim(), id);
    const [object] = JSON.parse(ok(['inspect', 'ctr-a'])) as Array<Record<string, unknown>>;
    assert.equal(object!['Name'], '/ctr-a');
    ok(['rm', '-f', 'ctr-a']);
  });

  test('stop shows Exited in ps -a; start, rename, pause and unpause', () => {
    sleeper('ctr-b');
    assert.equal(ok(['stop', '-t', '1', 'ctr-b']), 'ctr-b\n');
    assert.equal(ok(['ps', '-q', '--filter', 'name=ctr-b']).trim(), '');
    assert.match(ok(['ps', '-a', '--format', '{{.Names}} {{.Status}}']), /^ctr-b Exited \(\d+\) /m);
    assert.equal(status('ctr-b'), 'exited');
    assert.equal(ok(['start', 'ctr-b']), 'ctr-b\n');
    assert.equal(status('ctr-b'), 'running');
    assert.equal(ok(['rename', 'ctr-b', 'ctr-c']), '');
    assert.equal(nerdts(['inspect', 'ctr-b']).status, 1);
    assert.equal(ok(['pause', 'ctr-c']), 'ctr-c\n');
    assert.equal(status('ctr-c'), 'paused');
    assert.match(ok(['ps', '--format', '{{.Status}}', '--filter', 'name=ctr-c']), /\(Paused\)/);
    assert.equal(ok(['unpause', 'ctr-c']), 'ctr-c\n');
    assert.equal(status('ctr-c'), 'running');
    ok(['rm', '-f', 'ctr-c']);
  });

  test('kill and wait report the exit code; restart runs it again', () => {
    sleeper('ctr-d');
    assert.equal(ok(['kill', 'ctr-d']), 'ctr-d\n');
    assert.equal(ok(['wait', 'ctr-d']), '137\n');
    ok(['run', '-d', '-q', '--network', 'none', '--name', 'ctr-e', BUSYBOX, 'sh', '-c', 'exit 3']);
    assert.equal(ok(['wait', 'ctr-e']), '3\n');
    assert.equal(ok(['restart', 'ctr-d']), 'ctr-d\n');
    assert.equal(status('ctr-d'), 'running');
    assert.equal(ok(['kill', '-s', 'SIGTERM', 'ctr-d']), 'ctr-d\n');
    ok(['rm', '-f', 'ctr-d', 'ctr-e']);
  });

  test('rm refuses a running container without -f; rm -f removes it', () => {
    const id = sleeper('ctr-f');
    const refused = nerdts(['rm', 'ctr-f']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^Error: cannot remove container "\/ctr-f": container is running: stop the container before removing or force remove$/m);
    assert.equal(ok(['rm', '-f', 'ctr-f']), 'ctr-f\n');
    assert.doesNotMatch(ok(['ps', '-aq', '--no-trunc']), new RegExp(id));
  });

  test('a name in use fails with docker conflict message, exit 125, and leaves nothing behind', () => {
    const id = sleeper('ctr-g');
    const before = ok(['ps', '-aq']);
    const conflict = nerdts(['run', '-d', '--network', 'none', '--name', 'ctr-g', BUSYBOX, 'true']);
    assert.equal(conflict.status, 125);
    assert.match(conflict.stderr, new RegExp(`Conflict\\. The container name "/ctr-g" is already in use by container "${id}"`));
    assert.equal(nerdts(['create', '--network', 'none', '--name', 'ctr-g', BUSYBOX]).status, 125);
    assert.equal(ok(['ps', '-aq']), before);
    ok(['rm', '-f', 'ctr-g']);
  });

  test('create then start; unknown containers give clear errors; an unknown image leaves nothing', () => {
    const id = ok(['create', '--network', 'none', '--name', 'ctr-h', BUSYBOX, 'sleep', '600']).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal(status('ctr-h'), 'created');
    assert.match(ok(['ps', '-a', '--filter', 'name=ctr-h']), /\bCreated\b/);
    ok(['start', id]);
    assert.equal(status('ctr-h'), 'running');
    ok(['rm', '-f', 'ctr-h']);
    const existing = ok(['ps', '-aq']);
    for (const args of [['stop', 'no-such-ctr'], ['rm', 'no-such-ctr'], ['container', 'inspect', 'no-such-ctr']]) {
      const r = nerdts(args);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, /^Error: No such container: no-such-ctr$/m, args.join(' '));
    }
    const missing = nerdts(['run', '--network', 'none', '127.0.0.1:5000/no-such-image:latest', 'true']);
    assert.equal(missing.status, 125);
    assert.equal(missing.stderr.split('\n').filter((l) => l.startsWith('Error:')).length, 1, missing.stderr);
    assert.equal(ok(['ps', '-aq']), existing);
  });

  test('run -d --network host serves httpd on a host port', async () => {
    ok(['pull', '-q', HTTPD]);
    const cidfile = join(dataRoot, 'web.cid');
    const id = ok(['run', '-d', '-q', '--network', 'host', '--name', 'ctr-web', '--cidfile', cidfile, HTTPD,
      'httpd', '-f', '-p', String(HTTP_PORT), '-h', '/var/www']).trim();
    assert.equal(readFileSync(cidfile, 'utf8'), id);
    assert.equal(await httpStatus(`http://127.0.0.1:${HTTP_PORT}/`), 200);
    ok(['rm', '-f', 'ctr-web']);
  });
});

/** The status code of a GET, retried while the server is still binding its port. */
async function httpStatus(url: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) => {
        get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
      });
    } catch (err) {
      if (attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Containers the CLI could not remove (a failed run of the suite): kill and delete them directly. */
async function removeLeftovers(c: ContainerdClient): Promise<void> {
  const quiet = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch { /* best effort */ } };
  for (const ctr of await c.containers.list().catch(() => [])) {
    await quiet(() => c.tasks.kill(ctr.id, 9, { all: true }));
    await quiet(() => c.tasks.delete(ctr.id));
    await quiet(() => c.containers.delete(ctr.id));
    await quiet(() => c.snapshots.remove(ctr.snapshotter, ctr.snapshotKey));
  }
}
