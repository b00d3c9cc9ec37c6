import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { areWarm, forgetWarm, markWarm } from '../../../src/network/warm-networks';
import type { NetworkConfigList } from '../../../cni/types';

const dir = mkdtempSync(join(tmpdir(), 'nerdts-warm-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const net = (name: string, nerdctlID?: string): NetworkConfigList => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge' }], ...(nerdctlID && { nerdctlID }) });

test('a network is warm after a recorded attachment, per netconf dir, name and ID, until forgotten', () => {
  const a = net('bridge', 'id1');
  const b = net('web_default', 'id2');
  assert.equal(areWarm('/etc/cni/net.d', [a], dir), false);
  markWarm('/etc/cni/net.d', [a], dir);
  assert.equal(areWarm('/etc/cni/net.d', [a], dir), true);
  assert.equal(areWarm('/tmp/other-netconf', [a], dir), false, 'another netconf dir');
  assert.equal(areWarm('/etc/cni/net.d', [net('bridge', 'id9')], dir), false, 'a recreated network has another ID');
  assert.equal(areWarm('/etc/cni/net.d', [a, b], dir), false, 'every network must be warm');
  assert.equal(areWarm('/etc/cni/net.d', [], dir), false);
  forgetWarm('/etc/cni/net.d', a, dir);
  assert.equal(areWarm('/etc/cni/net.d', [a], dir), false);
});
