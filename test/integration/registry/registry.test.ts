// The registry client against the real docker-registry (distribution 2.8). Uses the fixture
// registries of test/fixtures/registry.sh when 127.0.0.1:5000 answers (plain, basic-auth, TLS),
// else starts private plain and htpasswd instances on free ports and stops them afterwards.
// Skipped when /usr/bin/docker-registry is missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isNerdtsError } from '../../../src/errors';
import { MediaTypes } from '../../../src/image/media-types';
import type { Descriptor } from '../../../src/image/media-types';
import { parseImageReference } from '../../../src/image/reference';
import { RegistryClient } from '../../../src/image/registry/client';
import type { RegistryOptions } from '../../../src/image/registry/session';
import { DigestVerifier } from '../../../src/image/registry/verify';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from '../../unit/image/registry/tls-fixture';

const BINARY = '/usr/bin/docker-registry';
const FIXTURE_JSON = join(process.env['NERDTS_REGISTRY_DIR'] ?? '/var/tmp/nerdts-registry', 'registry.json');
// bcrypt of "testpassword" (the fixture's credentials), so no tool is needed to make an htpasswd file.
const HTPASSWD = 'testuser:$2y$05$vC1LsZc3j/WZ6yr9HvRASORWEKbXaY6IMXKr1lxB6NKBSD6CeCZYe\n';
const USER = { username: 'testuser', password: 'testpassword' };
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Targets { plain: string; authPlain: string; tls?: string; hostsDir?: string }

