import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWwwAuthenticate } from '../../../../src/image/registry/challenge';
import type { AuthChallenge } from '../../../../src/image/registry/challenge';

const cases: Array<[string, string | string[] | undefined, AuthChallenge[]]> = [
  ['docker hub', 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
    [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io' } }]],
  ['scope with a comma inside quotes', 'Bearer realm="https://r/token",service="reg",scope="repository:samalba/my-app:pull,push"',
    [{ scheme: 'bearer', params: { realm: 'https://r/token', service: 'reg', scope: 'repository:samalba/my-app:pull,push' } }]],
  ['insufficient scope error', 'Bearer realm="https://r/token",service="reg",scope="repository:a:push",error="insufficient_scope"',
    [{ scheme: 'bearer', params: { realm: 'https://r/token', service: 'reg', scope: 'repository:a:push', error: 'insufficient_scope' } }]],
  ['basic', 'Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
  ['case and spaces', 'BASIC  Realm = "x" , Charset="UTF-8"', [{ scheme: 'basic', params: { realm: 'x', charset: 'UTF-8' } }]],
  ['escaped quote', 'Basic realm="say \\"hi\\", please"', [{ scheme: 'basic', params: { realm: 'say "hi", please' } }]],
  ['two challenges in one value', 'Basic realm="a", Bearer realm="https://t/token",service="s"', [
    { scheme: 'basic', params: { realm: 'a' } },
    { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
  ]],
  ['two header values', ['Bearer realm="https://t",service="s"', 'Basic realm="b"'], [
    { scheme: 'bearer', params: { realm: 'https://t', service: 's' } },
    { scheme: 'basic', params: { realm: 'b' } },
  ]],
  ['unquoted values with URL characters', 'Bearer realm=https://t.example/token?x=1,service=reg', [
    { scheme: 'bearer', params: { realm: 'https://t.example/token?x=1', service: 'reg' } },
  ]],
  ['scheme without params', 'Negotiate', [{ scheme: 'negotiate', params: {} }]],
  ['empty', '', []],
  ['missing', undefined, []],
  ['unterminated quote keeps what it has', 'Bearer realm="https://t', [{ scheme: 'bearer', params: { realm: 'https://t' } }]],
];

for (const [name, header, want] of cases) {
  test(`WWW-Authenticate: ${name}`, () => {
    assert.deepEqual(parseWwwAuthenticate(header), want);
  });
}
