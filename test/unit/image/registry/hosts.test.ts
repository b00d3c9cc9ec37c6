import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hostDirNames, hostname, isInsecureHost, isLocalhost, parseHostsFile, resolveEndpoints,
} from '../../../../src/image/registry/hosts';
import type { HostsFs, RegistryEndpoint } from '../../../../src/image/registry/hosts';

/** A strict in-memory tree: `files` maps full paths to contents; directories are implied. */
function fakeFs(files: Record<string, string>): HostsFs {
  return {
    readFile: async (p) => files[p],
    readDir: async (p) => {
      const prefix = `${p}/`;
      const names = Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]!);
      return names.length > 0 ? [...new Set(names)] : undefined;
    },
  };
}

const summary = (eps: RegistryEndpoint[]): string[] => eps.map((e) =>
  `${e.scheme}://${e.host}${e.path}${e.httpFallback ? ' fallback' : ''}${e.skipVerify ? ' skip-verify' : ''}${e.namespace ? ` ns=${e.namespace}` : ''} [${e.capabilities.join(',')}]`);

describe('host names', () => {
  test('localhost detection', () => {
    for (const h of ['localhost', 'localhost:5000', '127.0.0.1', '127.0.0.1:5000', '127.1.2.3:80', '::1', '[::1]:5000']) assert.equal(isLocalhost(h), true, h);
    for (const h of ['example.com', '10.0.0.1:5000', 'localhost.example.com', '[fc00::1]:5000']) assert.equal(isLocalhost(h), false, h);
  });

  test('hostname strips port and brackets', () => {
    assert.equal(hostname('example.com:5000'), 'example.com');
    assert.equal(hostname('[::1]:5000'), '::1');
    assert.equal(hostname('::1'), '::1');
    assert.equal(hostname('docker.io'), 'docker.io');
  });

  test('directory names (containerd hostPaths + nerdctl :443)', () => {
    assert.deepEqual(hostDirNames('docker.io'), ['docker.io']);
    assert.deepEqual(hostDirNames('index.docker.io'), ['docker.io']);
    assert.deepEqual(hostDirNames('myregistry.io:5000'), ['myregistry.io_5000_', 'myregistry.io:5000']);
    assert.deepEqual(hostDirNames('myregistry.io:443'), ['myregistry.io_443_', 'myregistry.io:443', 'myregistry.io']);
  });

  test('insecure registry matching', () => {
    assert.equal(isInsecureHost('a.example:5000', true), true);
    assert.equal(isInsecureHost('a.example:5000', false), false);
    assert.equal(isInsecureHost('a.example:5000', ['a.example:5000']), true);
    assert.equal(isInsecureHost('a.example:5000', ['a.example']), true);
    assert.equal(isInsecureHost('a.example:5000', ['http://a.example:5000/']), true);
    assert.equal(isInsecureHost('a.example:5000', ['a.example:5001', 'b.example']), false);
  });
});

describe('resolveEndpoints defaults', () => {
  test('docker.io goes to registry-1.docker.io over HTTPS', async () => {
    assert.deepEqual(summary(await resolveEndpoints('docker.io', {}, fakeFs({}))), ['https://registry-1.docker.io/v2 [pull,resolve,push]']);
  });

  test('localhost and loopback use plain HTTP on any port', async () => {
    for (const h of ['localhost:5000', '127.0.0.1:5000', '[::1]:5000', 'localhost']) {
      assert.deepEqual(summary(await resolveEndpoints(h, {}, fakeFs({}))), [`http://${h}/v2 [pull,resolve,push]`]);
    }
  });

  test('other hosts use HTTPS; insecure ones skip verification and may fall back to HTTP', async () => {
    assert.deepEqual(summary(await resolveEndpoints('reg.example:5000', {}, fakeFs({}))), ['https://reg.example:5000/v2 [pull,resolve,push]']);
    assert.deepEqual(summary(await resolveEndpoints('reg.example:5000', { insecure: ['reg.example:5000'] }, fakeFs({}))),
      ['https://reg.example:5000/v2 fallback skip-verify [pull,resolve,push]']);
  });
});

