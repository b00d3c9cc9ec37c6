import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUp } from '../../../src/compose/warm-up';

describe('compose config warm-up (code cache build step)', () => {
  test('the in-memory project loads and renders without warnings', () => {
    const out: string[] = [];
    const err: string[] = [];
    warmUp(1, { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, stderrIsTTY: false, columns: 80 });
    assert.deepEqual(err, []);
    assert.equal(out.length, 3);
    assert.match(out[0]!, /^name: warm\nservices:\n {2}cache:\n/);
    assert.match(out[0]!, /image: registry\.example\.com\/team\/web3:1\.2\n/);
    assert.equal(JSON.parse(out[1]!).services.web0.container_name, 'web0');
    assert.equal(out[2], 'cache\ndb\nweb0\nweb1\nweb2\nweb3\n');
  });
});
