// Published ports through the built CLI on the default bridge network: -p with and without a host
// address, an automatic host port, -P with --expose, `port`, ps PORTS and filters, inspect; a taken
// host port fails with docker's message and leaves nothing behind; rm -f leaves no DNAT rules.
// Private namespace and data root; host ports are chosen free at run time (23000+).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-ports-${process.pid}`;
const HTTPD = '127.0.0.1:5000/httpd:latest';
const IPAM_DIR = '/var/lib/cni/networks/bridge';
// The fixture's httpd serves /var/www, which the image lacks: give it a page to tell containers apart.
const serve = (text: string): string[] => ['sh', '-c', `mkdir -p /var/www && echo ${text} > /var/www/index.html && exec httpd -f -p 80 -h /var/www`];
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`)
  || (spawnSync('iptables', ['-t', 'nat', '-S'], { encoding: 'utf8' }).status === 0 ? false : 'iptables unavailable');

interface Result { status: number; stdout: string; stderr: string }

describe('published ports through the CLI', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-ports-'));
  const ports = { hostPort: 0, loopbackPort: 0, busyPort: 0 };
  let blocker: Server | undefined;

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

  before(async () => {
    ok(['pull', '-q', HTTPD]);
    const free = await freePorts(3);
    Object.assign(ports, { hostPort: free[0], loopbackPort: free[1], busyPort: free[2] });
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen({ host: '127.0.0.1', port: ports.busyPort }, resolve));
  });
  after(async () => {
    blocker?.close();
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('-p P:80, -p 127.0.0.1:P2:80 and an automatic port serve; -P publishes exposed ports; port, ps, inspect', async () => {
    const { hostPort: p1, loopbackPort: p2 } = ports;
    ok(['run', '-d', '-q', '--name', 'web', '-p', `${p1}:80`, '-p', `127.0.0.1:${p2}:80`, '-p', '127.0.0.1::80', HTTPD, ...serve('web')]).trim();
    assert.equal(await httpBody(`http://127.0.0.1:${p1}/`), 'web\n', '-p P:80 answers on 127.0.0.1');
    assert.equal(await httpBody(`http://127.0.0.1:${p2}/`), 'web\n');
    const external = hostAddress();
    if (external) {
      assert.equal(await httpBody(`http://${external}:${p1}/`), 'web\n', '-p P:80 answers on the host address');
      await assert.rejects(httpBody(`http://${external}:${p2}/`, 3), '127.0.0.1:P2 is not published on the host address');
    }
    const lines = ok(['port', 'web']).trim().split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines.includes(`80/tcp -> 0.0.0.0:${p1}`) && lines.includes(`80/tcp -> 127.0.0.1:${p2}`), lines.join('\n'));
    const auto = Number(/^80\/tcp -> 127\.0\.0\.1:(\d+)$/m.exec(lines.filter((l) => !l.endsWith(`:${p2}`)).join('\n'))?.[1]);
    assert.ok(auto >= 49153 && auto <= 60999, `automatic port ${auto} in docker's range`);
    assert.equal(await httpBody(`http://127.0.0.1:${auto}/`), 'web\n');
    assert.equal(ok(['port', 'web', '80/tcp']).split('\n').filter(Boolean).length, 3);
    const missing = nerdts(['port', 'web', '81']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no public port '81' published for web/);

    ok(['run', '-d', '-q', '--name', 'all', '-P', '--expose', '7000-7001/udp', HTTPD, ...serve('all')]);
    const allLines = ok(['port', 'all']).trim().split('\n');
    assert.deepEqual(allLines.map((l) => l.replace(/:\d+$/, '')), ['80/tcp -> 0.0.0.0', '7000/udp -> 0.0.0.0', '7001/udp -> 0.0.0.0']);
    const allPort = Number(/:(\d+)$/.exec(allLines[0]!)![1]);
    assert.equal(await httpBody(`http://127.0.0.1:${allPort}/`), 'all\n');

    const psPorts = ok(['ps', '--format', '{{.Names}}|{{.Ports}}']).trim().split('\n').sort();
    assert.equal(psPorts.length, 2);
    assert.match(psPorts[0]!, /^all\|0\.0\.0\.0:\d+->80\/tcp, 0\.0\.0\.0:\d+->7000\/udp, 0\.0\.0\.0:\d+->7001\/udp$/);
    assert.match(psPorts[1]!, new RegExp(`^web\\|0\\.0\\.0\\.0:${p1}->80/tcp, 127\\.0\\.0\\.1:\\d+->80/tcp, 127\\.0\\.0\\.1:\\d+->80/tcp$`));
    assert.match(ok(['ps']).split('\n')[0]!, /\s+PORTS\s+/);
    assert.equal(ok(['ps', '--filter', 'expose=7000/udp', '--format', '{{.Names}}']).trim(), 'all');
    assert.equal(ok(['ps', '--filter', 'publish=80', '--format', '{{.Names}}']).trim().split('\n').sort().join(','), 'all,web');

    const [info] = JSON.parse(ok(['inspect', 'web'])) as Array<{ NetworkSettings: { Ports: Record<string, unknown> };
      HostConfig: { PortBindings: Record<string, unknown> }; Config: { ExposedPorts: Record<string, object> } }>;
    const bindings = info!.NetworkSettings.Ports['80/tcp'] as Array<{ HostIp: string; HostPort: string }>;
    assert.deepEqual(bindings.find((b) => b.HostPort === String(p1)), { HostIp: '0.0.0.0', HostPort: String(p1) });
    assert.deepEqual(info!.HostConfig.PortBindings, info!.NetworkSettings.Ports);
    assert.deepEqual(info!.Config.ExposedPorts, { '80/tcp': {} });
    const state = readFileSync(join(ok(['inspect', '-f', '{{index .Config.Labels "nerdctl/state-dir"}}', 'web']).trim(), 'network-config.json'), 'utf8');
    assert.match(state, new RegExp(`^\\{"portMappings":\\[\\{"HostPort":${p1},"ContainerPort":80,"Protocol":"tcp","HostIP":"0.0.0.0"\\}`));

    // A port a running container publishes, or one the host has bound, is refused; nothing stays.
    const before = traces();
    const taken = nerdts(['run', '-d', '-q', '--name', 'clash', '-p', `127.0.0.1:${p1}:80`, HTTPD]);
    assert.equal(taken.status, 125);
    assert.match(taken.stderr, new RegExp(`Bind for 127\\.0\\.0\\.1:${p1} failed: port is already allocated`));
    const busy = nerdts(['run', '-d', '-q', '--name', 'clash', '-p', `${ports.busyPort}:80`, HTTPD]);
    assert.equal(busy.status, 125);
    assert.match(busy.stderr, new RegExp(`Bind for 0\\.0\\.0\\.0:${ports.busyPort} failed: port is already allocated`));
    assert.deepEqual(traces(), before);
    assert.equal(nerdts(['inspect', 'clash']).status, 1);

    // rm -f takes the forwarding rules and the addresses away.
    ok(['rm', '-f', 'web', 'all']);
    const after = traces();
    assert.deepEqual(after.rules, [], 'no rule names our containers');
    assert.deepEqual(after.ips, [], 'no address is leased');
    const ours = new RegExp(`--dports? (\\S+,)?(${p1}|${p2}|${auto}|${allPort})\\b`);
    assert.deepEqual(natRules().filter((r) => ours.test(r)), [], 'no DNAT rule forwards our ports');
  });

  /** What containers of this namespace hold outside containerd: NAT rules and IPAM leases; plus the state dirs. */
  function traces(): { rules: string[]; ips: string[]; states: string[] } {
    const rules = natRules().filter((l) => l.includes(NS));
    const ips = existsSync(IPAM_DIR) ? readdirSync(IPAM_DIR).filter((f) => /^\d/.test(f)
      && (readFileSync(join(IPAM_DIR, f), 'utf8').startsWith(`${NS}-`))) : [];
    const dirs = (p: string): string[] => { try { return readdirSync(p); } catch { return []; } };
    const states = dirs(dataRoot).flatMap((h) => dirs(join(dataRoot, h, 'containers', NS)));
    return { rules, ips: ips.sort(), states: states.sort() };
  }

  test('a published port answers another host through a FORWARD policy of DROP (as dockerd leaves it)', async () => {
    // The other host is a namespace on a veth; its packets are DNATed by portmap and forwarded to the bridge.
    const peer = `nerdts-peer-${process.pid}`;
    const [hostIf, peerIf] = [`np${process.pid % 100000}h`, `np${process.pid % 100000}p`];
    const [port] = await freePorts(1);
    const policy = /^-P FORWARD (\w+)/m.exec(execFileSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' }))?.[1] ?? 'ACCEPT';
    const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8', timeout: 30_000 });
    try {
      sh([`ip netns add ${peer}`, `ip link add ${hostIf} type veth peer name ${peerIf} netns ${peer}`,
        `ip addr add 198.51.100.1/30 dev ${hostIf}`, `ip link set ${hostIf} up`, `ip -n ${peer} addr add 198.51.100.2/30 dev ${peerIf}`,
        `ip -n ${peer} link set ${peerIf} up`, `ip -n ${peer} link set lo up`, `ip -n ${peer} route add default via 198.51.100.1`].join(' && '));
      ok(['run', '-d', '-q', '--name', 'far', '-p', `${port}:80`, HTTPD, ...serve('far')]);
      execFileSync('iptables', ['-P', 'FORWARD', 'DROP']);
      // node as the client there (busybox-static's wget resolves through glibc's NSS and crashes).
      const fetch = `require('http').get('http://198.51.100.1:${port}/', { timeout: 5000 }, (r) => r.pipe(process.stdout)).on('timeout', () => process.exit(3))`;
      assert.equal(execFileSync('ip', ['netns', 'exec', peer, process.execPath, '-e', fetch], { encoding: 'utf8', timeout: 30_000 }), 'far\n');
    } finally {
      execFileSync('iptables', ['-P', 'FORWARD', policy]);
      spawnSync('ip', ['link', 'del', hostIf]);
      spawnSync('ip', ['netns', 'del', peer]);
      nerdts(['rm', '-f', 'far']);
    }
  });
});

const natRules = (): string[] => execFileSync('iptables', ['-w', '5', '-t', 'nat', '-S'], { encoding: 'utf8' }).split('\n');

/** The first IPv4 address of a physical-looking interface (not loopback or a bridge). */
function hostAddress(): string | undefined {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (/^(lo|nerdctl|docker|br-|veth|cni)/.test(name)) continue;
    const v4 = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return undefined;
}

/** `count` host ports that nothing binds now, from 23000 up. */
async function freePorts(count: number): Promise<number[]> {
  const out: number[] = [];
  const start = 23000 + (process.pid % 250) * 4;
  for (let p = start; out.length < count && p < 24000; p++) {
    const okay = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen({ host: '0.0.0.0', port: p }, () => s.close(() => resolve(true)));
    });
    if (okay) out.push(p);
  }
  return out;
}

/** The body of a GET, retried while the server is still starting (the DNAT target refuses). */
async function httpBody(url: string, attempts = 50): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const req = get(url, { timeout: 2000 }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => { body += d; });
          res.on('end', () => resolve(body));
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
      });
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
