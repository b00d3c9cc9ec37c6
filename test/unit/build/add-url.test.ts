import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isRemoteSource, parseChecksum, urlFileName } from '../../../src/build/add-url';

describe('ADD <URL>', () => {
  test('URL sources are http(s) only', () => {
    for (const [s, want] of [['http://h/x', true], ['HTTPS://h/x', true], ['ftp://h/x', false], ['x/http://y', false], ['a.txt', false]] as const) {
      assert.equal(isRemoteSource(s), want, s);
    }
  });

  test('the file name: Content-Disposition first, else the last element of the URL path', () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['http://h/dir/file.tar.gz?x=1#f', undefined, 'file.tar.gz'],
      ['http://h/a%20b.txt', undefined, 'a b.txt'],
      ['http://h/', undefined, ''],
      ['http://h', undefined, ''],
      ['http://h/dir/', undefined, 'dir'],
      ['http://h/x', 'attachment; filename="real.bin"', 'real.bin'],
      ['http://h/x', "attachment; filename*=UTF-8''n%C3%A4me.txt", 'näme.txt'],
      ['http://h/x', 'attachment; filename="../../etc/passwd"', 'passwd'],
      ['http://h/x', 'inline', 'x'],
      ['http://h/bad%zz', undefined, 'bad%zz'],
    ];
    for (const [url, cd, want] of cases) assert.equal(urlFileName(url, cd), want, `${url} ${cd ?? ''}`);
  });

  test('--checksum takes sha256:<64 hex> only', () => {
    const ok = `sha256:${'a'.repeat(64)}`;
    assert.equal(parseChecksum(ok), ok);
    for (const bad of ['sha256:abc', `sha512:${'a'.repeat(128)}`, 'a'.repeat(64), `sha256:${'A'.repeat(64)}`]) {
      assert.throws(() => parseChecksum(bad), { code: 'invalid-argument' }, bad);
    }
  });
});
