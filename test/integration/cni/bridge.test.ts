// The real containernetworking plugins in /usr/lib/cni against a throwaway netns: a bridge
// network (own bridge name, subnet, IPAM dir, cache dir, netconf dir) with a port mapping, set up
// and torn down through the library, checking interfaces, addresses, IPAM files and iptables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBridgeNetwork } from '../../../cni/nerdctl-network';
import { listNetworkFiles, writeNetworkFile } from '../../../cni/netconf-store';
import { nodePluginExec } from '../../../cni/node-exec';
import { checkNetworkList, pluginVersionInfo } from '../../../cni/chain';
import { setupNetworks, teardownNetworks } from '../../../cni/setup';
import { cacheFilePath } from '../../../cni/result-cache';
import { cniLockPath } from '../../../cni/lock';
import { bridgeInterfaceOf, removeBridgeInterface } from '../../../cni/bridge-link';
import type { CniRuntime } from '../../../cni/chain';

const PLUGIN_DIR = '/usr/lib/cni';
const PLUGINS = ['bridge', 'host-local', 'portmap', 'firewall', 'tuning'];
const missing = PLUGINS.filter((p) => !existsSync(join(PLUGIN_DIR, p)));
const skip = process.getuid?.() !== 0 ? 'needs root'
  : missing.length > 0 ? `CNI plugins missing in ${PLUGIN_DIR}: ${missing.join(', ')} (apt-get install containernetworking-plugins)`
    : false;

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tryRun = (cmd: string, args: string[]): void => { try { run(cmd, args); } catch { /* cleanup is best effort */ } };
const natAndFilterRules = (): string[] => [...run('iptables', ['-t', 'nat', '-S']).split('\n'), ...run('iptables', ['-t', 'filter', '-S']).split('\n')];

test('bridge + portmap + firewall + tuning with the real plugins', { skip }, async () => {
  const nsName = `nerdts-cni-test-${process.pid}`;
  const netns = `/run/netns/${nsName}`;
  const netName = `nerdtstest-${process.pid}`;
  const bridgeName = 'nerdtstest0';
  const id = `nerdts-test-${process.pid}`;
  const hostPort = 39_000 + (process.pid % 900);
  const tmp = mkdtempSync(join(tmpdir(), 'nerdts-cni-it-'));
  const netconf = join(tmp, 'net.d');
  const ipamDir = join(tmp, 'ipam');
  const rt: CniRuntime = {
    cniPath: [PLUGIN_DIR],
    exec: nodePluginExec({ timeoutMs: 60_000 }),
    cacheDir: join(tmp, 'cache'),
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
  };
  const { config } = buildBridgeNetwork({ name: netName, subnet: '10.99.0.0/24' });
  config.plugins[0]!.bridge = bridgeName;
  config.plugins[0]!.ipam!.dataDir = ipamDir;
  await writeNetworkFile(join(netconf, `nerdctl-${netName}.conflist`), config, { exclusive: true });
  const [stored] = await listNetworkFiles({ netconfPath: netconf });
  const conflist = stored!.config;
  const networks = [{
    conflist, ifname: 'eth0', args: [['IgnoreUnknown', '1']] as Array<[string, string]>,
    capabilityArgs: { portMappings: [{ hostPort, containerPort: 80, protocol: 'tcp', hostIP: '0.0.0.0' }] },
  }];
  const lock = { path: cniLockPath(netconf) };

  run('ip', ['netns', 'add', nsName]);
  try {
    assert.ok((await pluginVersionInfo(rt, 'bridge')).supportedVersions.includes('1.0.0'));

    const [attached] = await setupNetworks({ id, netns, networks, runtime: rt, lock });
    const address = attached!.result.ips![0]!.address;
    const ip = address.split('/')[0]!;
    assert.match(address, /^10\.99\.0\.\d+\/24$/);
    assert.equal(attached!.result.ips![0]!.gateway, '10.99.0.1');
    const veth = attached!.result.interfaces!.find((i) => i.name.startsWith('veth'))!.name;

    assert.match(run('ip', ['netns', 'exec', nsName, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0']), new RegExp(`inet ${address.replace(/\./g, '\\.')} `));
    assert.match(run('ip', ['-o', '-4', 'addr', 'show', 'dev', bridgeName]), /inet 10\.99\.0\.1\/24 /);
    assert.ok(existsSync(join(ipamDir, netName, ip)), 'host-local allocation file');
    assert.ok(existsSync(cacheFilePath(rt.cacheDir!, netName, id, 'eth0')), 'result cache');
    const rules = natAndFilterRules();
    assert.ok(rules.some((r) => r.startsWith('-N CNI-DN-')), 'portmap DNAT chain exists');
    assert.ok(rules.some((r) => r.includes(`--dport ${hostPort}`) && r.includes(`--to-destination ${ip}:80`)), 'DNAT rule for the mapping');
    assert.ok(rules.some((r) => r.startsWith('-A CNI-FORWARD') && r.includes(`${ip}/32`)), 'firewall rules for the container');

    // portmap <= 1.2 fails CHECK on IPv4-only setups (containernetworking/plugins#819), so it is left out.
    await checkNetworkList(rt, { ...conflist, plugins: conflist.plugins.filter((p) => p.type !== 'portmap') }, { containerId: id, netns, ifname: 'eth0' });

    await teardownNetworks({ id, netns, networks, runtime: rt, lock });
    assert.ok(!existsSync(join(ipamDir, netName, ip)), 'IP released');
    assert.ok(!readdirSync(join(ipamDir, netName)).some((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)), 'no allocations left');
    assert.throws(() => run('ip', ['link', 'show', veth]), 'host veth removed');
    assert.ok(!existsSync(cacheFilePath(rt.cacheDir!, netName, id, 'eth0')), 'cache dropped');
    const after = natAndFilterRules();
    assert.deepEqual(after.filter((r) => r.includes(ip) || r.includes(`--dport ${hostPort}`) || r.includes(`id: "${id}"`)), [], 'no rules left');

    // DEL again: plugins must succeed on missing state.
    await teardownNetworks({ id, netns, networks, runtime: rt, lock });
    assert.ok(!existsSync(lock.path), 'lock released');

    // What `network rm` does after deleting the file.
    assert.equal(bridgeInterfaceOf(conflist), bridgeName);
    assert.equal(await removeBridgeInterface(bridgeName), true);
    assert.equal(await removeBridgeInterface(bridgeName), false);
  } finally {
    await teardownNetworks({ id, netns, networks, runtime: rt }).catch(() => undefined);
    tryRun('ip', ['netns', 'del', nsName]);
    await removeBridgeInterface(bridgeName).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
});
