// The log relay (src/logging/relay.ts, bin/log-stub.sh) with containerd's real shim: containers
// started while a relay runs are logged by it, the logger lock names the container's stub, and
// logs, attach (the SIGUSR2 poke the stub forwards) and the end at the exit work as with a logger
// of their own. The relay is shared by the whole machine, so this test never stops it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';
import { recordedPid } from '../../../src/logging/lock';
import { relayFiles } from '../../../src/logging/relay-files';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-relay-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
  }
}

describe('the log relay', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-relay-'));
  const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
  delete env['NODE_EXTRA_CA_CERTS'];

  function nerdts(args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): string {
    const r = nerdts(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }
  // The container's logger-lock, wherever the data store under dataRoot is.
  function lockOf(name: string): string {
    const id = ok(['inspect', '-f', '{{.Id}}', name]).trim();
    const store = readdirSync(dataRoot).map((d) => join(dataRoot, d, 'containers', NS, id)).find((d) => existsSync(d));
    assert.ok(store, `state directory of ${name}`);
    return join(store, 'logger-lock');
  }
  const comm = (pid: number): string => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const left = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (left.length) nerdts(['rm', '-f', ...left]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('a container started while the relay runs: stub in the lock, logs, attach, end at the exit', async () => {
    // The first start with no relay running launches one (and logs on its own).
    ok(['run', '-d', '--network', 'none', '--name', 'first', BUSYBOX, 'sleep', '60']);
    await until('a relay', () => recordedPid(relayFiles().pidFile) !== undefined);
    const relay = recordedPid(relayFiles().pidFile)!;
    assert.equal(comm(relay), 'nerdts-relay');

    ok(['run', '-d', '--network', 'none', '--name', 'served', BUSYBOX, 'sh', '-c', 'echo out; echo err >&2; sleep 2; echo bye; exit 5']);
    const lock = lockOf('served');
    const stub = recordedPid(lock);
    assert.ok(stub !== undefined, 'the lock names a live process');
    assert.equal(comm(stub), 'nerdts', 'the stub (bin/nerdts sourcing bin/log-stub.sh), not a Node logger');

    // attach finds no socket, pokes the stub, the relay opens the socket.
    const at = nerdts(['attach', 'served']);
    assert.equal(at.status, 5, at.stderr);
    assert.match(at.stdout, /bye\n/);
    await until('the stub to end', () => recordedPid(lock) === undefined);
    const logs = nerdts(['logs', 'served']);
    assert.deepEqual([logs.stdout, logs.stderr], ['out\nbye\n', 'err\n']);
    assert.equal(nerdts(['logs', '-f', 'served']).stdout, 'out\nbye\n', 'logs -f ends: the logger has ended');
    assert.equal(recordedPid(relayFiles().pidFile), relay, 'the relay stays for the other containers');

    // A restart is served again (the previous stub has ended), and rm leaves no stub behind.
    ok(['start', 'served']);
    await until('the second run to end', () => ok(['inspect', '-f', '{{.State.Status}}', 'served']).trim() === 'exited');
    assert.equal(nerdts(['logs', 'served']).stdout, 'out\nbye\nout\nbye\n');
    ok(['rm', '-f', 'first', 'served']);
  });
});
