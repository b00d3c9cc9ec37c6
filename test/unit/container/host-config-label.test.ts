import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeHostConfigLabels, effectiveCapabilities, givenHostConfig, hostConfigLabels, tmpfsMap,
} from '../../../src/container/host-config-label';
import { containerInspect } from '../../../src/inspect/container';
import type { ContainerInspectInput } from '../../../src/inspect/container';
import { DEFAULT_CAPABILITIES, defaultSpec } from '../../../src/container/spec';

describe('effectiveCapabilities (docker CLI rules)', () => {
  const cases: Array<[string, string[], string[], string[], string[]]> = [
    ['normalized, sorted, deduplicated', ['net_admin', 'CAP_SYS_TIME', ' NET_ADMIN '], ['mknod'], ['CAP_NET_ADMIN', 'CAP_SYS_TIME'], ['CAP_MKNOD']],
    ['add beats drop', ['CHOWN'], ['chown', 'KILL'], ['CAP_CHOWN'], ['CAP_KILL']],
    ['ALL in add trumps the rest', ['all', 'NET_ADMIN'], ['KILL'], ['ALL'], ['CAP_KILL']],
    ['ALL in drop', ['NET_BIND_SERVICE'], ['ALL', 'KILL'], ['CAP_NET_BIND_SERVICE'], ['ALL']],
    ['ALL in both: nothing dropped', ['ALL'], ['ALL'], ['ALL'], []],
    ['nothing', [], [], [], []],
  ];
  for (const [name, add, drop, capAdd, capDrop] of cases) {
    test(name, () => assert.deepEqual(effectiveCapabilities(add, drop), { capAdd, capDrop }));
  }
});

describe('given HostConfig labels', () => {
  test('tmpfsMap: options as written, "" without', () => {
    assert.deepEqual(tmpfsMap(['/run:size=64k,mode=1777', '/x', '/y:']), { '/run': 'size=64k,mode=1777', '/x': '', '/y': '' });
  });

  test('givenHostConfig keeps only what was given', () => {
    assert.deepEqual(givenHostConfig({}), {});
    assert.deepEqual(givenHostConfig({
      capAdd: ['net_admin'], groupAdd: ['1234', 'staff'], securityOpt: ['no-new-privileges'], volumesFrom: ['a:ro'],
      tmpfs: ['/run'], init: true,
    }), {
      CapAdd: ['CAP_NET_ADMIN'], GroupAdd: ['1234', 'staff'], SecurityOpt: ['no-new-privileges'], VolumesFrom: ['a:ro'], Tmpfs: { '/run': '' }, Init: true,
    });
  });

  test('labels round trip; devices in nerdctl\'s host-config shape', () => {
    const labels = hostConfigLabels({ devices: ['/dev/null:/dev/xnull:rw', '/dev/zero'], groupAdd: ['1'], cidfile: 'c.id' });
    assert.deepEqual(JSON.parse(labels['nerdctl/host-config']!), {
      BlkioWeight: 0, CidFile: 'c.id',
      Devices: [
        { PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'rw' },
        { PathOnHost: '/dev/zero', PathInContainer: '/dev/zero', CgroupPermissions: 'rwm' },
      ],
    });
    const decoded = decodeHostConfigLabels(labels);
    assert.deepEqual(decoded.given, { GroupAdd: ['1'] });
    assert.equal(decoded.cidfile, 'c.id');
    assert.equal(decoded.devices.length, 2);
    assert.deepEqual(JSON.parse(hostConfigLabels({})['nerdctl/host-config']!), { BlkioWeight: 0, CidFile: '', Devices: null });
  });

  test('a record too long for a containerd label is left out', () => {
    const labels = hostConfigLabels({ securityOpt: ['label=' + 'x'.repeat(5000)], devices: Array.from({ length: 80 }, (_, i) => `/dev/null:/dev/n${i}`) });
    assert.equal(labels['nerdts/host-config'], undefined);
    assert.equal(JSON.parse(labels['nerdctl/host-config']!).Devices, null);
  });

  test('a container without the labels (nerdctl\'s): no given fields, no devices', () => {
    assert.deepEqual(decodeHostConfigLabels({ 'nerdctl/host-config': '{"BlkioWeight":0,"CidFile":"/tmp/c.id","Devices":null}' }), { devices: [], cidfile: '/tmp/c.id' });
    assert.deepEqual(decodeHostConfigLabels({ 'nerdts/host-config': 'not json' }), { devices: [], cidfile: '' });
  });
});

