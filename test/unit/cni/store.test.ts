import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listNetworkFiles, readNetworkFile, removeNetworkFile, writeNetworkFile } from '../../../cni/netconf-store';
import { buildBridgeNetwork, buildDefaultNetwork, networkFilePath } from '../../../cni/nerdctl-network';
import { formatNetworkConfig } from '../../../cni/conflist';
import { cacheFilePath, deleteCachedAttachment, readCachedAttachment, writeCachedAttachment } from '../../../cni/result-cache';
import type { CniError } from '../../../cni/errors';

const scratch = mkdtempSync(join(tmpdir(), 'nerdts-cni-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const tmp = () => mkdtempSync(join(scratch, 'cni-store-'));
const conf = (name: string) => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge' }] });

describe('netconf store', () => {
  test('lists top-level and namespace files with config extensions, sorted by path', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'default'));
    mkdirSync(join(dir, 'other'));
    mkdirSync(join(dir, 'sub.conflist'));
    writeFileSync(join(dir, 'nerdctl-bridge.conflist'), conf('bridge'));
    writeFileSync(join(dir, '10-old.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'old', type: 'bridge' }));
    writeFileSync(join(dir, '99-x.json'), conf('x'));
    writeFileSync(join(dir, 'README.md'), 'not a config');
    writeFileSync(join(dir, '.nerdts-cni-concurrency.lock'), '');
    writeFileSync(join(dir, 'default', 'nerdctl-foo.conflist'), conf('foo'));
    writeFileSync(join(dir, 'other', 'nerdctl-bar.conflist'), conf('bar'));
    const names = async (namespace?: string) => (await listNetworkFiles({ netconfPath: dir, namespace })).map((n) => n.config.name);
    assert.deepEqual(await names('default'), ['old', 'x', 'foo', 'bridge']);
    assert.deepEqual(await names(), ['old', 'x', 'bridge']);
    assert.deepEqual(await listNetworkFiles({ netconfPath: join(dir, 'missing'), namespace: 'default' }), []);
  });

  test('a broken file fails the listing and names the file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.conflist'), '{"name":');
    await assert.rejects(listNetworkFiles({ netconfPath: dir }), (err: CniError) => err.kind === 'invalid-config' && err.message.includes('bad.conflist'));
  });

  test('writes nerdctl bytes with mode 0644 atomically, and reads them back', async () => {
    const dir = tmp();
    const file = networkFilePath(dir, 'default', 'foo');
    const { config } = buildBridgeNetwork({ name: 'foo', subnet: '10.4.9.0/24' });
    const prevUmask = process.umask(0o077);
    try {
      await writeNetworkFile(file, config);
    } finally {
      process.umask(prevUmask);
    }
    assert.equal(readFileSync(file, 'utf8'), formatNetworkConfig(config));
    assert.equal(statSync(file).mode & 0o777, 0o644);
    assert.deepEqual(readdirSync(join(dir, 'default')), ['nerdctl-foo.conflist'], 'no temp files left');
    const read = await readNetworkFile(file);
    assert.deepEqual(read.config, config);
    assert.deepEqual(read.bytes, readFileSync(file));
  });

  test('exclusive write refuses an existing file; plain write replaces it', async () => {
    const dir = tmp();
    const file = join(dir, 'nerdctl-bridge.conflist');
    await writeNetworkFile(file, buildDefaultNetwork(), { exclusive: true });
    await assert.rejects(writeNetworkFile(file, buildDefaultNetwork(), { exclusive: true }), (err: CniError) => err.kind === 'already-exists');
    await writeNetworkFile(file, buildDefaultNetwork({ bridgeIp: '10.5.0.1/24' }));
    assert.match(readFileSync(file, 'utf8'), /10\.5\.0\.0\/24/);
    assert.deepEqual(readdirSync(dir), ['nerdctl-bridge.conflist']);
  });

  test('remove reports whether the file existed; reading a missing file is not-found', async () => {
    const dir = tmp();
    const file = join(dir, 'nerdctl-x.conflist');
    writeFileSync(file, conf('x'));
    assert.equal(await removeNetworkFile(file), true);
    assert.equal(await removeNetworkFile(file), false);
    await assert.rejects(readNetworkFile(file), (err: CniError) => err.kind === 'not-found');
  });
});

describe('result cache', () => {
  test('round trip in libcni format', async () => {
    const dir = tmp();
    const result = { cniVersion: '1.0.0', ips: [{ address: '10.4.0.5/24' }] };
    await writeCachedAttachment(dir, { containerId: 'c1', ifname: 'eth0', networkName: 'bridge', netns: '/proc/1/ns/net', config: Buffer.from('{"x":1}'), result });
    const file = cacheFilePath(dir, 'bridge', 'c1', 'eth0');
    assert.equal(file, join(dir, 'results', 'bridge-c1-eth0'));
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      kind: 'cniCacheV1', containerId: 'c1', config: Buffer.from('{"x":1}').toString('base64'), ifName: 'eth0', networkName: 'bridge', netns: '/proc/1/ns/net', result,
    });
    assert.equal(statSync(join(dir, 'results')).mode & 0o777, 0o700);
    const read = await readCachedAttachment(dir, 'bridge', 'c1', 'eth0');
    assert.deepEqual(read?.result, result);
    assert.equal(read?.config.toString(), '{"x":1}');
    await deleteCachedAttachment(dir, 'bridge', 'c1', 'eth0');
    await deleteCachedAttachment(dir, 'bridge', 'c1', 'eth0');
    assert.equal(await readCachedAttachment(dir, 'bridge', 'c1', 'eth0'), undefined);
  });

  test('a legacy bare result is read; junk is ignored', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'results'));
    writeFileSync(join(dir, 'results', 'n-c-eth0'), '{"cniVersion":"0.4.0","ips":[]}');
    writeFileSync(join(dir, 'results', 'n-c-eth1'), 'junk');
    assert.deepEqual((await readCachedAttachment(dir, 'n', 'c', 'eth0'))?.result, { cniVersion: '0.4.0', ips: [] });
    assert.equal(await readCachedAttachment(dir, 'n', 'c', 'eth1'), undefined);
  });
});
