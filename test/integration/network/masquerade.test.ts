// Outbound traffic through the network-level rules (src/network/network-rules.ts): a container
// on the default bridge and one on a user network reach an address outside their subnets that
// has no route back to them, which only works when the host masquerades them. The "outside" is
// a network namespace behind a veth pair on a private /30; removing the user network removes its
// rules. The container's loopback works too (nerdts makes the namespace, so nerdts brings lo up).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-masq-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const OUTSIDE = `nmasq${process.pid % 100000}`;
const HOST_IF = `nmq${process.pid % 100000}`;
const NET = `masq${process.pid % 100000}`;
// 198.18.0.0/15 is reserved for benchmarking: no real route uses it.
const HOST_IP = '198.18.77.1';
const OUTSIDE_IP = '198.18.77.2';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

describe('outbound traffic is masqueraded per network', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-masq-'));
  const nerdts = (args: string[]) => {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

  before(() => {
    ip('netns', 'add', OUTSIDE);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', OUTSIDE);
    ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('-n', OUTSIDE, 'addr', 'add', `${OUTSIDE_IP}/30`, 'dev', 'eth0');
    ip('-n', OUTSIDE, 'link', 'set', 'eth0', 'up');
    assert.equal(nerdts(['pull', '-q', BUSYBOX]).status, 0);
  });
  after(() => {
    nerdts(['rm', '-f', 'm1', 'm2']);
    nerdts(['network', 'rm', NET]);
    spawnSync('ip', ['link', 'del', HOST_IF]);
    spawnSync('ip', ['netns', 'del', OUTSIDE]);
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('the default bridge and a user network reach an outside address; network rm drops its rules', () => {
    const ping = ['ping', '-c', '1', '-W', '3', OUTSIDE_IP];
    const onBridge = nerdts(['run', '--rm', '--name', 'm1', BUSYBOX, ...ping]);
    assert.equal(onBridge.status, 0, onBridge.stdout + onBridge.stderr);
    // The pinned namespace's loopback is up, as in a namespace runc makes (a server on 127.0.0.1 answers).
    const loopback = nerdts(['run', '--rm', BUSYBOX, 'sh', '-c', 'httpd -p 127.0.0.1:8081 -h /etc && wget -q -O - http://127.0.0.1:8081/hostname']);
    assert.equal(loopback.status, 0, loopback.stdout + loopback.stderr);
    assert.equal(nerdts(['network', 'create', NET]).status, 0);
    const onUser = nerdts(['run', '--rm', '--name', 'm2', '--network', NET, BUSYBOX, ...ping]);
    assert.equal(onUser.status, 0, onUser.stdout + onUser.stderr);
    const bridge = `br-${(JSON.parse(nerdts(['network', 'inspect', NET]).stdout) as Array<{ Id: string }>)[0]!.Id.slice(0, 12)}`;
    assert.match(execFileSync('iptables-save', { encoding: 'utf8' }), new RegExp(`nerdts bridge ${bridge}`));
    assert.equal(nerdts(['network', 'rm', NET]).status, 0);
    assert.doesNotMatch(execFileSync('iptables-save', { encoding: 'utf8' }), new RegExp(`nerdts bridge ${bridge}"`));
  });
});
