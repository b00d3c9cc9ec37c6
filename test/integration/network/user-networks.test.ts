// User-defined networks through the built CLI: create (explicit and picked subnets, docker's
// errors), containers on one network reaching each other by name, short ID and alias (/etc/hosts
// kept current), --ip, --network container:<name>, inspect's endpoints, ps --filter network=,
// connect/disconnect on a running container, rm refused while in use, then rm/prune leaving
// nothing: no conflist, IPAM state, bridge, veth or iptables rule. Private namespace, data root
// and netconf dir; subnets from 10.213.0.0/16 picked from the pid so parallel runs differ.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkId } from '../../../cni/nerdctl-network';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const CNI_DIR = '/usr/lib/cni';
const NS = `nerdts-unet-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const NET_A = `una${process.pid}`;
const NET_B = `unb${process.pid}`;
const NET_C = `unc${process.pid}`;
const OCTET = 10 + (process.pid % 200);
const SUBNET_A = `10.213.${OCTET}.0/24`;
const PREFIX_A = `10.213.${OCTET}`;
const SUBNET_B = `10.214.${OCTET}.0/24`;
const missing = ['bridge', 'host-local', 'portmap', 'firewall', 'tuning'].filter((p) => !existsSync(join(CNI_DIR, p)));
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`)
  || (missing.length ? `CNI plugins missing in ${CNI_DIR}: ${missing.join(', ')}` : false);

interface Result { status: number; stdout: string; stderr: string }

