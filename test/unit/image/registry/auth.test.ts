// Protocol tests of registry authorization: bearer tokens (anonymous, basic credentials, OAuth2
// refresh token), basic auth, token caching and expiry, scope upgrades for push.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { RegistryClient } from '../../../../src/image/registry/client';
import type { Credentials } from '../../../../src/image/registry/credentials';
import type { RegistryOptions } from '../../../../src/image/registry/session';
import { login } from '../../../../src/image/registry/login';
import { digestOf } from '../../../../src/image/registry/verify';
import { MediaTypes } from '../../../../src/image/media-types';
import { parseImageReference } from '../../../../src/image/reference';
import { FakeRegistry } from './fake-registry';
import type { FakeOptions } from './fake-registry';
import { anonymous, expectError, makeImage } from './helpers';

const USER = { username: 'alice', password: 's3cret-pw' };
const running: Array<{ fake: FakeRegistry; client: RegistryClient }> = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    r.client.close();
    await r.fake.stop();
  }
});

async function setup(opts: FakeOptions, creds?: Credentials, extra: RegistryOptions = {}): Promise<{ fake: FakeRegistry; client: RegistryClient; img: ReturnType<typeof makeImage> }> {
  const fake = await new FakeRegistry(opts).start();
  const img = makeImage(fake, 'team/app', 'v1');
  const client = new RegistryClient(fake.host, { ...anonymous, credentials: async () => creds, ...extra });
  running.push({ fake, client });
  return { fake, client, img };
}

const requests = (fake: FakeRegistry): string[] => fake.log.map((l) =>
  `${l.method} ${l.url.replace(/sha256:[0-9a-f]{64}|sha256%3A[0-9a-f]{64}/g, 'D').replace(/uploads\/[0-9a-f-]{36}/, 'uploads/U')} ${l.authorization?.split(' ')[0] ?? '-'}`);

