// Protocol tests of HTTPS handling: CAs from hosts.toml, certs.d and NERDTS_EXTRA_CA_CERTS,
// skip_verify, client certificates, the HTTPS->HTTP fallback and the errors without it.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../../../src/image/registry/client';
import type { RegistryOptions } from '../../../../src/image/registry/session';
import { parseImageReference } from '../../../../src/image/reference';
import { FakeRegistry } from './fake-registry';
import type { FakeOptions } from './fake-registry';
import { anonymous, expectError, makeImage } from './helpers';
import { TEST_CA_PEM, TEST_CLIENT_CERT_PEM, TEST_CLIENT_KEY_PEM } from './tls-fixture';

const tmp = mkdtempSync(join(tmpdir(), 'nerdts-tls-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const running: Array<{ fake: FakeRegistry; client: RegistryClient }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.client.close();
    await r.fake.stop();
  }
});

/** A hosts dir holding `files` under the directory named `hostDir`. */
function hostsDir(hostDir: string, files: Record<string, string>): string {
  const root = join(tmp, `hosts${n++}`);
  mkdirSync(join(root, hostDir), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, hostDir, name), text);
  return root;
}

async function start(opts: FakeOptions): Promise<FakeRegistry> {
  const fake = await new FakeRegistry(opts).start();
  makeImage(fake, 'x/y', 'v1');
  return fake;
}

function client(fake: FakeRegistry, registry: string, options: RegistryOptions): RegistryClient {
  const c = new RegistryClient(registry, { ...anonymous, ...options });
  running.push({ fake, client: c });
  return c;
}

const resolve = (c: RegistryClient, registry: string): Promise<unknown> => c.resolve(parseImageReference(`${registry}/x/y:v1`));

describe('TLS', () => {
  test('hosts.toml CA (relative path) verifies the server', async () => {
    const fake = await start({ tls: true });
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\nca = "ca.pem"\n`, 'ca.pem': TEST_CA_PEM });
    await resolve(client(fake, fake.host, { hostsDirs: [dir] }), fake.host);
  });

  test('docker certs.d ca.crt works for localhost names, HTTPS first', async () => {
    const fake = await start({ tls: true });
    const registry = fake.host.replace('127.0.0.1', 'localhost');
    const dir = hostsDir(registry, { 'ca.crt': TEST_CA_PEM });
    await resolve(client(fake, registry, { hostsDirs: [dir] }), registry);
  });

  test('an unknown CA fails with the insecure hint', async () => {
    const fake = await start({ tls: true });
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\n` });
    await expectError(resolve(client(fake, fake.host, { hostsDirs: [dir] }), fake.host), 'unavailable',
      /^registry 127\.0\.0\.1:\d+: TLS certificate verification failed: /, /--insecure-registry or configure hosts.toml \(ca, skip_verify\) under --hosts-dir/);
  });

  test('NERDTS_EXTRA_CA_CERTS is read when a TLS connection is made', async () => {
    const fake = await start({ tls: true });
    const caFile = join(tmp, `extra${n++}.pem`);
    writeFileSync(caFile, TEST_CA_PEM);
    const reads: string[] = [];
    const tlsDeps = { env: { NERDTS_EXTRA_CA_CERTS: caFile }, readFile: (p: string) => (reads.push(p), readFile(p, 'utf8')) };
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\n` });
    const c = client(fake, fake.host, { hostsDirs: [dir], tlsDeps });
    assert.deepEqual(reads, []);
    await resolve(c, fake.host);
    assert.deepEqual(reads, [caFile]);
  });

  test('skip_verify and --insecure-registry skip verification', async () => {
    const fake = await start({ tls: true });
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\nskip_verify = true\n` });
    await resolve(client(fake, fake.host, { hostsDirs: [dir] }), fake.host);
    const plain = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\n` });
    await resolve(client(fake, fake.host, { hostsDirs: [plain], insecure: true }), fake.host);
  });

  test('client certificates from hosts.toml', async () => {
    const fake = await start({ tls: true, clientCert: true });
    const files = { 'ca.pem': TEST_CA_PEM, 'client.cert': TEST_CLIENT_CERT_PEM, 'client.key': TEST_CLIENT_KEY_PEM };
    const withCert = hostsDir(fake.host, { ...files, 'hosts.toml': `server = "https://${fake.host}"\nca = "ca.pem"\nclient = [["client.cert", "client.key"]]\n` });
    await resolve(client(fake, fake.host, { hostsDirs: [withCert] }), fake.host);
    const without = hostsDir(fake.host, { 'ca.pem': TEST_CA_PEM, 'hosts.toml': `server = "https://${fake.host}"\nca = "ca.pem"\n` });
    await expectError(resolve(client(fake, fake.host, { hostsDirs: [without] }), fake.host), 'unavailable', /127\.0\.0\.1:\d+/);
  });

  test('a missing CA file is an error naming it', async () => {
    const fake = await start({ tls: true });
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\nca = "/nonexistent/ca.pem"\n` });
    await expectError(resolve(client(fake, fake.host, { hostsDirs: [dir], tlsDeps: { env: {}, readFile: (p) => readFile(p, 'utf8') } }), fake.host),
      'invalid-argument', /unable to read CA cert \/nonexistent\/ca.pem/);
  });
});

describe('plain HTTP servers', () => {
  test('HTTPS first, then HTTP, when an http host has TLS settings', async () => {
    const fake = await start({});
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "http://${fake.host}"\nskip_verify = true\n` });
    const c = client(fake, fake.host, { hostsDirs: [dir] });
    await resolve(c, fake.host);
    assert.equal((await c.session.endpoints())[0]!.scheme, 'http');
  });

  test('an HTTPS client against an HTTP server explains itself', async () => {
    const fake = await start({});
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "https://${fake.host}"\n` });
    await expectError(resolve(client(fake, fake.host, { hostsDirs: [dir] }), fake.host), 'unavailable',
      /^registry 127\.0\.0\.1:\d+: server gave HTTP response to HTTPS client$/, /--insecure-registry/);
  });

  test('a mirror that fails is skipped; the upstream answers and mirrors get ?ns=', async () => {
    const fake = await start({});
    const mirror = await start({});
    mirror.manifests.clear();
    const dir = hostsDir(fake.host, { 'hosts.toml': `server = "http://${fake.host}"\n[host."http://${mirror.host}"]\ncapabilities = ["pull", "resolve"]\n` });
    const c = client(fake, fake.host, { hostsDirs: [dir] });
    running.push({ fake: mirror, client: c });
    await resolve(c, fake.host);
    assert.equal(mirror.log[0]!.url, `/v2/x/y/manifests/v1?ns=${encodeURIComponent(fake.host)}`);
    assert.equal(fake.log[0]!.url, '/v2/x/y/manifests/v1');
  });
});
