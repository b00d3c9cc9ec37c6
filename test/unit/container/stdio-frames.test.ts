import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME_STDERR, FRAME_STDOUT, FrameReader, encodeFrame } from '../../../src/container/stdio/frames';
import { DetachScanner, parseDetachKeys } from '../../../src/container/stdio/detach-keys';

describe('attach frames', () => {
  test('frames survive any chunking', () => {
    const wire = Buffer.concat([encodeFrame(FRAME_STDOUT, Buffer.from('hello')), encodeFrame(FRAME_STDERR, Buffer.from('')),
      encodeFrame(FRAME_STDOUT, Buffer.from('xabcx'), 1, 4)]);
    for (let cut = 1; cut <= wire.length; cut++) {
      const got: string[] = [];
      const r = new FrameReader((k, p) => got.push(`${k}:${p.toString()}`));
      for (let i = 0; i < wire.length; i += cut) r.push(wire.subarray(i, i + cut));
      assert.deepEqual(got, ['1:hello', '2:', '1:abc'], `chunk size ${cut}`);
    }
  });
});

describe('detach keys', () => {
  const cases: Array<[string, number[]]> = [['ctrl-p,ctrl-q', [16, 17]], ['a,ctrl-@', [97, 0]], ['ctrl-[', [27]]];
  for (const [spec, keys] of cases) test(spec, () => assert.deepEqual(parseDetachKeys(spec), keys));
  test('a bad key is an error', () => assert.throws(() => parseDetachKeys('ctrl-1')));

  test('the sequence detaches; a broken one is passed on unchanged', () => {
    const s = new DetachScanner([16, 17]);
    assert.deepEqual(s.push(Buffer.from([97, 16])), { forward: Buffer.from([97]), detach: false });
    assert.deepEqual(s.push(Buffer.from([98])), { forward: Buffer.from([16, 98]), detach: false });
    assert.deepEqual(s.push(Buffer.from([16, 16, 17])), { forward: Buffer.from([16]), detach: true });
  });
});
