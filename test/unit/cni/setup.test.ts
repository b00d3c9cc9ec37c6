import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupNetworks, teardownNetworks } from '../../../cni/setup';
import { buildBridgeNetwork, buildDefaultNetwork } from '../../../cni/nerdctl-network';
import { PluginExitError } from '../../../cni/invoke';
import { cacheFilePath } from '../../../cni/result-cache';
import type { CniError } from '../../../cni/errors';
import { StrictFakeExec, bridgeResult } from './fake-exec';
import type { Expected } from './fake-exec';

const scratch = mkdtempSync(join(tmpdir(), 'nerdts-cni-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const bridge = buildDefaultNetwork();
const foo = buildBridgeNetwork({ name: 'foo', subnet: '10.4.1.0/24' }).config;
// The plugins that run: portmap (no port mappings) and tuning (no settings) are idle and left out.
const CHAIN = ['bridge', 'firewall'];
const adds = (ip: string): Expected[] => CHAIN.map((type, i) => ({
  type, command: 'ADD', respond: i === 0 ? () => JSON.stringify(bridgeResult(ip)) : undefined,
}));
const dels = (): Expected[] => [...CHAIN].reverse().map((type) => ({ type, command: 'DEL', respond: () => '' }));

function env(exec: StrictFakeExec) {
  const dir = mkdtempSync(join(scratch, 'cni-setup-'));
  return { runtime: { cniPath: ['/usr/lib/cni'], exec, cacheDir: join(dir, 'cache'), env: {} }, lock: { path: join(dir, 'lock') }, dir };
}

describe('setupNetworks / teardownNetworks', () => {
  test('attaches networks in order under the lock and detaches them in reverse', async () => {
    const exec = new StrictFakeExec([...adds('10.4.0.2'), ...adds('10.4.1.2'), ...dels(), ...dels()]);
    const { runtime, lock } = env(exec);
    const networks = [{ conflist: bridge, ifname: 'eth0' }, { conflist: foo, ifname: 'eth1' }];
    const results = await setupNetworks({ id: 'default-c1', netns: '/proc/9/ns/net', networks, runtime, lock });
    assert.deepEqual(results.map((r) => [r.network, r.ifname, r.result.ips?.[0]?.address]), [['bridge', 'eth0', '10.4.0.2/24'], ['foo', 'eth1', '10.4.1.2/24']]);
    assert.equal(existsSync(lock.path), false, 'lock released');

    await teardownNetworks({ id: 'default-c1', netns: '/proc/9/ns/net', networks, runtime, lock });
    exec.done();
    assert.deepEqual(exec.calls.slice(4).map((c) => `${c.stdin.name}/${c.type}`).slice(0, 3), ['foo/firewall', 'foo/bridge', 'bridge/firewall']);
    assert.equal(existsSync(cacheFilePath(runtime.cacheDir, 'bridge', 'default-c1', 'eth0')), false);
  });

  test('a failed ADD rolls back that network and the ones before it, then rethrows', async () => {
    const failing: Expected = { type: 'bridge', command: 'ADD', respond: () => { throw new PluginExitError(1, '{"code":11,"msg":"busy"}', ''); } };
    const exec = new StrictFakeExec([...adds('10.4.0.2'), failing, ...dels(), ...dels()]);
    const { runtime } = env(exec);
    const warnings: string[] = [];
    await assert.rejects(
      setupNetworks({ id: 'c2', netns: '/n', networks: [{ conflist: bridge, ifname: 'eth0' }, { conflist: foo, ifname: 'eth1' }], runtime, onWarning: (w) => warnings.push(w) }),
      (err: CniError) => err.code === 11 && err.network === 'foo',
    );
    exec.done();
    assert.deepEqual(exec.calls.slice(3).map((c) => c.stdin.name), ['foo', 'foo', 'bridge', 'bridge']);
    assert.deepEqual(warnings, []);
  });

  test('teardown without a conflist uses the cached config; with nothing cached it does nothing', async () => {
    const exec = new StrictFakeExec([...adds('10.4.0.3'), ...dels()]);
    const { runtime } = env(exec);
    await setupNetworks({ id: 'c3', netns: '/n', networks: [{ conflist: bridge, ifname: 'eth0' }], runtime });
    await teardownNetworks({ id: 'c3', netns: '', networks: [{ network: 'bridge', ifname: 'eth0' }], runtime });
    await teardownNetworks({ id: 'c3', netns: '', networks: [{ network: 'bridge', ifname: 'eth0' }], runtime });
    exec.done();
  });

  test('teardown is idempotent with a conflist: DEL runs again and succeeds', async () => {
    const exec = new StrictFakeExec([...dels(), ...dels()]);
    const { runtime } = env(exec);
    for (let i = 0; i < 2; i++) await teardownNetworks({ id: 'c4', netns: '', networks: [{ conflist: bridge, ifname: 'eth0' }], runtime });
    exec.done();
  });

  test('teardown goes on after a failure, throws the first, warns about the rest', async () => {
    const fail = (type: string, msg: string): Expected => ({ type, command: 'DEL', respond: () => { throw new PluginExitError(1, JSON.stringify({ code: 100, msg }), ''); } });
    const exec = new StrictFakeExec([fail('firewall', 'first'), fail('firewall', 'second')]);
    const { runtime } = env(exec);
    const warnings: string[] = [];
    await assert.rejects(
      teardownNetworks({ id: 'c5', netns: '', networks: [{ conflist: bridge, ifname: 'eth0' }, { conflist: foo, ifname: 'eth1' }], runtime, onWarning: (w) => warnings.push(w) }),
      /network "foo": first$/,
    );
    exec.done();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /network "bridge": second$/);
  });

  test('"container unknown" (code 3) on DEL counts as done', async () => {
    const exec = new StrictFakeExec([{ type: 'firewall', command: 'DEL', respond: () => { throw new PluginExitError(1, '{"code":3,"msg":"gone"}', ''); } }]);
    const { runtime } = env(exec);
    await teardownNetworks({ id: 'c6', netns: '', networks: [{ conflist: bridge, ifname: 'eth0' }], runtime });
    exec.done();
  });
});
