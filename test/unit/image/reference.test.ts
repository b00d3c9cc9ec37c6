import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  familiarName, familiarRepository, formatReference, idPrefix, isDigest, isFullId, parseImageReference,
  parseNamedReference, validateDigest, withDigest, withTag,
} from '../../../src/image/reference';
import { isNerdtsError } from '../../../src/errors';

const D = `sha256:${'f'.repeat(64)}`;
const HEX = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';

// [input, normalized (with nerdctl's default tag), familiar]
const valid: Array<[string, string, string]> = [
  ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
  ['user/img', 'docker.io/user/img:latest', 'user/img:latest'],
  ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['index.docker.io/library/debian', 'docker.io/library/debian:latest', 'debian:latest'],
  ['index.docker.io/debian', 'docker.io/library/debian:latest', 'debian:latest'],
  ['library/foo/bar', 'docker.io/library/foo/bar:latest', 'library/foo/bar:latest'],
  ['store/foo/bar', 'docker.io/store/foo/bar:latest', 'store/foo/bar:latest'],
  ['other/library', 'docker.io/other/library:latest', 'other/library:latest'],
  ['localhost/fooo', 'localhost/fooo:latest', 'localhost/fooo:latest'],
  ['localhost:5000/x', 'localhost:5000/x:latest', 'localhost:5000/x:latest'],
  ['127.0.0.1:5000/x:tag', '127.0.0.1:5000/x:tag', '127.0.0.1:5000/x:tag'],
  ['127.0.0.1:5000/busybox', '127.0.0.1:5000/busybox:latest', '127.0.0.1:5000/busybox:latest'],
  ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000/private/moonbase:latest', '127.0.0.1:8000/private/moonbase:latest'],
  ['example.com/privatebase', 'example.com/privatebase:latest', 'example.com/privatebase:latest'],
  ['example.com:8000/private/moonbase', 'example.com:8000/private/moonbase:latest', 'example.com:8000/private/moonbase:latest'],
  ['LOCALDOMAIN/fooo/bar', 'LOCALDOMAIN/fooo/bar:latest', 'LOCALDOMAIN/fooo/bar:latest'],
  ['Foo/bar', 'Foo/bar:latest', 'Foo/bar:latest'],
  ['ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base:latest', 'ubuntu-12.04-base:latest'],
  ['docker-rules/docker', 'docker.io/docker-rules/docker:latest', 'docker-rules/docker:latest'],
  ['docker---rules/docker', 'docker.io/docker---rules/docker:latest', 'docker---rules/docker:latest'],
  ['dock__er/docker', 'docker.io/dock__er/docker:latest', 'dock__er/docker:latest'],
  ['d/docker', 'docker.io/d/docker:latest', 'd/docker:latest'],
  ['jess/t', 'docker.io/jess/t:latest', 'jess/t:latest'],
  ['thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    'docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest'],
  [`docker.io/${HEX}`, `docker.io/library/${HEX}:latest`, `${HEX}:latest`],
  ['192.168.0.1', 'docker.io/library/192.168.0.1:latest', '192.168.0.1:latest'],
  ['192.168.0.1:80', 'docker.io/library/192.168.0.1:80', '192.168.0.1:80'],
  ['192.168.0.1:8/debian', '192.168.0.1:8/debian:latest', '192.168.0.1:8/debian:latest'],
  ['[fc00::1]:5000/docker', '[fc00::1]:5000/docker:latest', '[fc00::1]:5000/docker:latest'],
  ['[2001:db8::1]/repo', '[2001:db8::1]/repo:latest', '[2001:db8::1]/repo:latest'],
  ['[::1]:5000/repo:tag', '[::1]:5000/repo:tag', '[::1]:5000/repo:tag'],
  ['lowercase:Uppercase', 'docker.io/library/lowercase:Uppercase', 'lowercase:Uppercase'],
  ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com/bar/baz/quux:some-long-tag'],
  ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io/test.example.com/my-app:test.example.com'],
  ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage:xn--n3h.com'],
  ['foo_bar.com:8080', 'docker.io/library/foo_bar.com:8080', 'foo_bar.com:8080'],
  [`busybox@${D}`, `docker.io/library/busybox@${D}`, `busybox@${D}`],
  [`busybox:latest@${D}`, `docker.io/library/busybox:latest@${D}`, `busybox:latest@${D}`],
  [`test:5000/repo@${D}`, `test:5000/repo@${D}`, `test:5000/repo@${D}`],
  [`xn--7o8h.com/myimage:xn--7o8h.com@${D}`, `xn--7o8h.com/myimage:xn--7o8h.com@${D}`, `xn--7o8h.com/myimage:xn--7o8h.com@${D}`],
  [`example.com/${'a'.repeat(255)}:tag`, `example.com/${'a'.repeat(255)}:tag`, `example.com/${'a'.repeat(255)}:tag`],
  [`busybox:${'t'.repeat(128)}`, `docker.io/library/busybox:${'t'.repeat(128)}`, `busybox:${'t'.repeat(128)}`],
];

// [input, exact message]
const invalid: Array<[string, string]> = [
  ['', 'invalid reference format'],
  [':justtag', 'invalid reference format'],
  [`@${D}`, 'invalid reference format'],
  ['https://github.com/docker/docker', 'invalid reference format'],
  ['-docker', 'invalid reference format'],
  ['-docker/docker', 'invalid reference format'],
  ['-docker.io/docker/docker', 'invalid reference format'],
  ['docker-/docker', 'invalid reference format'],
  ['docker///docker', 'invalid reference format'],
  ['docker.io/docker///docker', 'invalid reference format'],
  ['____/____', 'invalid reference format'],
  ['_docker/_docker', 'invalid reference format'],
  ['dock..er/docker', 'invalid reference format'],
  ['dock_.er/docker', 'invalid reference format'],
  ['dock-.er/docker', 'invalid reference format'],
  ['docker/', 'invalid reference format'],
  ['aa/asdf$$^/aa', 'invalid reference format'],
  ['[fc00::1]', 'invalid reference format'],
  ['[fc00::1]:5000', 'invalid reference format'],
  ['fc00::1:5000/debian', 'invalid reference format'],
  ['[fe80::1%eth0]:5000/debian', 'invalid reference format'],
  ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'invalid reference format'],
  ['busybox:-tag', 'invalid reference format'],
  [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
  ['busybox@sha256:abc', 'invalid reference format'],
  ['Busybox', 'invalid reference format: repository name (library/Busybox) must be lowercase'],
  ['Uppercase:tag', 'invalid reference format: repository name (library/Uppercase) must be lowercase'],
  ['docker/Docker', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
  ['docker.io/docker/Docker', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
  ['test:5000/Uppercase/lowercase:tag', 'invalid reference format: repository name (Uppercase/lowercase) must be lowercase'],
  [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
  [`domain/${'a'.repeat(256)}:tag`, 'repository name must not be more than 255 characters'],
  [`repo@sha256:${'f'.repeat(34)}`, 'invalid checksum digest length'],
  [`validname@invaliddigest:${'f'.repeat(64)}`, 'unsupported digest algorithm'],
  [`repo@sha256:${'F'.repeat(64)}`, 'invalid checksum digest format'],
];

describe('parseImageReference', () => {
  for (const [input, normalized, familiar] of valid) {
    test(`valid: ${input.slice(0, 60)}`, () => {
      const ref = parseImageReference(input);
      assert.equal(formatReference(ref), normalized);
      assert.equal(familiarName(ref), familiar);
      // the normalized form parses to itself
      assert.deepEqual(parseImageReference(normalized), ref);
    });
  }
  for (const [input, message] of invalid) {
    test(`invalid: ${input.slice(0, 60) || '(empty)'}`, () => {
      assert.throws(() => parseImageReference(input), (err: unknown) => {
        assert.ok(isNerdtsError(err));
        assert.equal(err.code, 'invalid-argument');
        assert.equal(err.message, message);
        return true;
      });
    });
  }
});

describe('reference parts', () => {
  test('domain, path, tag and digest', () => {
    assert.deepEqual(parseImageReference('127.0.0.1:5000/x:tag'), { domain: '127.0.0.1:5000', path: 'x', tag: 'tag' });
    assert.deepEqual(parseImageReference(`localhost/a/b@${D}`), { domain: 'localhost', path: 'a/b', digest: D });
    assert.deepEqual(parseNamedReference('busybox'), { domain: 'docker.io', path: 'library/busybox' });
    assert.deepEqual(parseNamedReference(`busybox:1@${D}`), { domain: 'docker.io', path: 'library/busybox', tag: '1', digest: D });
  });

  test('familiar forms', () => {
    assert.equal(familiarName('docker.io/library/busybox:latest'), 'busybox:latest');
    assert.equal(familiarName('docker.io/library/foo/bar'), 'library/foo/bar');
    assert.equal(familiarRepository(parseImageReference('127.0.0.1:5000/busybox')), '127.0.0.1:5000/busybox');
    assert.equal(familiarRepository(parseImageReference('ubuntu')), 'ubuntu');
  });

  test('withTag and withDigest', () => {
    const ref = parseImageReference(`busybox:1@${D}`);
    assert.equal(formatReference(withTag(ref, 'v2')), 'docker.io/library/busybox:v2');
    assert.equal(formatReference(withDigest(ref, D)), `docker.io/library/busybox@${D}`);
    assert.throws(() => withTag(ref, '.bad'), /invalid tag format/);
  });
});

describe('digests and IDs', () => {
  test('isDigest', () => {
    assert.equal(isDigest(D), true);
    assert.equal(isDigest(`sha512:${'a'.repeat(128)}`), true);
    assert.equal(isDigest(`sha256:${'a'.repeat(63)}`), false);
    assert.equal(isDigest('sha256'), false);
    assert.equal(isDigest(`md5:${'a'.repeat(32)}`), false);
    assert.throws(() => validateDigest('nocolon'), /invalid checksum digest format/);
  });

  test('full IDs and prefixes', () => {
    assert.equal(isFullId(HEX), true);
    assert.equal(isFullId(HEX.slice(1)), false);
    assert.equal(idPrefix('abc123'), 'abc123');
    assert.equal(idPrefix(`sha256:${HEX}`), HEX);
    assert.equal(idPrefix('busybox'), undefined);
    assert.equal(idPrefix(`${HEX}0`), undefined);
  });
});
