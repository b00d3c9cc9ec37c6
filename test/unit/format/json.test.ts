import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goJson, goMap } from '../../../src/format';

test("json matches docker's encoder (Go encoding/json without HTML escaping)", () => {
  const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120));
  const cases: Array<[unknown, string]> = [
    [{ a: '<&>', b: [1, 2.5, null], c: true }, '{"a":"<&>","b":[1,2.5,null],"c":true}'],
    ['\u0001\n\t\r\b\f"\\\u2028\u2029\u007f', '"\\u0001\\n\\t\\r\\b\\f\\"\\\\\\u2028\\u2029\u007f"'],
    ['lone \ud800 surrogate', '"lone \\ufffd surrogate"'],
    ['emoji 😀 ok', '"emoji 😀 ok"'],
    [new Map([['b', 1], ['a', 2]]), '{"a":2,"b":1}'],
    [goMap({ b: 1, a: 2 }), '{"a":2,"b":1}'],
    [{ z: 1, a: 2 }, '{"z":1,"a":2}'],
    [{ a: undefined, b: () => 1, c: 1 }, '{"c":1}'],
    [when, '"2024-01-02T03:04:05.12Z"'],
    [new Date(Date.UTC(2024, 0, 2)), '"2024-01-02T00:00:00Z"'],
    [undefined, 'null'],
    [null, 'null'],
    [[undefined], '[null]'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789, '123456789'],
    [12345678901234567890n, '12345678901234567890'],
    [new Uint8Array([104, 105]), '"aGk="'],
    [{ toJSON: () => ({ x: 1 }) }, '{"x":1}'],
    [{}, '{}'],
    [[], '[]'],
  ];
  for (const [v, want] of cases) assert.equal(goJson(v), want, want);
});

test('json rejects what Go rejects', () => {
  assert.throws(() => goJson(NaN), /json: unsupported value: NaN/);
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  assert.throws(() => goJson(loop), /encountered a cycle/);
});