function answers(host: string, tls = false): Promise<boolean> {
  return new Promise((resolve) => {
    const url = `${tls ? 'https' : 'http'}://${host}/v2/`;
    const req = (tls ? httpsRequest : request)(url, { timeout: 2000, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts one docker-registry on a free port; resolves once /v2/ answers. */
async function startRegistry(dir: string, name: string, auth: boolean, children: ChildProcess[], tls = false): Promise<string> {
  const port = await freePort();
  if (tls) {
    writeFileSync(join(dir, 'server.crt'), TEST_SERVER_CERT_PEM);
    writeFileSync(join(dir, 'server.key'), TEST_SERVER_KEY_PEM);
  }
  const yml = join(dir, `${name}.yml`);
  writeFileSync(yml, [
    'version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true',
    'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'storage')}`,
    'http:', `  addr: 127.0.0.1:${port}`, '  secret: nerdts-integration-test',
    ...(tls ? ['  tls:', `    certificate: ${join(dir, 'server.crt')}`, `    key: ${join(dir, 'server.key')}`] : []),
    ...(auth ? ['auth:', '  htpasswd:', '    realm: nerdts-test', `    path: ${join(dir, 'htpasswd')}`] : []), '',
  ].join('\n'));
  const child = spawn(BINARY, ['serve', yml], { stdio: 'ignore' });
  children.push(child);
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await answers(host, tls)) return host;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry (${name}) did not start on ${host}`);
}

const options: RegistryOptions = { credentials: async () => undefined, tlsDeps: { env: {}, readFile: (p) => readFile(p, 'utf8') } };

describe('registry client against docker-registry', { skip: !existsSync(BINARY) && `${BINARY} missing` }, () => {
  let targets: Targets;
  let tmp: string;
  const children: ChildProcess[] = [];
  const repo = `nerdts-it/registry-${process.pid}-${randomBytes(3).toString('hex')}`;
  const layer = randomBytes(1024 * 1024 + 17);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const layerDesc: Descriptor = { mediaType: MediaTypes.ociLayer, digest: sha256(layer), size: layer.length };
  const configDesc: Descriptor = { mediaType: MediaTypes.ociConfig, digest: sha256(config), size: config.length };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: configDesc, layers: [layerDesc] }));

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'nerdts-registry-it-'));
    if (existsSync(FIXTURE_JSON) && await answers('127.0.0.1:5000')) {
      const f = JSON.parse(readFileSync(FIXTURE_JSON, 'utf8')) as { plain: string; authPlain: string; tls: string; hostsDir: string };
      targets = { plain: f.plain, authPlain: f.authPlain, tls: f.tls, hostsDir: f.hostsDir };
      return;
    }
    writeFileSync(join(tmp, 'htpasswd'), HTPASSWD);
    const [plain, authPlain, tls] = await Promise.all([
      startRegistry(tmp, 'plain', false, children), startRegistry(tmp, 'auth', true, children), startRegistry(tmp, 'tls', false, children, true),
    ]);
    // docker's certs.d layout: a CA file is enough, and makes the client try HTTPS first on localhost.
    const hostsDir = join(tmp, 'certs.d');
    mkdirSync(join(hostsDir, tls), { recursive: true });
    writeFileSync(join(hostsDir, tls, 'ca.crt'), TEST_CA_PEM);
    targets = { plain, authPlain, tls, hostsDir };
  });

  after(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('push a crafted image, resolve it, fetch it back', async () => {
    const c = new RegistryClient(targets.plain, options);
    try {
      assert.equal(await c.pushBlob(repo, layerDesc, () => Readable.from([layer.subarray(0, 1 << 19), layer.subarray(1 << 19)])), 'pushed');
      assert.equal(await c.pushBlob(repo, configDesc, () => Readable.from([config]), { mode: 'stream' }), 'pushed');
      assert.equal(await c.pushBlob(repo, layerDesc, () => assert.fail('exists')), 'exists');
      const pushed = await c.pushManifest(parseImageReference(`${targets.plain}/${repo}:v1`), MediaTypes.ociManifest, manifest);
      assert.equal(pushed.digest, sha256(manifest));

      const resolved = await c.resolve(parseImageReference(`${targets.plain}/${repo}:v1`));
      assert.deepEqual(resolved.descriptor, { mediaType: MediaTypes.ociManifest, digest: sha256(manifest), size: manifest.length });
      assert.deepEqual(await c.fetchManifest(repo, resolved.descriptor), manifest);
      const byDigest = await c.resolve(parseImageReference(`${targets.plain}/${repo}@${sha256(manifest)}`));
      assert.deepEqual(byDigest.bytes, manifest);

      const blob = await c.fetchBlob(repo, layerDesc);
      assert.equal(blob.offset, 0);
      const chunks: Buffer[] = [];
      const verifier = new DigestVerifier(layerDesc);
      verifier.on('data', (b: Buffer) => chunks.push(b));
      await pipeline(blob.stream, verifier);
      assert.ok(Buffer.concat(chunks).equals(layer));

      const tail = await c.fetchBlob(repo, layerDesc, { offset: 1000 });
      const rest: Buffer[] = [];
      for await (const b of tail.stream) rest.push(b as Buffer);
      assert.ok(Buffer.concat(rest).equals(layer.subarray(tail.offset)));
      assert.equal(tail.offset, 1000, 'docker-registry honours Range');

      assert.equal(await c.blobExists(repo, configDesc), true);
      assert.equal(await c.blobExists(repo, { ...configDesc, digest: sha256(Buffer.from('absent')) }), false);
      assert.deepEqual(await c.listTags(repo), ['v1']);
      assert.equal(await c.pushBlob(`${repo}-copy`, layerDesc, () => assert.fail('mounted'), { mountFrom: repo }), 'mounted');
    } finally {
      c.close();
    }
  });

  test('missing tags and repositories are not-found', async () => {
    const c = new RegistryClient(targets.plain, options);
    try {
      await assert.rejects(c.resolve(parseImageReference(`${targets.plain}/${repo}:nope`)),
        (err: unknown) => isNerdtsError(err) && err.code === 'not-found' && err.message === `${targets.plain}/${repo}:nope: not found`);
      await assert.rejects(c.listTags(`${repo}-none`), (err: unknown) => isNerdtsError(err) && err.code === 'not-found');
    } finally {
      c.close();
    }
  });

  test('htpasswd registry: credentials work, anonymous and wrong ones are unauthorized', async () => {
    const good = new RegistryClient(targets.authPlain, { ...options, credentials: async () => USER });
    const anon = new RegistryClient(targets.authPlain, options);
    const bad = new RegistryClient(targets.authPlain, { ...options, credentials: async () => ({ username: 'testuser', password: 'wrong-password' }) });
    try {
      await good.ping();
      const ref = parseImageReference(`${targets.authPlain}/${repo}-auth:v1`);
      assert.equal(await good.pushBlob(ref.path, configDesc, () => Readable.from([config])), 'pushed');
      assert.equal(await good.pushBlob(ref.path, layerDesc, () => Readable.from([layer])), 'pushed');
      await good.pushManifest(ref, MediaTypes.ociManifest, manifest);
      assert.equal((await good.resolve(ref)).descriptor.digest, sha256(manifest));
      for (const c of [anon, bad]) {
        await assert.rejects(c.resolve(ref), (err: unknown) => isNerdtsError(err) && err.code === 'unauthorized'
          && !err.message.includes('wrong-password') && /nerdts login 127\.0\.0\.1:\d+/.test(err.hint ?? ''));
      }
      await assert.rejects(bad.ping(), (err: unknown) => isNerdtsError(err) && err.code === 'unauthorized');
    } finally {
      for (const c of [good, anon, bad]) c.close();
    }
  });

  test('TLS registry through a hosts dir; without it the error explains', async () => {
    const tls = targets.tls!;
    const c = new RegistryClient(tls, { ...options, hostsDirs: [targets.hostsDir!] });
    const plainHttp = new RegistryClient(tls, options);
    try {
      const ref = parseImageReference(`${tls}/${repo}-tls:v1`);
      // the fixture registries share storage; private ones do not, so push first either way
      for (const [d, b] of [[configDesc, config], [layerDesc, layer]] as const) await c.pushBlob(ref.path, d, () => Readable.from([b]));
      await c.pushManifest(ref, MediaTypes.ociManifest, manifest);
      assert.equal((await c.resolve(ref)).descriptor.digest, sha256(manifest));
      await assert.rejects(plainHttp.resolve(ref), (err: unknown) => isNerdtsError(err) && /HTTPS/.test(err.message) && /hosts.toml/.test(err.hint ?? ''));
    } finally {
      c.close();
      plainHttp.close();
    }
  });
});
