import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookGlobalsOf } from '../../../src/hook/hook-args';

test('hookGlobalsOf reads the five --name=value globals anywhere on the line, all or nothing', () => {
  const line = ['--address=/run/c.sock', '--namespace=ns', '--data-root=/d', '--cni-path=/p:/q', '--cni-netconfpath=/n', 'internal', 'oci-hook', 'createRuntime'];
  assert.deepEqual(hookGlobalsOf(line), { address: '/run/c.sock', namespace: 'ns', dataRoot: '/d', cniPath: '/p:/q', cniNetconfPath: '/n' });
  assert.equal(hookGlobalsOf(line.filter((a) => !a.startsWith('--namespace'))), undefined);
  assert.equal(hookGlobalsOf(['internal', 'oci-hook', 'postStop']), undefined);
});
