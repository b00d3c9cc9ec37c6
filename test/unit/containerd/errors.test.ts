import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NerdtsError } from '../../../src/errors';
import type { ErrorCode } from '../../../src/errors';
import { CONNECT_HINT, cleanDetails, toNerdtsError } from '../../../src/containerd/errors';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';

const ADDRESS = '/run/containerd/containerd.sock';

test('gRPC status codes map to our error codes, with containerd\'s message', () => {
  const cases: Array<[number, string, ErrorCode, string]> = [
    [5, 'image "x": not found', 'not-found', 'image "x": not found'],
    [6, 'container "web": already exists', 'already-exists', 'container "web": already exists'],
    [3, 'namespace is required', 'invalid-argument', 'namespace is required'],
    [9, 'namespace "a" must be empty: failed precondition', 'failed-precondition', 'namespace "a" must be empty: failed precondition'],
    [4, 'deadline', 'deadline-exceeded', 'deadline'],
    [1, 'context canceled', 'canceled', 'context canceled'],
    [12, 'unknown service x', 'unimplemented', 'unknown service x'],
    [8, 'too big', 'resource-exhausted', 'too big'],
    [7, 'denied', 'permission-denied', 'denied'],
    [10, 'conflict on update', 'conflict', 'conflict on update'],
    [16, 'who are you', 'unauthorized', 'who are you'],
    [2, 'OCI runtime create failed: exec: "x": not found: unknown', 'internal', 'OCI runtime create failed: exec: "x": not found: unknown'],
    [13, 'boom', 'internal', 'boom'],
    [11, 'write @5 must occur at current offset 3', 'internal', 'write @5 must occur at current offset 3'],
    [15, 'wrote 1 of 2 bytes', 'internal', 'wrote 1 of 2 bytes'],
    [14, 'ref default/1/x locked for 1s: unavailable', 'unavailable', 'ref default/1/x locked for 1s: unavailable'],
    [5, '', 'not-found', 'containerd returned not-found'],
  ];
  for (const [grpc, details, code, message] of cases) {
    const err = toNerdtsError(new GrpcStatusError(grpc, details), ADDRESS);
    assert.equal(err.code, code, `grpc ${grpc}`);
    assert.equal(err.message, message, `grpc ${grpc}`);
    assert.ok(err.cause instanceof GrpcStatusError);
  }
});

test('server-side unavailable keeps containerd\'s message and says to retry', () => {
  const err = toNerdtsError(new GrpcStatusError(14, 'ref x locked: unavailable'), ADDRESS);
  assert.match(err.hint ?? '', /retry/);
});

test('socket failures become a connection error with the address and the hint', () => {
  const cases: Array<[unknown, ErrorCode, string]> = [
    [Object.assign(new Error(`connect ENOENT ${ADDRESS}`), { code: 'ENOENT' }), 'unavailable', 'no such socket'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unavailable', 'connection refused'],
    [new GrpcStatusError(14, `connect ECONNREFUSED ${ADDRESS}`), 'unavailable', 'connection refused'],
    [new GrpcStatusError(14, 'read ECONNRESET'), 'unavailable', 'connection reset'],
    [new GrpcStatusError(14, 'connection closed by server (GOAWAY)'), 'unavailable', 'connection closed by server (GOAWAY)'],
    [Object.assign(new Error('connect EACCES'), { code: 'EACCES' }), 'permission-denied', 'permission denied'],
  ];
  for (const [input, code, reason] of cases) {
    const err = toNerdtsError(input, ADDRESS);
    assert.equal(err.code, code);
    assert.equal(err.message, `cannot connect to containerd at ${ADDRESS}: ${reason}`);
    if (code === 'unavailable') assert.equal(err.hint, CONNECT_HINT);
    else assert.match(err.hint ?? '', /root/);
  }
});

test('other errors: NerdtsError passes through, aborts are canceled, the rest internal', () => {
  const own = new NerdtsError('not-found', 'x');
  assert.equal(toNerdtsError(own, ADDRESS), own);
  const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
  assert.equal(toNerdtsError(abort, ADDRESS).code, 'canceled');
  const bug = toNerdtsError(new TypeError('x is not a function'), ADDRESS);
  assert.equal(bug.code, 'internal');
  assert.equal(bug.message, 'containerd client: x is not a function');
});

test('cleanDetails makes one line and drops nested gRPC wrappers', () => {
  assert.equal(cleanDetails('rpc error: code = NotFound desc = image "a":\n  not found '), 'image "a": not found');
  assert.equal(cleanDetails('failed: rpc error: code = Unknown desc = x'), 'failed: x');
});
