import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GlobalOptions } from '../../../src/config';
import { stepSpec } from '../../../src/build/run-step';
import type { RunStepInput } from '../../../src/build/run-step';
import { bridgeAnnotations } from '../../../src/build/step-network';
import type { StepBridge } from '../../../src/build/step-network';

const globals: GlobalOptions = {
  address: '/run/containerd/containerd.sock', namespace: 'ns1', snapshotter: 'overlayfs', dataRoot: '/var/lib/nerdctl',
  cniPath: '/opt/cni/bin', cniNetconfPath: '/etc/cni/net.d', hostsDir: [], insecureRegistry: [], debug: false,
  cgroupManager: 'cgroupfs', autostartContainerd: false, configPath: '/etc/nerdts.toml',
};
const input = (network: RunStepInput['network']): RunStepInput => ({
  snapshotter: 'overlayfs', key: 'k', mounts: [], args: ['/bin/sh', '-c', 'true'], env: [], cwd: '/', uid: 0, gid: 0,
  additionalGids: [], network, extraMounts: [], onOutput: () => {},
});
const bridge: StepBridge = {
  annotations: bridgeAnnotations('ns1'),
  hooks: { createRuntime: [{ path: '/usr/bin/nerdts', args: ['nerdts', 'internal', 'oci-hook', 'createRuntime'] }] },
  files: [{ destination: '/etc/resolv.conf', source: '/etc/resolv.conf' }, { destination: '/etc/hosts', source: '/tmp/x/hosts' }],
  release: async () => {},
};
const hasNetns = (s: ReturnType<typeof stepSpec>): boolean => s.linux!.namespaces!.some((n) => n.type === 'network');

describe('stepSpec networking', () => {
  test('bridge: own netns, the hook annotations and hooks, resolv.conf and hosts bound read-only', () => {
    const spec = stepSpec(globals, 'id1', input('bridge'), () => true, bridge);
    assert.ok(hasNetns(spec));
    assert.equal(spec.annotations!['nerdctl/networks'], '["bridge"]');
    assert.equal(spec.annotations!['nerdctl/namespace'], 'ns1');
    assert.equal(spec.annotations!['nerdctl/hostname'], 'buildkitsandbox');
    assert.equal(spec.hooks!.createRuntime![0]!.path, '/usr/bin/nerdts');
    const hosts = spec.mounts!.find((m) => m.destination === '/etc/hosts');
    assert.deepEqual(hosts, { destination: '/etc/hosts', type: 'bind', source: '/tmp/x/hosts', options: ['rbind', 'ro'] });
  });

  test('host: no netns, host files bound; none: netns, no hooks', () => {
    const host = stepSpec(globals, 'id1', input('host'), () => true);
    assert.ok(!hasNetns(host));
    assert.ok(host.mounts!.some((m) => m.destination === '/etc/resolv.conf' && m.source === '/etc/resolv.conf'));
    const none = stepSpec(globals, 'id1', input('none'), () => true);
    assert.ok(hasNetns(none));
    assert.equal(none.hooks, undefined);
    assert.ok(!none.mounts!.some((m) => m.destination === '/etc/resolv.conf'));
  });
});
