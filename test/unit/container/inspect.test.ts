import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerInspect, splitCommand } from '../../../src/inspect/container';
import type { ContainerInspectInput } from '../../../src/inspect/container';
import { DEFAULT_CAPABILITIES, defaultSpec } from '../../../src/container/spec';

const ID = 'f'.repeat(64);

function input(over: Partial<ContainerInspectInput> = {}): ContainerInspectInput {
  const spec = defaultSpec({ id: ID, namespace: 'default' });
  spec.process.args = ['/app/entrypoint.sh', 'cat', '/app/hello.txt'];
  spec.linux.resources = { ...spec.linux.resources, memory: { limit: 64 * 1024 * 1024 }, cpu: { quota: 150000, period: 100000 }, pids: { limit: 50 } };
  spec.process.capabilities!.bounding = [...DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_NET_RAW'), 'CAP_NET_ADMIN'];
  return {
    id: ID, created: '2024-01-02T03:04:05.123456789Z', name: 'web', imageId: 'sha256:' + 'a'.repeat(64), imageName: 'multilayer',
    spec: spec as never,
    state: { status: 'exited', pid: 0, exitCode: 137, error: '', startedAt: '2024-01-02T03:04:06Z', finishedAt: '2024-01-02T03:05:00Z' },
    restartCount: 0, resolvConfPath: '/s/resolv.conf', hostnamePath: '/s/hostname', hostsPath: '/h/hosts', logPath: '',
    snapshotter: 'overlayfs', runtime: 'io.containerd.runc.v2', labels: { a: 'b' },
    mounts: [{ Type: 'bind', Source: '/tmp', Destination: '/app', Mode: 'ro', RW: false, Propagation: 'rprivate' }],
    restartPolicy: { Name: 'no', MaximumRetryCount: 0 }, logConfig: { Type: 'none', Config: {} }, autoRemove: false,
    networks: ['none'], privileged: false, defaultCapabilities: DEFAULT_CAPABILITIES, user: 'app', domainname: '',
    dns: { servers: [], options: [], search: [] }, extraHosts: [], imageEntrypoint: ['/app/entrypoint.sh'],
    imageVolumes: { '/data': {} }, exposedPorts: { '80/tcp': {} }, stopSignal: 'SIGQUIT', ...over,
  };
}

describe('container inspect shape', () => {
  test('docker\'s top-level keys in docker\'s order', () => {
    assert.deepEqual(Object.keys(containerInspect(input())), [
      'Id', 'Created', 'Path', 'Args', 'State', 'Image', 'ResolvConfPath', 'HostnamePath', 'HostsPath', 'LogPath', 'Name',
      'RestartCount', 'Driver', 'Platform', 'MountLabel', 'ProcessLabel', 'AppArmorProfile', 'ExecIDs', 'HostConfig',
      'GraphDriver', 'Mounts', 'Config', 'NetworkSettings',
    ]);
  });

  test('values', () => {
    const j = containerInspect(input()) as Record<string, any>;
    assert.equal(j.Name, '/web');
    assert.equal(j.Path, '/app/entrypoint.sh');
    assert.deepEqual(j.Args, ['cat', '/app/hello.txt']);
    assert.deepEqual(j.State, { Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 137, Error: '', StartedAt: '2024-01-02T03:04:06Z', FinishedAt: '2024-01-02T03:05:00Z' });
    assert.equal(j.Image, 'sha256:' + 'a'.repeat(64));
    assert.deepEqual(j.Config.Entrypoint, ['/app/entrypoint.sh']);
    assert.deepEqual(j.Config.Cmd, ['cat', '/app/hello.txt']);
    assert.equal(j.Config.Image, 'multilayer');
    assert.equal(j.Config.StopSignal, 'SIGQUIT');
    assert.deepEqual(j.HostConfig.CapAdd, ['CAP_NET_ADMIN']);
    assert.deepEqual(j.HostConfig.CapDrop, ['CAP_NET_RAW']);
    assert.equal(j.HostConfig.Memory, 64 * 1024 * 1024);
    assert.equal(j.HostConfig.NanoCpus, 1_500_000_000);
    assert.equal(j.HostConfig.CpuQuota, 0);
    assert.equal(j.HostConfig.PidsLimit, 50);
    assert.equal(j.HostConfig.ShmSize, 64 * 1024 * 1024);
    assert.deepEqual(j.HostConfig.Binds, ['/tmp:/app:ro']);
    assert.equal(j.HostConfig.NetworkMode, 'none');
    assert.equal(j.HostConfig.IpcMode, 'private');
    assert.equal(j.HostConfig.PidMode, '');
    assert.deepEqual(Object.keys(j.NetworkSettings.Networks), ['none']);
    assert.equal(j.NetworkSettings.SandboxKey, '');
  });

  test('running state', () => {
    const j = containerInspect(input({ state: { status: 'running', pid: 42, exitCode: 0, error: '', startedAt: 'x', finishedAt: '0001-01-01T00:00:00Z' } })) as Record<string, any>;
    assert.equal(j.State.Running, true);
    assert.equal(j.NetworkSettings.SandboxKey, '/proc/42/ns/net');
  });

  const splits: Array<{ args: string[]; ep: string[] | null; want: ReturnType<typeof splitCommand> }> = [
    { args: ['sh'], ep: null, want: { entrypoint: null, cmd: ['sh'] } },
    { args: ['/e', 'a'], ep: ['/e'], want: { entrypoint: ['/e'], cmd: ['a'] } },
    { args: ['/e'], ep: ['/e'], want: { entrypoint: ['/e'], cmd: null } },
    { args: ['other', 'x'], ep: ['/e'], want: { entrypoint: null, cmd: ['other', 'x'] } },
    { args: [], ep: null, want: { entrypoint: null, cmd: null } },
  ];
  for (const s of splits) test(`split ${s.args.join(' ')}`, () => assert.deepEqual(splitCommand(s.args, s.ep), s.want));
});
