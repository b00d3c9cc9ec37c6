import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLabel, containerCommand } from '../../../src/container/command-label';

const spec = (value: unknown): { typeUrl: string; value: Buffer } =>
  ({ typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from(JSON.stringify(value)) });

describe('nerdts/command label', () => {
  test('create writes the args joined, or nothing when empty or too long for a label', () => {
    assert.deepEqual(commandLabel(['sh', '-c', 'echo hi']), { 'nerdts/command': 'sh -c echo hi' });
    assert.deepEqual(commandLabel([]), {});
    assert.deepEqual(commandLabel(undefined), {});
    assert.deepEqual(commandLabel(['x'.repeat(5000)]), {});
    // multi-byte characters count in bytes
    assert.deepEqual(commandLabel(['é'.repeat(1995)]), {});
    assert.deepEqual(commandLabel(['é'.repeat(1000)]), { 'nerdts/command': 'é'.repeat(1000) });
  });

  test('ps reads the label first, else the spec', () => {
    assert.equal(containerCommand({ labels: { 'nerdts/command': 'sleep 1' }, spec: spec({ process: { args: ['other'] } }) }), 'sleep 1');
    assert.equal(containerCommand({ labels: {}, spec: spec({ process: { args: ['sleep', '2'] } }) }), 'sleep 2');
    assert.equal(containerCommand({ labels: {}, spec: undefined }), '');
    assert.equal(containerCommand({ labels: {}, spec: { typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/Spec', value: Buffer.from('{') } }), '');
  });
});
