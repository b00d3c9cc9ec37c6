import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boundingCapabilities, KNOWN_CAPABILITIES, normalizeCapabilities, resolveCapabilities, withCapabilities,
} from '../../../../src/container/spec/capabilities';
import { DEFAULT_CAPABILITIES } from '../../../../src/container/spec/defaults';
import { assertInvalid, baseSpec } from './helpers';

const DEFAULTS = [...DEFAULT_CAPABILITIES];

describe('capabilities', () => {
  test('normalize: case-insensitive, optional CAP_ prefix, ALL kept', () => {
    assert.deepEqual(normalizeCapabilities(['net_admin', 'CAP_SYS_ADMIN', 'Cap_Sys_Time', 'all']),
      ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN', 'CAP_SYS_TIME', 'ALL']);
    assertInvalid(() => normalizeCapabilities(['CAP_FOO']), 'unknown capability: "CAP_FOO"');
    assertInvalid(() => normalizeCapabilities(['foo']), 'unknown capability: "CAP_FOO"');
    assert.equal(KNOWN_CAPABILITIES.length, 41);
  });

  const cases: Array<{ name: string; add?: string[]; drop?: string[]; privileged?: boolean; want: string[] }> = [
    { name: 'nothing', want: DEFAULTS },
    { name: 'add one', add: ['NET_ADMIN'], want: [...DEFAULTS, 'CAP_NET_ADMIN'] },
    { name: 'add an existing one does not duplicate', add: ['chown'], want: DEFAULTS },
    { name: 'drop one', drop: ['net_raw'], want: DEFAULTS.filter((c) => c !== 'CAP_NET_RAW') },
    { name: 'drop ALL keeps only adds', drop: ['ALL'], add: ['chown', 'CAP_KILL'], want: ['CAP_CHOWN', 'CAP_KILL'] },
    { name: 'drop ALL alone', drop: ['all'], want: [] },
    { name: 'add ALL minus drops', add: ['ALL'], drop: ['sys_admin'], want: KNOWN_CAPABILITIES.filter((c) => c !== 'CAP_SYS_ADMIN') },
    { name: 'add ALL wins over drop ALL', add: ['ALL'], drop: ['ALL'], want: [...KNOWN_CAPABILITIES] },
    { name: 'privileged ignores changes', privileged: true, drop: ['ALL'], want: [...KNOWN_CAPABILITIES] },
  ];
  for (const c of cases) {
    test(`resolve: ${c.name}`, () => {
      assert.deepEqual(resolveCapabilities({ capAdd: c.add, capDrop: c.drop, privileged: c.privileged }), c.want);
    });
  }

  test('withCapabilities sets the three sets', () => {
    const spec = baseSpec();
    withCapabilities(spec, { capAdd: ['SYS_PTRACE'], capDrop: ['MKNOD'] });
    const want = [...DEFAULTS.filter((c) => c !== 'CAP_MKNOD'), 'CAP_SYS_PTRACE'];
    assert.deepEqual(spec.process.capabilities, { bounding: want, effective: want, permitted: want });
  });

  test('allCapabilities limits ALL and privileged to the host set', () => {
    assert.deepEqual(resolveCapabilities({ privileged: true, allCapabilities: ['CAP_CHOWN'] }), ['CAP_CHOWN']);
    assert.deepEqual(resolveCapabilities({ capAdd: ['ALL'], allCapabilities: ['CAP_CHOWN', 'CAP_KILL'], capDrop: ['kill'] }), ['CAP_CHOWN']);
  });

  test('boundingCapabilities reads CapBnd from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n';
    const caps = boundingCapabilities(status);
    assert.equal(caps.length, 40);
    assert.ok(!caps.includes('CAP_SYS_RESOURCE'));
    assert.ok(caps.includes('CAP_CHECKPOINT_RESTORE'));
    assert.deepEqual(boundingCapabilities('CapBnd:\t0000000000000003\n'), ['CAP_CHOWN', 'CAP_DAC_OVERRIDE']);
    assertInvalid(() => boundingCapabilities('Name: x\n'), 'no CapBnd line in the process status');
  });
});