describe('user-defined networks through the CLI', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-unet-'));
  const netconf = mkdtempSync(join(tmpdir(), 'nerdts-unet-netd-'));

  function nerdts(args: string[]): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, '--cni-netconfpath', netconf, '--cni-path', CNI_DIR, ...args],
      { env, input: '', encoding: 'utf8', timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): string {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }
  /** Runs a busybox shell script on the given network options and returns its output once it exits. */
  function probe(name: string, network: string[], script: string): string {
    ok(['run', '-d', '-q', ...network, '--name', name, BUSYBOX, 'sh', '-c', script]);
    const out = ok(['logs', '-f', name]);
    ok(['rm', '-f', name]);
    return out;
  }
  const inspectJson = (ref: string, template: string): unknown => JSON.parse(ok(['inspect', '-f', `{{json ${template}}}`, ref]));
  const ipamFiles = (net: string): string[] => { try { return readdirSync(join('/var/lib/cni/networks', net)).filter((f) => /^\d/.test(f)); } catch { return []; } };
  const bridgeOf = (net: string): string => `br-${networkId(net).slice(0, 12)}`;

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    for (const net of [NET_A, NET_B, NET_C]) nerdts(['network', 'rm', '-f', net]);
    const c = await connect(NS);
    await cleanNamespace(c, NS);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(netconf, { recursive: true, force: true });
  });

  test('create: explicit and picked subnets, ls columns and filters, inspect; bad input leaves nothing', () => {
    const id = ok(['network', 'create', '--subnet', SUBNET_A, '--label', 'suite=unet', '-o', 'mtu=1400', NET_A]).trim();
    assert.equal(id, networkId(NET_A));
    ok(['network', 'create', '--subnet', SUBNET_B, NET_B]);
    ok(['network', 'create', '--internal', NET_C]);
    const table = ok(['network', 'ls']);
    assert.match(table.split('\n')[0]!, /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    assert.match(table, new RegExp(`^${id.slice(0, 12)}\\s+${NET_A}\\s+bridge\\s+local$`, 'm'));
    assert.match(table, /^[0-9a-f]{12}\s+bridge\s+bridge\s+local$/m);
    assert.equal(ok(['network', 'ls', '-q', '--filter', 'label=suite=unet']), `${id.slice(0, 12)}\n`);
    assert.equal(ok(['network', 'ls', '--format', '{{.Name}}', '--filter', `name=${NET_A}`]), `${NET_A}\n`);
    const doc = JSON.parse(ok(['network', 'inspect', NET_A]))[0];
    assert.deepEqual(doc.IPAM.Config, [{ Subnet: SUBNET_A, Gateway: `${PREFIX_A}.1` }]);
    assert.deepEqual(doc.Options, { 'com.docker.network.driver.mtu': '1400' });
    assert.deepEqual(doc.Labels, { suite: 'unet' });
    assert.equal(JSON.parse(ok(['network', 'inspect', NET_C]))[0].Internal, true);
    assert.match(JSON.parse(ok(['network', 'inspect', NET_C]))[0].IPAM.Config[0].Subnet, /^\d+\.\d+\.\d+\.0\/24$/);

    const bad: Array<[string[], RegExp]> = [
      [['network', 'create', NET_A], new RegExp(`network with name ${NET_A} already exists`)],
      [['network', 'create', '--subnet', `10.213.${OCTET}.128/25`, 'unetx'], /overlaps with other one/],
      [['network', 'create', '--subnet', '10.213.999.0/24', 'unetx'], /failed to parse subnet/],
      [['network', 'inspect', 'unetx'], /network unetx not found/],
    ];
    for (const [args, want] of bad) {
      const r = nerdts(args);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, want);
      assert.equal(r.stderr.trim().split('\n').filter((l) => !l.startsWith('Hint')).length, 1, `one line: ${r.stderr}`);
    }
    assert.equal(existsSync(join(netconf, NS, 'nerdctl-unetx.conflist')), false);
  });

  test('containers reach each other by name, short ID and alias; --ip; container:<name>; inspect and ps', () => {
    const c1 = ok(['run', '-d', '-q', '--network', NET_A, '--network-alias', 'alias1', '--name', 'c1', BUSYBOX, 'sleep', '600']).trim();
    ok(['run', '-d', '-q', '--network', NET_A, '--ip', `${PREFIX_A}.50`, '--name', 'c2', BUSYBOX, 'sleep', '600']);
    const out = probe('p1', ['--network', NET_A], `ping -c1 -W2 c1 && ping -c1 -W2 alias1 && ping -c1 -W2 ${c1.slice(0, 12)} && ping -c1 -W2 c2.${NET_A} && echo reached`);
    assert.match(out, /reached/, out);
    assert.match(out, new RegExp(`PING c2.${NET_A} \\(${PREFIX_A.replace(/\./g, '\\.')}\\.50\\)`));
    // Another network's containers are not listed.
    assert.match(probe('p2', ['--network', NET_B], 'ping -c1 -W1 c1 || echo unreachable'), /bad address 'c1'[\s\S]*unreachable|unreachable/);

    const ep = inspectJson('c2', `.NetworkSettings.Networks`) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(ep), [NET_A]);
    assert.equal(ep[NET_A]!.IPAddress, `${PREFIX_A}.50`);
    assert.equal(ep[NET_A]!.IPPrefixLen, 24);
    assert.equal(ep[NET_A]!.Gateway, `${PREFIX_A}.1`);
    assert.match(String(ep[NET_A]!.MacAddress), /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.equal(ep[NET_A]!.NetworkID, networkId(NET_A));
    assert.deepEqual((inspectJson('c1', `.NetworkSettings.Networks`) as Record<string, Record<string, unknown>>)[NET_A]!.Aliases, ['alias1']);
    assert.equal(ok(['ps', '--filter', `network=${NET_A}`, '--format', '{{.Names}}']).split('\n').filter(Boolean).sort().join(','), 'c1,c2');
    const members = JSON.parse(ok(['network', 'inspect', NET_A]))[0].Containers as Record<string, { Name: string; IPv4Address: string }>;
    assert.equal(members[c1]!.Name, 'c1');

    const shared = probe('p3', ['--network', 'container:c1'], 'hostname; ip -4 addr show eth0');
    assert.match(shared, new RegExp(`^${c1.slice(0, 12)}$`, 'm'));
    assert.match(shared, new RegExp(`inet ${members[c1]!.IPv4Address.replace(/\./g, '\\.')}`));

    for (const [args, want] of [
      [['run', '-d', '--network', 'unetx', BUSYBOX, 'true'], /network unetx not found/],
      [['run', '-d', '--network', NET_A, '--ip', '10.9.9.9', BUSYBOX, 'true'], /does not belong to any of network/],
    ] as Array<[string[], RegExp]>) {
      const r = nerdts(args);
      assert.equal(r.status, 125, r.stderr);
      assert.match(r.stderr, want);
    }
    assert.equal(ok(['ps', '-aq']).split('\n').filter(Boolean).length, 2, 'failed runs leave no container');
    assert.equal(ipamFiles(NET_A).length, 2, 'and no IP');
  });

  test('connect and disconnect a running container; rm refused while in use; rm and prune leave nothing', () => {
    ok(['network', 'connect', '--alias', 'bee', NET_B, 'c1']);
    const ep = inspectJson('c1', '.NetworkSettings.Networks') as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(ep).sort(), [NET_A, NET_B].sort());
    assert.match(String(ep[NET_B]!.IPAddress), /^10\.214\./);
    assert.match(probe('p4', ['--network', NET_B], 'ping -c1 -W2 bee && ping -c1 -W2 c1 && echo reached'), /reached/);
    const dup = nerdts(['network', 'connect', NET_B, 'c1']);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /already exists in network/);

    ok(['network', 'disconnect', NET_B, 'c1']);
    assert.deepEqual(Object.keys(inspectJson('c1', '.NetworkSettings.Networks') as object), [NET_A]);
    assert.deepEqual(ipamFiles(NET_B), [], 'the IP is released');
    ok(['network', 'connect', NET_B, 'c1']);

    const busy = nerdts(['network', 'rm', NET_A]);
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, new RegExp(`error while removing network: network ${NET_A} id ${networkId(NET_A)} has active endpoints`));
    assert.equal(nerdts(['network', 'rm', 'bridge']).status, 1);

    ok(['rm', '-f', 'c1', 'c2']);
    assert.deepEqual([...ipamFiles(NET_A), ...ipamFiles(NET_B)], [], 'postStop detached every network, the connected one too');
    assert.equal(ok(['network', 'rm', NET_A]), `${NET_A}\n`);
    assert.equal(ok(['network', 'prune', '-f']).split('\n').filter((l) => l.startsWith('un')).sort().join(','), [NET_B, NET_C].sort().join(','));
    for (const net of [NET_A, NET_B, NET_C]) {
      assert.equal(existsSync(join(netconf, NS, `nerdctl-${net}.conflist`)), false);
      assert.equal(existsSync(join('/var/lib/cni/networks', net)), false);
      assert.equal(spawnSync('ip', ['link', 'show', bridgeOf(net)]).status, 1, `${bridgeOf(net)} removed`);
    }
    const rules = execFileSync('iptables-save', { encoding: 'utf8' });
    for (const net of [NET_A, NET_B, NET_C]) assert.equal(rules.includes(bridgeOf(net)), false, `no rule for ${net}`);
    assert.equal(rules.includes(`${NS}-`), false, 'no per-container rule');
  });
});
