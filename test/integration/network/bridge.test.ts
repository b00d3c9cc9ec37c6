// The default bridge network end to end: create with networks ['bridge'], start (runc runs the
// built launcher's createRuntime hook: CNI setup, hosts store), HTTP to the container's IP,
// restart (postStop then createRuntime again), rm (postStop), and nothing left: no IPAM
// allocation, no host veth, no iptables rule. Uses the real default network (nerdctl0,
// 10.4.0.0/24) with a temp netconf dir and data root, the fixture registry
// (bash test/fixtures/services.sh start) and the launcher built by `node scripts/build.mjs`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveGlobals } from '../../../src/config';
import type { GlobalOptions } from '../../../src/config';
import { connectContainerd } from '../../../src/containerd/client';
import type { ContainerdClient } from '../../../src/containerd/client';
import { createContainer } from '../../../src/container/create';
import { realHost } from '../../../src/container/host';
import { killContainer, removeContainer, startContainer, stopContainer, waitContainer } from '../../../src/container/lifecycle';
import { dataStorePath } from '../../../src/store/data-store';
import { bridgeNetwork, cniNetworks } from '../../../src/network/resolver';
import type { HostsMeta } from '../../../src/network/hosts-store';

const SOCKET = '/run/containerd/containerd.sock';
const CNI_DIR = '/usr/lib/cni';
const IPAM_DIR = '/var/lib/cni/networks/bridge';
const NS = `nerdts-nettest-${process.pid}`;
const HTTPD = '127.0.0.1:5000/httpd:latest';
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');

const missingPlugins = ['bridge', 'host-local', 'portmap', 'firewall', 'tuning'].filter((p) => !existsSync(join(CNI_DIR, p)));
const skip = process.getuid?.() !== 0 ? 'needs root'
  : !existsSync(SOCKET) ? `${SOCKET} absent`
    : missingPlugins.length ? `CNI plugins missing in ${CNI_DIR}: ${missingPlugins.join(', ')}`
      : !existsSync(join(REPO, 'dist', 'chunks', 'hook.js')) ? 'dist/chunks/hook.js absent (run `node scripts/build.mjs --no-typecheck`)'
        : false;

function registryUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request('http://127.0.0.1:5000/v2/', { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** One GET with a 3 s bound; the body or the error text. */
function httpGet(url: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ ...(res.statusCode !== undefined && { status: res.statusCode }), body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ body: err.message }));
  });
}