describe('resolveEndpoints with hosts directories', () => {
  const dirs = ['/etc/containerd/certs.d', '/etc/docker/certs.d'];

  test('mirrors in file order, then the server, with ns on mirrors', async () => {
    const fs = fakeFs({
      '/etc/containerd/certs.d/docker.io/hosts.toml': `
server = "https://registry-1.docker.io"
[host."https://public-mirror.example.com"]
  capabilities = ["pull"]
[host."http://docker-mirror.internal:5000/sub"]
  capabilities = ["pull", "resolve"]
[host."https://non-compliant.example/v2/upstream"]
  override_path = true
  header = { x-custom = "a" }
`,
    });
    const eps = await resolveEndpoints('docker.io', { hostsDirs: dirs }, fs);
    assert.deepEqual(summary(eps), [
      'https://public-mirror.example.com/v2 ns=docker.io [pull]',
      'http://docker-mirror.internal:5000/sub/v2 ns=docker.io [pull,resolve]',
      'https://non-compliant.example/v2/upstream ns=docker.io [pull,resolve,push]',
      'https://registry-1.docker.io/v2 [pull,resolve,push]',
    ]);
    assert.deepEqual(eps[2]!.headers, { 'x-custom': ['a'] });
  });

  test('a file without server falls back to the default upstream', async () => {
    const fs = fakeFs({ '/d/_default/hosts.toml': '[host."https://registry.example.com"]\n  capabilities = ["pull", "resolve"]\n' });
    assert.deepEqual(summary(await resolveEndpoints('ghcr.io', { hostsDirs: ['/d'] }, fs)), [
      'https://registry.example.com/v2 ns=ghcr.io [pull,resolve]',
      'https://ghcr.io/v2 [pull,resolve,push]',
    ]);
  });

  test('exact host directories beat _default in any hosts dir', async () => {
    const fs = fakeFs({
      '/a/_default/hosts.toml': 'server = "https://default.example"',
      '/b/reg.example:5000/hosts.toml': 'server = "https://exact.example"',
    });
    assert.deepEqual(summary(await resolveEndpoints('reg.example:5000', { hostsDirs: ['/a', '/b'] }, fs)), [
      'https://exact.example/v2 ns=reg.example:5000 [pull,resolve,push]',
    ]);
  });

  test('host_port_ directory names are found first', async () => {
    const fs = fakeFs({
      '/d/reg.example_5000_/hosts.toml': 'server = "https://underscore.example"',
      '/d/reg.example:5000/hosts.toml': 'server = "https://colon.example"',
    });
    assert.equal((await resolveEndpoints('reg.example:5000', { hostsDirs: ['/d'] }, fs))[0]!.host, 'underscore.example');
  });

  test('paths are relative to the host directory; http with TLS settings tries HTTPS first', async () => {
    const fs = fakeFs({
      '/d/127.0.0.1:5443/hosts.toml': `
server = "http://127.0.0.1:5443"
ca = "ca.crt"
client = [["client.cert", "/abs/client.key"], "both.pem"]
`,
    });
    const [ep] = await resolveEndpoints('127.0.0.1:5443', { hostsDirs: ['/d'] }, fs);
    assert.deepEqual(summary([ep!]), ['https://127.0.0.1:5443/v2 fallback [pull,resolve,push]']);
    assert.deepEqual(ep!.caFiles, ['/d/127.0.0.1:5443/ca.crt']);
    assert.deepEqual(ep!.clientCerts, [['/d/127.0.0.1:5443/client.cert', '/abs/client.key'], ['/d/127.0.0.1:5443/both.pem', '']]);
  });

  test('docker certs.d files: *.crt CAs and .cert/.key pairs; localhost then tries HTTPS first', async () => {
    const fs = fakeFs({
      '/etc/docker/certs.d/localhost:5443/ca.crt': 'x',
      '/etc/docker/certs.d/localhost:5443/client.cert': 'x',
      '/etc/docker/certs.d/localhost:5443/client.key': 'x',
      '/etc/docker/certs.d/localhost:5443/lonely.cert': 'x',
    });
    const [ep] = await resolveEndpoints('localhost:5443', { hostsDirs: dirs }, fs);
    assert.deepEqual(summary([ep!]), ['https://localhost:5443/v2 fallback [pull,resolve,push]']);
    assert.deepEqual(ep!.caFiles, ['/etc/docker/certs.d/localhost:5443/ca.crt']);
    assert.deepEqual(ep!.clientCerts, [
      ['/etc/docker/certs.d/localhost:5443/client.cert', '/etc/docker/certs.d/localhost:5443/client.key'],
      ['/etc/docker/certs.d/localhost:5443/lonely.cert', ''],
    ]);
  });

  test('skip_verify from hosts.toml and from --insecure-registry', async () => {
    const fs = fakeFs({ '/d/reg.example/hosts.toml': 'server = "https://reg.example"\nskip_verify = true\ndial_timeout = "1s"' });
    const [ep] = await resolveEndpoints('reg.example', { hostsDirs: ['/d'] }, fs);
    assert.equal(ep!.skipVerify, true);
    assert.equal(ep!.dialTimeoutMs, 1000);
    const [insecure] = await resolveEndpoints('other.example', { hostsDirs: ['/d'], insecure: true }, fs);
    assert.equal(insecure!.skipVerify, true);
  });

  test('invalid files are errors that name the file', async () => {
    const bad = (text: string): Promise<unknown> =>
      resolveEndpoints('reg.example', { hostsDirs: ['/d'] }, fakeFs({ '/d/reg.example/hosts.toml': text }));
    await assert.rejects(bad('capabilities = ["pull", "fly"]'), /\/d\/reg.example\/hosts.toml: unknown capability "fly"/);
    await assert.rejects(bad('server = 1'), /"server" must be a string/);
    await assert.rejects(bad('skip_verify = "yes"'), /"skip_verify" must be a boolean/);
    await assert.rejects(bad('ca = [1]'), /invalid type for "ca"/);
    await assert.rejects(bad('client = [["only-one"]]'), /invalid type for "client"/);
    await assert.rejects(bad('dial_timeout = "soon"'), /invalid "dial_timeout"/);
    await assert.rejects(bad('server = "https://x"\nserver = "https://y"'), /hosts.toml:2:.*already defined/);
  });

  test('parseHostsFile without hosts gives one entry', () => {
    assert.deepEqual(parseHostsFile('', '/d'), [{ capabilities: ['pull', 'resolve', 'push'] }]);
  });
});
