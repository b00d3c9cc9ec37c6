// 20 `run -d` on the default bridge network from separate processes at once, then 20 `rm -f` at
// once: every run succeeds with its own generated name and IP, and removal leaves no container,
// no host-local IP reservation, no veth on nerdctl0 and no name entry. Races in the name store,
// the locks or CNI show up here. Private namespace and data root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-par-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const COUNT = 20;
const IPAM_DIR = '/var/lib/cni/networks/bridge';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: string; stderr: string }

/** Host-local reservations (file name = IP) whose owner line names one of the ids. */
function reservationsOf(ids: readonly string[]): string[] {
  if (!existsSync(IPAM_DIR)) return [];
  return readdirSync(IPAM_DIR).filter((f) => {
    if (!/^[\d.]+$/.test(f)) return false;
    try {
      const owner = readFileSync(join(IPAM_DIR, f), 'utf8');
      return ids.some((id) => owner.includes(id));
    } catch { return false; }
  });
}

/** The IP host-local reserved for a container (its reservation file's name). */
function reservedIp(id: string): string | undefined {
  const ips = reservationsOf([id]);
  return ips.length === 1 ? ips[0] : undefined;
}

/** The host end of a container's eth0 (the interface whose ifindex is eth0's iflink). */
function hostVeth(pid: number): string | undefined {
  const peer = readFileSync(`/proc/${pid}/root/sys/class/net/eth0/iflink`, 'utf8').trim();
  return readdirSync('/sys/class/net').find((n) => {
    try { return readFileSync(`/sys/class/net/${n}/ifindex`, 'utf8').trim() === peer; } catch { return false; }
  });
}

/** Every file below dir (names entries are files). */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('20 parallel runs and removals', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-par-'));
  const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
  delete env['NODE_EXTRA_CA_CERTS'];

  function nerdts(args: string[]): Result {
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input: '', encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function nerdtsAsync(args: string[]): Promise<Result> {
    return new Promise((resolve) => {
      const child = spawn(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d; });
      child.stderr.on('data', (d: Buffer) => { stderr += d; });
      child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });
  }

  before(() => { assert.equal(nerdts(['pull', '-q', BUSYBOX]).status, 0); });
  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    const c = await connect(NS);
    await cleanNamespace(c, NS).catch(() => undefined);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('all succeed with distinct names and IPs; parallel rm -f leaves nothing behind', async () => {
    const runs = await Promise.all(Array.from({ length: COUNT }, () => nerdtsAsync(['run', '-d', '-q', BUSYBOX, 'sleep', '600'])));
    const failures = runs.filter((r) => r.status !== 0).map((r) => r.stderr.trim());
    assert.deepEqual(failures, [], `failed runs:\n${failures.join('\n')}`);
    const ids = runs.map((r) => r.stdout.trim());
    assert.equal(new Set(ids).size, COUNT);

    const format = '{{.Name}} {{.State.Pid}} {{.State.Status}} {{.NetworkSettings.IPAddress}}';
    const facts = ids.map((id) => nerdts(['inspect', '-f', format, id]).stdout.trim().split(' '));
    const names = facts.map((f) => f[0]);
    // inspect's IPAddress when it reports one, else the address host-local reserved for the container.
    const ips = facts.map((f, i) => f[3] || reservedIp(ids[i]!));
    assert.equal(new Set(names).size, COUNT, `names: ${names.join(' ')}`);
    assert.ok(ips.every((ip) => /^10\.4\.0\.\d+$/.test(ip ?? '')), `IPs: ${ips.join(' ')}`);
    assert.equal(new Set(ips).size, COUNT, `IPs: ${ips.join(' ')}`);
    assert.ok(facts.every((f) => f[2] === 'running'), facts.map((f) => f.join(' ')).join('\n'));
    assert.equal(reservationsOf(ids).length, COUNT);
    const veths = facts.map((f) => hostVeth(Number(f[1])));
    assert.ok(veths.every((v) => v !== undefined), `veths: ${veths.join(' ')}`);

    const removals = await Promise.all(ids.map((id) => nerdtsAsync(['rm', '-f', id])));
    const rmFailures = removals.filter((r) => r.status !== 0).map((r) => r.stderr.trim());
    assert.deepEqual(rmFailures, [], `failed removals:\n${rmFailures.join('\n')}`);

    assert.equal(nerdts(['ps', '-aq']).stdout, '');
    assert.deepEqual(reservationsOf(ids), [], 'IP reservations left');
    assert.deepEqual(veths.filter((v) => existsSync(`/sys/class/net/${v}`)), [], 'veths left');
    assert.deepEqual(filesBelow(dataRoot).filter((f) => f.includes(`/names/${NS}/`)), [], 'name entries left');
  });
});
