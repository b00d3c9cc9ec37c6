import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOCKER_HUB_KEY, cachedCredentialsLookup, dockerConfigDir, entryCredentials, keyHostname, lookupCredentials, nodeCredentialDeps,
} from '../../../../src/image/registry/credentials';
import type { CredentialDeps, HelperResult } from '../../../../src/image/registry/credentials';
import { eraseCredentials, loginRegistry, storeCredentials } from '../../../../src/image/registry/login';

const tmp = mkdtempSync(join(tmpdir(), 'nerdts-creds-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

const b64 = (s: string): string => Buffer.from(s).toString('base64');

interface HelperCall { program: string; arg: string; stdin: string }

/** deps rooted at a fresh temp HOME; `helpers` answers credential helper runs, strictly. */
function setup(config: unknown, helpers: Record<string, (arg: string, stdin: string) => HelperResult> = {}, env: Record<string, string> = {}): { deps: CredentialDeps; calls: HelperCall[]; home: string } {
  const home = join(tmp, `home${n++}`);
  mkdirSync(join(home, '.docker'), { recursive: true });
  if (config !== undefined) writeFileSync(join(home, '.docker', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  const calls: HelperCall[] = [];
  const deps: CredentialDeps = {
    env: { HOME: home, ...env },
    home: () => { throw new Error('home() must not be called when HOME is set'); },
    readFile: (p) => readFile(p, 'utf8').catch(() => undefined),
    runHelper: async (program, arg, stdin) => {
      calls.push({ program, arg, stdin });
      const h = helpers[program];
      if (!h) throw new Error(`unexpected helper ${program}`);
      return h(arg, stdin);
    },
  };
  return { deps, calls, home };
}

describe('config.json lookup', () => {
  test('config dir: DOCKER_CONFIG, else HOME/.docker', () => {
    assert.equal(dockerConfigDir({ env: { DOCKER_CONFIG: '/x', HOME: '/h' }, home: () => '/n' }), '/x');
    assert.equal(dockerConfigDir({ env: { HOME: '/h' }, home: () => '/n' }), '/h/.docker');
    assert.equal(dockerConfigDir({ env: {}, home: () => '/n' }), '/n/.docker');
  });

  test('Docker Hub uses https://index.docker.io/v1/ for docker.io and registry-1.docker.io', async () => {
    const { deps } = setup({ auths: { [DOCKER_HUB_KEY]: { auth: b64('hubuser:hub:pass') } } });
    for (const host of ['docker.io', 'registry-1.docker.io', 'index.docker.io']) {
      assert.deepEqual(await lookupCredentials(host, deps), { username: 'hubuser', password: 'hub:pass' });
    }
    assert.equal(await lookupCredentials('ghcr.io', deps), undefined);
  });

  test('keys match with or without scheme and path', async () => {
    const { deps } = setup({
      auths: {
        'http://127.0.0.1:5000': { auth: b64('a:1') },
        'https://reg.example/v2/': { username: ' b ', password: '2' },
        'tok.example': { identitytoken: 'refresh' },
        'noport.example': { auth: b64('c:3') },
      },
    });
    assert.deepEqual(await lookupCredentials('127.0.0.1:5000', deps), { username: 'a', password: '1' });
    assert.deepEqual(await lookupCredentials('reg.example', deps), { username: 'b', password: '2' });
    assert.deepEqual(await lookupCredentials('tok.example', deps), { identityToken: 'refresh' });
    assert.deepEqual(await lookupCredentials('noport.example:443', deps), { username: 'c', password: '3' });
    assert.equal(await lookupCredentials('127.0.0.1:5001', deps), undefined);
  });

  test('DOCKER_CONFIG wins over HOME', async () => {
    const dir = join(tmp, `dc${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('dc:pw') } } }));
    const { deps } = setup({ auths: { 'r.example': { auth: b64('home:pw') } } }, {}, { DOCKER_CONFIG: dir });
    assert.deepEqual(await lookupCredentials('r.example', deps), { username: 'dc', password: 'pw' });
  });

  test('missing or empty config means anonymous; bad JSON and bad auth are errors without secrets', async () => {
    assert.equal(await lookupCredentials('r.example', setup(undefined).deps), undefined);
    assert.equal(await lookupCredentials('r.example', setup('').deps), undefined);
    await assert.rejects(lookupCredentials('r.example', setup('{nope').deps), /config.json: invalid JSON/);
    await assert.rejects(lookupCredentials('r.example', setup({ auths: { 'r.example': { auth: b64('nocolon-secret') } } }).deps),
      (err: Error) => /malformed "auth" field/.test(err.message) && !err.message.includes('secret'));
  });

  test('entries with nothing usable are ignored', () => {
    assert.equal(entryCredentials({ email: 'x@y' }), undefined);
    assert.deepEqual(entryCredentials({ registrytoken: 't' }), { registryToken: 't' });
    assert.equal(keyHostname('https://index.docker.io/v1/'), 'index.docker.io');
  });
});

describe('credential helpers', () => {
  const found = (user: string, secret: string) => (_arg: string, stdin: string): HelperResult =>
    ({ status: 0, stdout: JSON.stringify({ ServerURL: stdin, Username: user, Secret: secret }), stderr: '' });
  const notFound = (): HelperResult => ({ status: 1, stdout: 'credentials not found in native keychain\n', stderr: '' });

  test('credHelpers per host, credsStore for the rest', async () => {
    const { deps, calls } = setup({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }, {
      'docker-credential-gcloud': found('oauth2accesstoken', 'g-secret'),
      'docker-credential-desktop': found('hub', 'd-secret'),
    });
    assert.deepEqual(await lookupCredentials('gcr.io', deps), { username: 'oauth2accesstoken', password: 'g-secret' });
    assert.deepEqual(await lookupCredentials('docker.io', deps), { username: 'hub', password: 'd-secret' });
    assert.deepEqual(calls, [
      { program: 'docker-credential-gcloud', arg: 'get', stdin: 'gcr.io' },
      { program: 'docker-credential-desktop', arg: 'get', stdin: DOCKER_HUB_KEY },
    ]);
  });

  test('<token> username means an identity token', async () => {
    const { deps } = setup({ credsStore: 'x' }, { 'docker-credential-x': found('<token>', 'refresh-tok') });
    assert.deepEqual(await lookupCredentials('r.example', deps), { identityToken: 'refresh-tok' });
  });

  test('not found in the helper falls back to auths', async () => {
    const { deps } = setup({ credsStore: 'x', auths: { 'r.example': { auth: b64('file:pw') } } }, { 'docker-credential-x': notFound });
    assert.deepEqual(await lookupCredentials('r.example', deps), { username: 'file', password: 'pw' });
    assert.equal(await lookupCredentials('other.example', deps), undefined);
  });

  test('helper failures are errors that do not echo helper output beyond one line', async () => {
    const { deps } = setup({ credsStore: 'x' }, { 'docker-credential-x': () => ({ status: 2, stdout: '', stderr: 'keychain locked\nsecret-ish detail' }) });
    await assert.rejects(lookupCredentials('r.example', deps), (err: Error & { code?: string }) =>
      err.message === 'credential helper docker-credential-x failed (exit 2): keychain locked' && err.code === 'unavailable');
    const missing = setup({ credsStore: 'gone' }, {}).deps;
    await assert.rejects(lookupCredentials('r.example', missing), /docker-credential-gone could not be run/);
  });

  test('a real helper program on PATH, speaking the docker-credential protocol', async () => {
    const bin = join(tmp, `bin${n++}`);
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-credential-nerdtstest'), [
      '#!/bin/sh',
      'read -r url',
      'case "$1:$url" in',
      '  get:reg.example) printf \'{"ServerURL":"%s","Username":"helper-user","Secret":"helper-pw"}\' "$url" ;;',
      '  get:*) echo "credentials not found in native keychain"; exit 1 ;;',
      'esac',
    ].join('\n'), { mode: 0o755 });
    const { deps } = setup({ credsStore: 'nerdtstest' });
    const real = { ...deps, runHelper: nodeCredentialDeps.runHelper };
    const oldPath = process.env['PATH'];
    process.env['PATH'] = `${bin}:${oldPath}`;
    try {
      assert.deepEqual(await lookupCredentials('reg.example', real), { username: 'helper-user', password: 'helper-pw' });
      assert.equal(await lookupCredentials('other.example', real), undefined);
    } finally {
      process.env['PATH'] = oldPath;
    }
  });

  test('cached lookup reads config once per host', async () => {
    const { deps, calls } = setup({ credsStore: 'x' }, { 'docker-credential-x': found('u', 'p') });
    const lookup = cachedCredentialsLookup(deps);
    await Promise.all([lookup('a.example'), lookup('a.example'), lookup('b.example')]);
    assert.equal(calls.length, 2);
  });
});

describe('store and erase (login/logout)', () => {
  test('loginRegistry normalizes the argument', () => {
    assert.equal(loginRegistry(undefined), 'docker.io');
    assert.equal(loginRegistry('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(loginRegistry('registry-1.docker.io'), 'docker.io');
    assert.equal(loginRegistry('http://LOCALHOST:5000/'), 'localhost:5000');
  });

  test('writes config.json atomically with 0600 in a 0700 dir, keeping other fields', async () => {
    const { deps, home } = setup(undefined);
    rmSync(join(home, '.docker'), { recursive: true });
    const path = await storeCredentials('127.0.0.1:5000', { username: 'u', password: 'p' }, deps);
    assert.equal(path, join(home, '.docker', 'config.json'));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, '.docker')).mode & 0o777, 0o700);
    await storeCredentials('docker.io', { username: 'h', password: 'q' }, deps);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.deepEqual(doc.auths, { '127.0.0.1:5000': { auth: b64('u:p') }, [DOCKER_HUB_KEY]: { auth: b64('h:q') } });
    assert.deepEqual(await lookupCredentials('127.0.0.1:5000', deps), { username: 'u', password: 'p' });

    writeFileSync(path, JSON.stringify({ ...doc, psFormat: 'table {{.ID}}', auths: { ...doc.auths, 'https://127.0.0.1:5000': { auth: b64('old:x') } } }));
    assert.equal(await eraseCredentials('127.0.0.1:5000', deps), true);
    const after = JSON.parse(readFileSync(path, 'utf8')) as { auths: object; psFormat: string };
    assert.deepEqual(after, { psFormat: 'table {{.ID}}', auths: { [DOCKER_HUB_KEY]: { auth: b64('h:q') } } });
    assert.equal(await eraseCredentials('127.0.0.1:5000', deps), false);
  });

  test('store and erase go to the configured helper', async () => {
    const { deps, calls } = setup({ credsStore: 'x' }, { 'docker-credential-x': () => ({ status: 0, stdout: '', stderr: '' }) });
    assert.equal(await storeCredentials('docker.io', { username: 'u', password: 'p' }, deps), 'docker-credential-x');
    assert.equal(await eraseCredentials('docker.io', deps), true);
    assert.deepEqual(calls, [
      { program: 'docker-credential-x', arg: 'store', stdin: JSON.stringify({ ServerURL: DOCKER_HUB_KEY, Username: 'u', Secret: 'p' }) },
      { program: 'docker-credential-x', arg: 'erase', stdin: DOCKER_HUB_KEY },
    ]);
  });
});