/** httpd needs a moment after its task starts: retry a bounded number of times. */
async function httpGetEventually(url: string): Promise<{ status?: number; body: string }> {
  let last: { status?: number; body: string } = { body: '' };
  for (let i = 0; i < 20; i++) {
    last = await httpGet(url);
    if (last.status !== undefined) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const linkExists = (name: string): boolean => { try { sh('ip', ['link', 'show', name]); return true; } catch { return false; } };

describe('default bridge network with the OCI hook', { skip }, () => {
  let client: ContainerdClient;
  let globals: GlobalOptions;
  let tmp: string;
  let store: string;
  let registry = true;
  const host = { ...realHost(), launcher: () => BIN };

  before(async () => {
    registry = await registryUp();
    tmp = mkdtempSync(join(tmpdir(), 'nerdts-net-it-'));
    globals = resolveGlobals({ namespace: NS, dataRoot: join(tmp, 'root'), address: SOCKET, cniPath: CNI_DIR, cniNetconfpath: join(tmp, 'net.d') }, {}, () => undefined);
    store = dataStorePath(globals);
    client = await connectContainerd({ address: SOCKET, namespace: NS, autostart: false });
  });

  after(async () => {
    if (!client) return;
    const quiet = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch { /* best effort */ } };
    for (const c of await client.containers.list().catch(() => [])) await quiet(() => removeContainer(client, globals, c.id, { force: true, networks: cniNetworks }));
    for (const img of await client.images.list().catch(() => [])) await quiet(() => client.images.delete(img.name));
    for (let round = 0; round < 4; round++) {
      for (const s of await client.snapshots.list('overlayfs').catch(() => [])) await quiet(() => client.snapshots.remove('overlayfs', s.name));
    }
    for (const l of await client.leases.list().catch(() => [])) await quiet(() => client.leases.delete(l.id, { sync: true }));
    for (const info of await client.content.list().catch(() => [])) await quiet(() => client.content.delete(info.digest));
    await quiet(() => client.namespaces.delete(NS));
    client.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const meta = (id: string): HostsMeta => JSON.parse(readFileSync(join(store, 'etchosts', NS, id, 'meta.json'), 'utf8')) as HostsMeta;
  const hookLog = (id: string): string => {
    try { return readFileSync(join(store, 'containers', NS, id, 'oci-hook.createRuntime.log'), 'utf8'); } catch { return '(no hook log)'; }
  };
  const ipOf = (id: string): string => meta(id).Networks!['bridge']!.ips![0]!.address.split('/')[0]!;
  const hostVeths = (id: string): string[] => (meta(id).Networks!['bridge']!.interfaces ?? [])
    .filter((i) => !i.sandbox && i.name.startsWith('veth')).map((i) => i.name);

  test('start attaches, httpd answers on the container IP, rm detaches and leaves nothing', async (t) => {
    if (!registry) return t.skip('registry 127.0.0.1:5000 is not running (bash test/fixtures/services.sh start)');
    const web = await createContainer(client, globals, { image: HTTPD, networks: ['bridge'], logDriver: 'none', name: 'web' }, host);
    assert.ok(existsSync(join(tmp, 'net.d', 'nerdctl-bridge.conflist')));
    const peer = await createContainer(client, globals, { image: BUSYBOX, networks: ['bridge'], logDriver: 'none', name: 'peer', command: ['sleep', '600'] }, host);
    try {
      await startContainer(client, globals, web.id);
    } catch (err) {
      assert.fail(`start failed: ${(err as Error).message}\nhook log: ${hookLog(web.id)}`);
    }
    await startContainer(client, globals, peer.id);
    const ip = ipOf(web.id);
    const peerIp = ipOf(peer.id);
    assert.match(ip, /^10\.4\.0\.\d+$/);
    assert.notEqual(ip, peerIp);
    assert.match(readFileSync(join(IPAM_DIR, ip), 'utf8'), new RegExp(`${NS}-${web.id}`));
    const hosts = readFileSync(join(store, 'etchosts', NS, web.id, 'hosts'), 'utf8');
    assert.match(hosts, new RegExp(`^${ip.replace(/\./g, '\\.')} +${web.id.slice(0, 12)} web$`, 'm'));
    assert.match(hosts, new RegExp(`^${peerIp.replace(/\./g, '\\.')} +${peer.id.slice(0, 12)} peer$`, 'm'));
    const res = await httpGetEventually(`http://${ip}:80/`);
    assert.equal(res.status, 200, `GET http://${ip}/: ${res.body}`);

    // Restart: the old task's delete runs postStop, the new task's createRuntime attaches again.
    await stopContainer(client, web.id, { timeoutSeconds: 2 });
    await startContainer(client, globals, web.id);
    const ip2 = ipOf(web.id);
    assert.equal((await httpGetEventually(`http://${ip2}:80/`)).status, 200);
    if (ip2 !== ip) assert.equal(existsSync(join(IPAM_DIR, ip)), false, 'the old address was released');

    const veths = [...hostVeths(web.id), ...hostVeths(peer.id)];
    assert.ok(veths.length >= 2 && veths.every(linkExists), `host veths ${veths.join(',')}`);

    // A task that exited but was never deleted had no postStop: release (rm's safety net) detaches.
    const exited = waitContainer(client, peer.id);
    await killContainer(client, peer.id);
    await exited;
    assert.ok(existsSync(join(IPAM_DIR, peerIp)), 'still allocated before release');
    const labels = (await client.containers.get(peer.id)).labels;
    await bridgeNetwork.release({ id: peer.id, namespace: NS, dataStore: store, labels, cni: { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath } });
    assert.equal(existsSync(join(IPAM_DIR, peerIp)), false, 'release freed the address');
    assert.deepEqual(sh('iptables-save', []).split('\n').filter((l) => l.includes(peer.id.slice(0, 12))), []);

    for (const c of [web, peer]) await removeContainer(client, globals, c.id, { force: true, networks: cniNetworks });
    for (const addr of [ip2, peerIp]) assert.equal(existsSync(join(IPAM_DIR, addr)), false, `${addr} still allocated`);
    for (const v of veths) assert.equal(linkExists(v), false, `${v} still exists`);
    const rules = sh('iptables-save', []).split('\n').filter((l) => l.includes(web.id.slice(0, 12)) || l.includes(peer.id.slice(0, 12)));
    assert.deepEqual(rules, []);
    assert.equal(existsSync(join(store, 'etchosts', NS, web.id)), false);
  });
});
