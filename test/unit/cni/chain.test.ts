import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNetworkList, checkNetworkList, delNetworkList, pluginVersionInfo, requestConfig } from '../../../cni/chain';
import { buildDefaultNetwork } from '../../../cni/nerdctl-network';
import { PluginExitError } from '../../../cni/invoke';
import { CniError, isCniError } from '../../../cni/errors';
import { cacheFilePath } from '../../../cni/result-cache';
import { isIdlePlugin } from '../../../cni/idle-plugins';
import type { Attachment, NetworkConfigList } from '../../../cni/types';
import { StrictFakeExec, bridgeResult } from './fake-exec';
import type { Expected } from './fake-exec';

const scratch = mkdtempSync(join(tmpdir(), 'nerdts-cni-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const defaultList: NetworkConfigList = buildDefaultNetwork();
// tuning with a setting, so that every plugin of the chain has work to do (see 'idle plugins').
const list: NetworkConfigList = {
  ...defaultList,
  plugins: defaultList.plugins.map((p) => (p.type === 'tuning' ? { ...p, sysctl: { 'net.ipv4.conf.eth0.arp_notify': '1' } } : p)),
};
const att: Attachment = {
  containerId: 'default-abc123',
  netns: '/proc/4242/ns/net',
  ifname: 'eth0',
  args: [['IgnoreUnknown', '1'], ['IP', '10.4.0.9']],
  capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp', hostIP: '0.0.0.0' }], ips: ['10.4.0.9/24'], mac: '02:42:ac:11:00:02' },
};

function runtime(exec: StrictFakeExec, env: Record<string, string> = { PATH: '/usr/sbin:/usr/bin', CNI_COMMAND: 'stale' }) {
  return { cniPath: ['/opt/cni/bin', '/usr/lib/cni'], exec, cacheDir: mkdtempSync(join(scratch, 'cni-cache-')), env };
}

const addChain = (respond?: Expected['respond']): Expected[] => [
  { type: 'bridge', command: 'ADD', respond: respond ?? (() => JSON.stringify(bridgeResult('10.4.0.9'))) },
  { type: 'portmap', command: 'ADD' },
  { type: 'firewall', command: 'ADD' },
  { type: 'tuning', command: 'ADD', respond: (stdin) => JSON.stringify({ ...(stdin.prevResult as object), tuned: true }) },
];

describe('ADD', () => {
  test('runs plugins in order, chaining prevResult, and caches the final result', async () => {
    const exec = new StrictFakeExec(addChain());
    const rt = runtime(exec);
    const result = await addNetworkList(rt, list, att);
    exec.done();
    assert.equal(exec.calls[0]!.stdin.prevResult, undefined, 'first plugin gets no prevResult');
    for (const call of exec.calls.slice(1)) assert.deepEqual(call.stdin.prevResult, bridgeResult('10.4.0.9'));
    assert.deepEqual(result, { ...bridgeResult('10.4.0.9'), tuned: true });

    const cached = JSON.parse(readFileSync(cacheFilePath(rt.cacheDir, 'bridge', att.containerId, 'eth0'), 'utf8'));
    assert.deepEqual(Object.keys(cached), ['kind', 'containerId', 'config', 'ifName', 'networkName', 'netns', 'cniArgs', 'capabilityArgs', 'result']);
    assert.equal(cached.kind, 'cniCacheV1');
    assert.equal(JSON.parse(Buffer.from(cached.config, 'base64').toString()).name, 'bridge');
    assert.deepEqual(cached.result, result);
    assert.deepEqual(cached.cniArgs, att.args);
    assert.equal(statSync(cacheFilePath(rt.cacheDir, 'bridge', att.containerId, 'eth0')).mode & 0o777, 0o600);
  });

  test('sets the CNI environment and keeps the inherited one', async () => {
    const exec = new StrictFakeExec(addChain());
    await addNetworkList(runtime(exec), list, att);
    const env = exec.calls[0]!.env;
    assert.equal(env.CNI_COMMAND, 'ADD');
    assert.equal(env.CNI_CONTAINERID, 'default-abc123');
    assert.equal(env.CNI_NETNS, '/proc/4242/ns/net');
    assert.equal(env.CNI_IFNAME, 'eth0');
    assert.equal(env.CNI_ARGS, 'IgnoreUnknown=1;IP=10.4.0.9');
    assert.equal(env.CNI_PATH, '/opt/cni/bin:/usr/lib/cni');
    assert.equal(env.PATH, '/usr/sbin:/usr/bin');
  });

  test('passes each plugin only the capabilities it declares, without `capabilities`', async () => {
    const exec = new StrictFakeExec(addChain());
    await addNetworkList(runtime(exec), list, att);
    const [bridge, portmap, firewall] = exec.calls;
    assert.equal(bridge!.stdin.runtimeConfig, undefined);
    assert.deepEqual(portmap!.stdin.runtimeConfig, { portMappings: att.capabilityArgs!.portMappings });
    assert.equal(portmap!.stdin.capabilities, undefined);
    assert.equal(firewall!.stdin.runtimeConfig, undefined);
    for (const call of exec.calls) {
      assert.equal(call.stdin.name, 'bridge');
      assert.equal(call.stdin.cniVersion, '1.0.0');
    }
  });

  test('a capability declared false is not passed; several declared ones are', () => {
    const conf = requestConfig(list, { type: 'x', capabilities: { ips: true, mac: true, portMappings: false } }, undefined, att.capabilityArgs);
    assert.deepEqual(conf, { type: 'x', name: 'bridge', cniVersion: '1.0.0', runtimeConfig: { ips: ['10.4.0.9/24'], mac: '02:42:ac:11:00:02' } });
  });

  test('stops at the first failing plugin and maps its CNI error', async () => {
    const exec = new StrictFakeExec([{
      type: 'bridge', command: 'ADD',
      respond: () => { throw new PluginExitError(1, '{"cniVersion":"1.0.0","code":7,"msg":"invalid config","details":"range\\nis bad"}', ''); },
    }]);
    await assert.rejects(addNetworkList(runtime(exec), list, att), (err: unknown) => {
      assert.ok(isCniError(err));
      assert.equal(err.kind, 'plugin-failed');
      assert.equal(err.code, 7);
      assert.equal(err.plugin, 'bridge');
      assert.equal(err.command, 'ADD');
      assert.equal(err.details, 'range is bad');
      assert.equal(err.message, 'plugin "bridge" failed (add) on network "bridge": invalid config: range is bad');
      return true;
    });
    exec.done();
  });

  test('a plugin failing without a CNI error reports its stderr', async () => {
    const exec = new StrictFakeExec([{ type: 'bridge', command: 'ADD', respond: () => { throw new PluginExitError(2, '', 'panic: boom\n'); } }]);
    await assert.rejects(addNetworkList(runtime(exec), list, att), /plugin "bridge" failed \(add\) on network "bridge": plugin exited with status 2: panic: boom$/);
  });

  test('undecodable output and empty output are errors', async () => {
    const garbage = new StrictFakeExec([{ type: 'bridge', command: 'ADD', respond: () => 'not json' }]);
    await assert.rejects(addNetworkList(runtime(garbage), list, att), (err: CniError) => err.code === 6 && /cannot decode/.test(err.message));
    const empty = new StrictFakeExec([{ type: 'bridge', command: 'ADD', respond: () => '' }]);
    await assert.rejects(addNetworkList(runtime(empty), list, att), /returned no result/);
  });

  test('a missing plugin is plugin-not-found before anything runs', async () => {
    const exec = new StrictFakeExec([], ['portmap']);
    await assert.rejects(addNetworkList(runtime(exec), list, att), (err: CniError) => err.kind === 'plugin-not-found' && err.plugin === 'bridge');
  });

  test('rejects container IDs and interface names libcni rejects', async () => {
    const exec = new StrictFakeExec([]);
    for (const bad of [{ containerId: '-x' }, { containerId: '' }, { ifname: 'a/b' }, { ifname: 'x'.repeat(16) }, { ifname: '..' }, { ifname: '' }]) {
      await assert.rejects(addNetworkList(runtime(exec), list, { ...att, ...bad }), (err: CniError) => err.kind === 'invalid-argument');
    }
  });

  test('0.4.0 results are converted to the list version 1.0.0', async () => {
    const exec = new StrictFakeExec([{ type: 'ptp', command: 'ADD', respond: () => JSON.stringify({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.1.0.2/24' }] }) }], ['ptp']);
    const result = await addNetworkList(runtime(exec), { cniVersion: '1.0.0', name: 'p', plugins: [{ type: 'ptp' }] }, att);
    assert.deepEqual(result, { cniVersion: '1.0.0', ips: [{ address: '10.1.0.2/24' }] });
  });
});

describe('DEL', () => {
  test('runs plugins in reverse with the cached ADD result, then drops the cache', async () => {
    const rtAdd = runtime(new StrictFakeExec(addChain()));
    const added = await addNetworkList(rtAdd, list, att);
    const exec = new StrictFakeExec(['tuning', 'firewall', 'portmap', 'bridge'].map((type) => ({ type, command: 'DEL', respond: () => '' })));
    const rt = { ...rtAdd, exec };
    await delNetworkList(rt, list, { ...att, capabilityArgs: undefined, args: undefined });
    exec.done();
    for (const call of exec.calls) assert.deepEqual(call.stdin.prevResult, added);
    // Capability and CNI args fall back to the cached ones.
    assert.deepEqual(exec.calls[2]!.stdin.runtimeConfig, { portMappings: att.capabilityArgs!.portMappings });
    assert.equal(exec.calls[0]!.env.CNI_ARGS, 'IgnoreUnknown=1;IP=10.4.0.9');
    assert.equal(existsSync(cacheFilePath(rt.cacheDir, 'bridge', att.containerId, 'eth0')), false);
  });

  test('without a cached result DEL still runs, with no prevResult', async () => {
    const exec = new StrictFakeExec(['tuning', 'firewall', 'portmap', 'bridge'].map((type) => ({ type, command: 'DEL', respond: () => '' })));
    await delNetworkList(runtime(exec), list, att);
    exec.done();
    for (const call of exec.calls) assert.equal(call.stdin.prevResult, undefined);
  });

  test('a failing DEL stops and reports the plugin', async () => {
    const exec = new StrictFakeExec([
      { type: 'tuning', command: 'DEL', respond: () => '' },
      { type: 'firewall', command: 'DEL', respond: () => { throw new PluginExitError(1, '{"code":100,"msg":"iptables failed"}', ''); } },
    ]);
    await assert.rejects(delNetworkList(runtime(exec), list, att), (err: CniError) => err.code === 100 && err.plugin === 'firewall' && err.command === 'DEL');
    exec.done();
  });
});

describe('idle plugins', () => {
  const plain: Attachment = { ...att, capabilityArgs: {}, args: [['IgnoreUnknown', '1']] };

  test('ADD and DEL leave out portmap without port mappings and tuning without settings', async () => {
    const exec = new StrictFakeExec([
      { type: 'bridge', command: 'ADD', respond: () => JSON.stringify(bridgeResult('10.4.0.9')) },
      { type: 'firewall', command: 'ADD' },
    ]);
    const rt = runtime(exec);
    assert.deepEqual(await addNetworkList(rt, defaultList, plain), bridgeResult('10.4.0.9'));
    exec.done();
    const del = new StrictFakeExec(['firewall', 'bridge'].map((type) => ({ type, command: 'DEL', respond: () => '' })));
    await delNetworkList({ ...rt, exec: del }, defaultList, { ...plain, capabilityArgs: undefined, args: undefined });
    del.done();
  });

  test('port mappings, a MAC in CNI_ARGS or a tuning setting make them run', () => {
    const portmap = defaultList.plugins.find((p) => p.type === 'portmap')!;
    const tuning = defaultList.plugins.find((p) => p.type === 'tuning')!;
    assert.equal(isIdlePlugin(portmap, {}, undefined), true);
    assert.equal(isIdlePlugin(portmap, att.capabilityArgs, undefined), false);
    assert.equal(isIdlePlugin(tuning, undefined, [['IgnoreUnknown', '1']]), true);
    assert.equal(isIdlePlugin(tuning, undefined, [['MAC', '02:42:ac:11:00:02']]), false);
    assert.equal(isIdlePlugin({ ...tuning, mtu: 1400 }, undefined, undefined), false);
    assert.equal(isIdlePlugin({ ...tuning, capabilities: { mac: true } }, { mac: '02:42:ac:11:00:02' }, undefined), false);
    assert.equal(isIdlePlugin({ type: 'firewall' }, {}, undefined), false);
  });
});

describe('CHECK and VERSION', () => {
  test('CHECK runs in order with the cached result', async () => {
    const rtAdd = runtime(new StrictFakeExec(addChain()));
    const added = await addNetworkList(rtAdd, list, att);
    const exec = new StrictFakeExec(['bridge', 'portmap', 'firewall', 'tuning'].map((type) => ({ type, command: 'CHECK', respond: () => '' })));
    await checkNetworkList({ ...rtAdd, exec }, list, att);
    exec.done();
    for (const call of exec.calls) assert.deepEqual(call.stdin.prevResult, added);
  });

  test('CHECK is a no-op with disableCheck and an error without a cached result', async () => {
    const exec = new StrictFakeExec([]);
    await checkNetworkList(runtime(exec), { ...list, disableCheck: true }, att);
    await assert.rejects(checkNetworkList(runtime(exec), list, att), (err: CniError) => err.kind === 'not-found');
    await assert.rejects(checkNetworkList(runtime(exec), { ...list, cniVersion: '0.3.1' }, att), /does not support the CHECK command/);
  });

  test('VERSION sends only the version and reads the supported list', async () => {
    const exec = new StrictFakeExec([{
      type: 'bridge', command: 'VERSION',
      respond: (stdin, env) => {
        assert.deepEqual(stdin, { cniVersion: '1.0.0' });
        assert.equal(env.CNI_CONTAINERID, '');
        return '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}';
      },
    }]);
    assert.deepEqual(await pluginVersionInfo(runtime(exec), 'bridge'), { cniVersion: '1.0.0', supportedVersions: ['0.4.0', '1.0.0'] });
    exec.done();
  });
});
