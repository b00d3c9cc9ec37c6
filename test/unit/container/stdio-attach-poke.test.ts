import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACH_SIGNAL, catchAttachPokes } from '../../../src/container/stdio/attach-poke';

test('attach pokes: a request before the listener is kept, later ones call it each time', () => {
  const before = process.listenerCount(ATTACH_SIGNAL);
  const pokes = catchAttachPokes();
  assert.equal(process.listenerCount(ATTACH_SIGNAL), before + 1, 'caught from the start: the default action would end the logger');
  process.emit(ATTACH_SIGNAL, ATTACH_SIGNAL);
  let calls = 0;
  pokes.onRequest(() => { calls++; });
  assert.equal(calls, 1, 'an early request is answered once a listener exists');
  process.emit(ATTACH_SIGNAL, ATTACH_SIGNAL);
  assert.equal(calls, 2);
  process.removeAllListeners(ATTACH_SIGNAL);
});

test('attach pokes: no request, no call', () => {
  const pokes = catchAttachPokes();
  let calls = 0;
  pokes.onRequest(() => { calls++; });
  assert.equal(calls, 0);
  process.removeAllListeners(ATTACH_SIGNAL);
});
