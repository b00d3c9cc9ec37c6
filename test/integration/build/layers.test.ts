// Build layers stored uncompressed and gzipped at push; save/load of such images; ADD <URL> from a
// local HTTP server started here; RUN --mount=type=bind of the context in the cache key.
// Private namespaces and data root; skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTar } from '../../../src/archive/tar';
import { cleanNamespace, collect, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-build-layers-${process.pid}`;
const NS_BACK = `${NS}-back`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const REPO = `127.0.0.1:5000/nerdts-test/build-layers-${process.pid}`;
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);

interface Result { status: number; stdout: Buffer; stderr: string }
interface Desc { mediaType: string; digest: string; size: number }
interface ManifestDoc { config: Desc; layers: Desc[] }

const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('nerdts build layers, push, ADD <URL>, bind mounts', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-build-layers-root-'));
  const work = mkdtempSync(join(tmpdir(), 'nerdts-build-layers-ctx-'));
  const served = new Map<string, { body: Buffer; headers?: Record<string, string> }>();
  const hits = new Map<string, number>();
  let server: Server;
  let base = '';

  // async: the HTTP server of this process must answer while nerdts runs
  function nerdts(args: string[], ns = NS, input?: Buffer): Promise<Result> {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    return new Promise((resolve, reject) => {
      const child = spawn(BIN, ['-n', ns, '--data-root', dataRoot, ...args], { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
      child.stdin?.end(input);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (c: Buffer) => out.push(c));
      child.stderr!.on('data', (c: Buffer) => err.push(c));
      child.once('error', reject);
      child.once('close', (code) => resolve({ status: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    });
  }
  async function ok(args: string[], ns = NS): Promise<Result> {
    const r = await nerdts(args, ns);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
  function context(name: string, files: Record<string, string>): string {
    const dir = join(work, name);
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    return dir;
  }
  /** Builds with -o type=tar and returns the named files of the result. */
  async function buildFiles(dir: string, files: string[], extra: string[] = []): Promise<Record<string, string> & { stderr: string }> {
    const out = join(work, `${Math.random().toString(36).slice(2)}.tar`);
    const r = await ok(['build', '--progress', 'plain', ...extra, '-o', `type=tar,dest=${out}`, dir]);
    const x = mkdtempSync(join(work, 'x-'));
    await new Promise<void>((resolve, reject) => spawn('tar', ['-xf', out, '-C', x]).once('close', (c) => (c === 0 ? resolve() : reject(new Error(`tar ${c}`)))));
    const got: Record<string, string> = {};
    for (const f of files) got[f] = readFileSync(join(x, f), 'utf8');
    return { ...got, stderr: r.stderr };
  }
  const manifestOf = async (ns: string, ref: string): Promise<{ digest: string; doc: ManifestDoc }> => {
    const c = await connect(ns);
    try {
      const digest = (await c.images.get(ref)).target!.digest;
      return { digest, doc: JSON.parse((await c.content.readAll(digest)).toString('utf8')) as ManifestDoc };
    } finally {
      c.close();
    }
  };

  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === '/redirect') { res.writeHead(302, { location: '/files/hello.txt' }); res.end(); return; }
      const f = served.get(path);
      if (!f) { res.writeHead(404); res.end('no'); return; }
      res.writeHead(200, { 'content-length': f.body.length, ...f.headers });
      res.end(f.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await ok(['pull', '-q', BUSYBOX]);
  });
  after(async () => {
    server?.close();
    for (const ns of [NS, NS_BACK]) {
      const c = await connect(ns);
      await cleanNamespace(c, ns);
      c.close();
    }
    rmSync(dataRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('build layers are uncompressed locally; push gzips them, the image ID survives the round trip', async () => {
    const dir = context('push', { 'a.txt': 'layer file\n'.repeat(1000), Dockerfile: [`FROM ${BUSYBOX}`, 'COPY a.txt /a.txt', 'RUN echo ran > /r.txt'].join('\n') });
    const ref = `${REPO}:latest`;
    const id = (await ok(['build', '-q', '-t', ref, dir])).stdout.toString().trim();
    const local = await manifestOf(NS, ref);
    assert.equal(local.doc.layers.length, 3);
    assert.equal(local.doc.layers[0]!.mediaType, `${OCI_LAYER}+gzip`, 'the base layer stays as pulled');
    for (const l of local.doc.layers.slice(1)) assert.equal(l.mediaType, OCI_LAYER);
    assert.equal(local.doc.config.digest, id);

    const pushed = (await ok(['push', ref])).stdout.toString();
    const digest = /digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(pushed)?.[1];
    assert.ok(digest && digest !== local.digest, `pushed digest ${digest} differs from the local ${local.digest}`);
    const res = await fetch(`http://127.0.0.1:5000/v2/nerdts-test/build-layers-${process.pid}/manifests/latest`,
      { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(sha256(bytes), digest);
    const remote = JSON.parse(bytes.toString('utf8')) as ManifestDoc;
    assert.equal(remote.config.digest, id);
    assert.deepEqual(remote.layers[0], local.doc.layers[0]);
    for (const l of remote.layers.slice(1)) assert.equal(l.mediaType, `${OCI_LAYER}+gzip`);
    assert.match((await ok(['push', ref])).stdout.toString(), new RegExp(`digest: ${digest} `), 'a second push gives the same manifest');

    await ok(['pull', '-q', ref], NS_BACK);
    assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', ref], NS_BACK)).stdout.toString().trim(), id);
    assert.equal((await ok(['run', '--rm', '--network', 'none', ref, 'cat', '/r.txt'], NS_BACK)).stdout.toString(), 'ran\n');
    await ok(['rmi', ref], NS_BACK);

    // save/load and -o type=oci carry the uncompressed layers; load gives the same image ID
    const saved = join(work, 'saved.tar');
    await ok(['save', '-o', saved, ref]);
    await ok(['load', '-i', saved], NS_BACK);
    assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', ref], NS_BACK)).stdout.toString().trim(), id);
    await ok(['rmi', ref], NS_BACK);
    const oci = join(work, 'oci.tar');
    await ok(['build', '-q', '-t', ref, '-o', `type=oci,dest=${oci}`, dir]);
    await ok(['load', '-i', oci], NS_BACK);
    assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', ref], NS_BACK)).stdout.toString().trim(), id);
  });

  test('ADD <URL>: name from the URL, mode 0600, Last-Modified, no unpacking, checksum, cache by content', async () => {
    const hello = Buffer.from('hello from http\n');
    const archive = await collect(writeTar([{ header: { name: 'inner.txt', type: 'file', mode: 0o644 }, body: Buffer.from('x') }]));
    served.set('/files/hello.txt', { body: hello, headers: { 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    served.set('/files/a.tar', { body: archive });
    const dockerfile = [`FROM ${BUSYBOX}`,
      `ADD ${base}/files/hello.txt ${base}/files/a.tar /dl/`,
      `ADD --checksum=${sha256(hello)} ${base}/redirect /named.txt`,
      'RUN stat -c "%a %Y %s" /dl/hello.txt > /stat.txt && ls /dl > /ls.txt && cat /named.txt > /named-copy.txt'].join('\n');
    const dir = context('add-url', { Dockerfile: dockerfile });
    const files = ['stat.txt', 'ls.txt', 'named-copy.txt', 'dl/hello.txt'];
    const first = await buildFiles(dir, files);
    assert.equal(first['stat.txt'], `600 ${Date.parse('2015-10-21T07:28:00Z') / 1000} ${hello.length}\n`);
    assert.equal(first['ls.txt'], 'a.tar\nhello.txt\n', 'the archive is not unpacked');
    assert.equal(first['named-copy.txt'], hello.toString());
    assert.equal(hits.get('/files/hello.txt'), 2);

    const again = await buildFiles(dir, files);
    assert.equal(hits.get('/files/hello.txt'), 4, 'downloaded again to compare');
    assert.match(again.stderr, /ADD http:\S+\/files\/hello\.txt[^\n]*\n#\d+ CACHED/);

    served.set('/files/hello.txt', { body: Buffer.from('changed\n') });
    const changed = context('add-url-changed', { Dockerfile: dockerfile.split('\n').filter((l) => !l.includes('checksum')).join('\n').replace(' && cat /named.txt > /named-copy.txt', '') });
    assert.equal((await buildFiles(changed, ['dl/hello.txt']))['dl/hello.txt'], 'changed\n', 'new content reruns the step');

    const bad = await nerdts(['build', '-q', context('add-url-404', { Dockerfile: [`FROM ${BUSYBOX}`, `ADD ${base}/missing /x`].join('\n') })]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /Dockerfile:2: failed to download http:\S+\/missing: HTTP 404/);
    const sum = await nerdts(['build', '-q', context('add-url-sum', { Dockerfile: [`FROM ${BUSYBOX}`, `ADD --checksum=${sha256('other')} ${base}/files/a.tar /x`].join('\n') })]);
    assert.notEqual(sum.status, 0);
    assert.match(sum.stderr, /Dockerfile:2: ADD http:\S+: checksum mismatch: expected sha256:/);
  });

  test('RUN --mount=type=bind of the context: a changed bound file reruns the step', async () => {
    const dir = context('bind', { 'data.txt': 'one\n', 'other.txt': 'x\n',
      Dockerfile: [`FROM ${BUSYBOX}`, 'RUN --mount=type=bind,source=data.txt,target=/mnt/d.txt cat /mnt/d.txt > /got.txt'].join('\n') });
    assert.equal((await buildFiles(dir, ['got.txt']))['got.txt'], 'one\n');
    writeFileSync(join(dir, 'other.txt'), 'y\n');
    assert.match((await buildFiles(dir, ['got.txt'])).stderr, /RUN --mount[^\n]*\n#\d+ CACHED/, 'files outside the bound source do not matter');
    writeFileSync(join(dir, 'data.txt'), 'two\n');
    assert.equal((await buildFiles(dir, ['got.txt']))['got.txt'], 'two\n');
    // the same context as a tar on stdin
    const tarred = await collect(writeTar(['Dockerfile', 'data.txt'].map((f) => ({ header: { name: f, type: 'file' as const, mode: 0o644 }, body: readFileSync(join(dir, f)) }))));
    const r = await nerdts(['build', '-q', '-o', 'type=tar,dest=-', '-'], NS, tarred);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes('two\n'), 'the bound file of the stdin context was read');
  });
});