describe('inspect HostConfig from the given fields', () => {
  const ID = 'e'.repeat(64);
  function input(over: Partial<ContainerInspectInput>): ContainerInspectInput {
    const spec = defaultSpec({ id: ID, namespace: 'default' });
    spec.process.capabilities!.bounding = [...DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_NET_RAW'), 'CAP_NET_ADMIN'];
    spec.mounts.push({ destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'size=64k'] });
    return {
      id: ID, created: '2024-01-02T03:04:05Z', name: 'c', imageId: '', imageName: 'busybox', spec: spec as never,
      state: { status: 'created', pid: 0, exitCode: 0, error: '', startedAt: '', finishedAt: '' },
      restartCount: 0, resolvConfPath: '', hostnamePath: '', hostsPath: '', logPath: '', snapshotter: 'overlayfs', runtime: 'io.containerd.runc.v2',
      labels: {}, mounts: [], restartPolicy: { Name: 'no', MaximumRetryCount: 0 }, logConfig: { Type: 'json-file', Config: {} }, autoRemove: false,
      networks: ['none'], privileged: false, defaultCapabilities: DEFAULT_CAPABILITIES, user: '', domainname: '',
      dns: { servers: [], options: [], search: [] }, extraHosts: [], imageEntrypoint: null, imageVolumes: null, exposedPorts: null, stopSignal: '',
      ...over,
    };
  }
  const hc = (over: Partial<ContainerInspectInput>): Record<string, unknown> =>
    (containerInspect(input(over)) as { HostConfig: Record<string, unknown> }).HostConfig;

  test('given fields shown as given, Init last', () => {
    const h = hc({
      given: { CapAdd: ['CAP_NET_ADMIN'], GroupAdd: ['staff'], SecurityOpt: ['no-new-privileges'], VolumesFrom: ['src'], Tmpfs: { '/run': 'size=64k' }, Init: true },
      devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'rwm' }],
    });
    assert.deepEqual([h.CapAdd, h.CapDrop, h.GroupAdd, h.SecurityOpt, h.VolumesFrom, h.Tmpfs, h.Init],
      [['CAP_NET_ADMIN'], null, ['staff'], ['no-new-privileges'], ['src'], { '/run': 'size=64k' }, true]);
    assert.deepEqual(h.Devices, [{ PathOnHost: '/dev/null', PathInContainer: '/dev/xnull', CgroupPermissions: 'rwm' }]);
    assert.equal(Object.keys(h).at(-1), 'Init');
  });

  test('nothing given: docker\'s nulls, no Init or Tmpfs keys, empty Devices', () => {
    const spec = defaultSpec({ id: ID, namespace: 'default' });
    const h = hc({ given: {}, spec: spec as never });
    assert.deepEqual([h.CapAdd, h.CapDrop, h.GroupAdd, h.SecurityOpt, h.VolumesFrom, h.Devices], [null, null, null, null, null, []]);
    assert.equal('Init' in h, false);
    assert.equal('Tmpfs' in h, false);
  });

  test('without the label: capabilities and tmpfs derived from the spec', () => {
    const h = hc({});
    assert.deepEqual([h.CapAdd, h.CapDrop], [['CAP_NET_ADMIN'], ['CAP_NET_RAW']]);
    assert.deepEqual(h.Tmpfs, { '/run': 'noexec,nosuid,size=64k' });
    assert.equal(h.GroupAdd, null);
  });
});
