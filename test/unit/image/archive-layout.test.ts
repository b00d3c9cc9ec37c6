import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPath, isMetadata, resolvePath } from '../../../src/image/archive-reader';
import { blobDigest, blobPath } from '../../../src/image/layout';
import { annotatedName } from '../../../src/image/load-oci';

describe('archive paths', () => {
  test('cleanPath drops ./, leading and trailing slashes', () => {
    assert.equal(cleanPath('./manifest.json'), 'manifest.json');
    assert.equal(cleanPath('/blobs/sha256/'), 'blobs/sha256');
    assert.equal(cleanPath('a/../b/layer.tar'), 'b/layer.tar');
  });

  test('metadata stays in memory, blobs and layer tars do not', () => {
    const cases: Array<[string, boolean]> = [
      ['manifest.json', true], ['index.json', true], ['repositories', true], ['oci-layout', true],
      ['882a.json', true], ['b432/json', true], ['b432/VERSION', true],
      ['b432/layer.tar', false], ['blobs/sha256/abc', false], ['blobs/sha256/json', false], ['sha256:abc', false], ['abc.tar.gz', false],
    ];
    for (const [path, want] of cases) assert.equal(isMetadata(path), want, path);
  });

  test('links resolve to the file holding the data', () => {
    const contents = { files: new Map(), blobs: new Map(), links: new Map([['b/layer.tar', 'a/layer.tar'], ['c/layer.tar', 'b/layer.tar']]) };
    assert.equal(resolvePath(contents, './c/layer.tar'), 'a/layer.tar');
    assert.equal(resolvePath(contents, 'a/layer.tar'), 'a/layer.tar');
  });

  test('blob paths', () => {
    assert.equal(blobPath('sha256:abc'), 'blobs/sha256/abc');
    assert.equal(blobDigest('blobs/sha256/abc'), 'sha256:abc');
    assert.equal(blobDigest('blobs/sha256/abc/x'), undefined);
    assert.equal(blobDigest('manifest.json'), undefined);
  });
});

describe('annotatedName', () => {
  test('containerd name first, a full ref.name next, a bare tag names nothing', () => {
    const cases: Array<[Record<string, string> | undefined, string | undefined]> = [
      [{ 'io.containerd.image.name': 'docker.io/library/busybox:latest', 'org.opencontainers.image.ref.name': 'latest' }, 'docker.io/library/busybox:latest'],
      [{ 'io.containerd.image.name': 'busybox' }, 'docker.io/library/busybox:latest'],
      [{ 'org.opencontainers.image.ref.name': 'example.com/a/b:1' }, 'example.com/a/b:1'],
      [{ 'org.opencontainers.image.ref.name': 'latest' }, undefined],
      [{ 'io.containerd.image.name': 'Not Valid', 'org.opencontainers.image.ref.name': 'x/y:2' }, 'docker.io/x/y:2'],
      [undefined, undefined],
    ];
    for (const [annotations, want] of cases) assert.equal(annotatedName(annotations), want, JSON.stringify(annotations));
  });
});