describe('bearer tokens', () => {
  test('anonymous: 401 challenge, token for the pull scope, retry; the token is reused', async () => {
    const { fake, client, img } = await setup({ auth: 'bearer' });
    const ref = parseImageReference(`${fake.host}/team/app:v1`);
    assert.equal((await client.resolve(ref)).descriptor.digest, img.digest);
    await client.resolve(ref);
    assert.deepEqual(requests(fake), [
      'HEAD /v2/team/app/manifests/v1 -',
      'GET /token?service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull -',
      'HEAD /v2/team/app/manifests/v1 Bearer',
      'GET /v2/team/app/manifests/D Bearer',
      'HEAD /v2/team/app/manifests/v1 Bearer',
      'GET /v2/team/app/manifests/D Bearer',
    ]);
  });

  test('basic credentials go to the token endpoint only', async () => {
    const { fake, client } = await setup({ auth: 'bearer', user: USER }, USER);
    await client.resolve(parseImageReference(`${fake.host}/team/app:v1`));
    const tokenReq = fake.log.find((l) => l.url.startsWith('/token'))!;
    assert.equal(tokenReq.authorization, `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
    assert.ok(fake.log.filter((l) => l.url.startsWith('/v2/')).every((l) => !l.authorization?.startsWith('Basic')));
  });

  test('wrong password: unauthorized, with a login hint and without the secret', async () => {
    const { fake, client } = await setup({ auth: 'bearer', user: USER }, { username: 'alice', password: 'wrong-pw' });
    const err = await expectError(client.resolve(parseImageReference(`${fake.host}/team/app:v1`)), 'unauthorized',
      new RegExp(`^${fake.host}: unauthorized: incorrect username or password$`), new RegExp(`nerdts login ${fake.host}`));
    assert.ok(!JSON.stringify({ m: err.message, h: (err as { hint?: string }).hint }).includes('wrong-pw'));
  });

  test('no credentials for a private repository: pull access denied', async () => {
    const { fake, client } = await setup({ auth: 'bearer', user: USER });
    await expectError(client.resolve(parseImageReference(`${fake.host}/team/app:v1`)), 'unauthorized', /unauthorized/, /nerdts login/);
  });

  test('identity token uses the OAuth2 POST form', async () => {
    const { fake, client } = await setup({ auth: 'bearer', user: USER, refreshToken: 'refresh-123' }, { identityToken: 'refresh-123' });
    await client.resolve(parseImageReference(`${fake.host}/team/app:v1`));
    const tokenReq = fake.log.find((l) => l.url.startsWith('/token'))!;
    assert.equal(tokenReq.method, 'POST');
    const form = new URLSearchParams(tokenReq.body);
    assert.deepEqual(Object.fromEntries(form), {
      grant_type: 'refresh_token', refresh_token: 'refresh-123', client_id: 'nerdts', service: 'fake-registry', scope: 'repository:team/app:pull',
    });
  });

  test('expired tokens are renewed; a rejected token is refetched once', async () => {
    let now = 1_000_000;
    const { fake, client } = await setup({ auth: 'bearer', tokenExpiresIn: 60 }, undefined, { now: () => now });
    const ref = parseImageReference(`${fake.host}/team/app:v1`);
    await client.resolve(ref);
    assert.equal(fake.tokenRequests, 1);
    now += 30_000;
    await client.resolve(ref);
    assert.equal(fake.tokenRequests, 1);
    now += 60_000;
    await client.resolve(ref);
    assert.equal(fake.tokenRequests, 2);
    fake.tokens.clear(); // the registry forgets every token
    await client.resolve(ref);
    assert.equal(fake.tokenRequests, 3);
  });

  test('pushing asks for pull,push and parallel requests share one token', async () => {
    const { fake, client } = await setup({ auth: 'bearer' });
    await client.resolve(parseImageReference(`${fake.host}/team/app:v1`));
    const blobs = ['one', 'two', 'three'].map((s) => Buffer.from(s));
    fake.log.length = 0;
    await Promise.all(blobs.map((b) => client.pushBlob('team/app', { mediaType: MediaTypes.ociLayer, digest: digestOf(b), size: b.length }, () => Readable.from([b]))));
    const tokenReqs = fake.log.filter((l) => l.url.startsWith('/token'));
    assert.equal(tokenReqs.length, 1);
    assert.match(tokenReqs[0]!.url, /scope=repository%3Ateam%2Fapp%3Apull%2Cpush/);
    for (const b of blobs) assert.deepEqual(fake.blobs.get(digestOf(b)), b);
  });

  test('a registry token from config.json is sent as is', async () => {
    const { fake, client } = await setup({ auth: 'bearer' }, { registryToken: 'preset' });
    fake.tokens.set('preset', 'repository:team/app:pull');
    await client.resolve(parseImageReference(`${fake.host}/team/app:v1`));
    assert.equal(fake.tokenRequests, 0);
    assert.equal(fake.log.at(-1)!.authorization, 'Bearer preset');
  });
});

describe('basic auth', () => {
  test('challenge then basic credentials on every later request', async () => {
    const { fake, client, img } = await setup({ auth: 'basic', user: USER }, USER);
    const ref = parseImageReference(`${fake.host}/team/app:v1`);
    assert.equal((await client.resolve(ref)).descriptor.digest, img.digest);
    assert.deepEqual(requests(fake), [
      'HEAD /v2/team/app/manifests/v1 -', 'HEAD /v2/team/app/manifests/v1 Basic', 'GET /v2/team/app/manifests/D Basic',
    ]);
  });

  test('wrong credentials are not retried', async () => {
    const { fake, client } = await setup({ auth: 'basic', user: USER }, { username: 'alice', password: 'nope-pw' });
    const err = await expectError(client.resolve(parseImageReference(`${fake.host}/team/app:v1`)), 'unauthorized', /pull access denied for 127\.0\.0\.1:\d+\/team\/app/);
    assert.ok(!err.message.includes('nope-pw'));
    assert.equal(fake.log.length, 2);
  });
});

describe('login', () => {
  test('verifies through the token flow before storing', async () => {
    const fake = await new FakeRegistry({ auth: 'bearer', user: USER }).start();
    const stored: string[] = [];
    const deps = {
      env: {}, home: () => '/nonexistent', readFile: async () => JSON.stringify({ credsStore: 'mem' }),
      runHelper: async (program: string, arg: string, stdin: string) => {
        stored.push(`${program} ${arg} ${JSON.parse(stdin).Username}`);
        return { status: 0, stdout: '', stderr: '' };
      },
    };
    try {
      assert.equal(await login(fake.host, USER, { ...anonymous, credentialDeps: deps }), 'docker-credential-mem');
      assert.deepEqual(stored, ['docker-credential-mem store alice']);
      await expectError(login(fake.host, { username: 'alice', password: 'bad' }, { ...anonymous, credentialDeps: deps }), 'unauthorized', /incorrect username or password/);
      assert.equal(stored.length, 1);
      assert.deepEqual(requests(fake).slice(0, 3), ['GET /v2/ -', 'GET /token?service=fake-registry Basic', 'GET /v2/ Bearer']);
    } finally {
      await fake.stop();
    }
  });
});
