import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { FileDigests, RACY_WINDOW_MS, digestCacheFile } from '../../../src/build/content-hash';
import type { DigestIo } from '../../../src/build/content-hash';

const NOW = 1_700_000_000_000;
const OLD = NOW - 60_000;

interface FakeFile { content: string; stat: Stats }

function stat(o: Partial<Record<'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'dev' | 'mode', number>> = {}): Stats {
  return { size: 5, mtimeMs: OLD, ctimeMs: OLD, ino: 7, dev: 1, mode: 0o100644, ...o } as Stats;
}

/** An in-memory file system and cache file; counts the files actually read. */
function fakeIo(files: Map<string, FakeFile>): DigestIo & { reads: string[]; saved: Map<string, string> } {
  const saved = new Map<string, string>();
  const reads: string[] = [];
  return {
    reads, saved,
    read: (p) => saved.get(p),
    write: (p, text) => { saved.set(p, text); },
    hashFile: (p) => { reads.push(p); return createHash('sha256').update(files.get(p)!.content).digest(); },
    stat: (p) => files.get(p)?.stat,
    nowMs: () => NOW,
  };
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const CACHE = '/store/build-cache/content-hash/x.json';

describe('FileDigests', () => {
  test('a file is read once; a new build with the same stat reuses its digest', () => {
    const files = new Map([['/c/a', { content: 'hello', stat: stat() }]]);
    const io = fakeIo(files);
    const first = new FileDigests(CACHE, true, io);
    assert.equal(first.digest('/c/a', files.get('/c/a')!.stat).toString('hex'), sha('hello'));
    first.save();
    assert.ok(io.saved.has(CACHE));
    const second = new FileDigests(CACHE, true, io);
    assert.equal(second.digest('/c/a', stat()).toString('hex'), sha('hello'));
    assert.deepEqual(io.reads, ['/c/a'], 'read only by the first build');
  });

  const changes: Array<[string, Stats]> = [
    ['size', stat({ size: 6 })], ['mtime', stat({ mtimeMs: OLD + 1 })], ['ctime', stat({ ctimeMs: OLD + 0.001 })],
    ['mode', stat({ mode: 0o100755 })], ['inode', stat({ ino: 8 })], ['device', stat({ dev: 2 })],
  ];
  for (const [what, changed] of changes) {
    test(`a changed ${what} re-reads the file and replaces the stale entry`, () => {
      const files = new Map([['/c/a', { content: 'hello', stat: stat() }]]);
      const io = fakeIo(files);
      const a = new FileDigests(CACHE, true, io);
      a.digest('/c/a', stat());
      a.save();
      files.set('/c/a', { content: 'HELLO', stat: changed });
      const b = new FileDigests(CACHE, true, io);
      assert.equal(b.digest('/c/a', changed).toString('hex'), sha('HELLO'));
      b.save();
      const c = new FileDigests(CACHE, true, io);
      assert.equal(c.digest('/c/a', changed).toString('hex'), sha('HELLO'));
      assert.equal(io.reads.length, 2, 'the new entry is cached in turn');
    });
  }

  test('--no-cache (trust=false) re-reads every file', () => {
    const files = new Map([['/c/a', { content: 'hello', stat: stat() }]]);
    const io = fakeIo(files);
    new FileDigests(CACHE, true, io).digest('/c/a', stat());
    const n = new FileDigests(CACHE, false, io);
    n.digest('/c/a', stat());
    assert.equal(io.reads.length, 2);
  });

  test('a file changed within the racy window is not cached', () => {
    const recent = stat({ mtimeMs: NOW - RACY_WINDOW_MS + 1 });
    const files = new Map([['/c/a', { content: 'hello', stat: recent }]]);
    const io = fakeIo(files);
    const a = new FileDigests(CACHE, true, io);
    a.digest('/c/a', recent);
    a.save();
    new FileDigests(CACHE, true, io).digest('/c/a', recent);
    assert.equal(io.reads.length, 2);
  });

  test('a file written while being read is not cached, and its old entry is dropped', () => {
    const files = new Map([['/c/a', { content: 'hello', stat: stat() }]]);
    const io = fakeIo(files);
    const a = new FileDigests(CACHE, true, io);
    a.digest('/c/a', stat());
    a.save();
    const walked = stat({ size: 6 });
    files.set('/c/a', { content: 'hello!', stat: stat({ size: 7 }) });
    const b = new FileDigests(CACHE, true, io);
    b.digest('/c/a', walked);
    b.save();
    assert.equal(JSON.parse(io.saved.get(CACHE)!).entries['/c/a'], undefined);
  });

  test('an unchanged build writes nothing; a torn or foreign cache file is ignored', () => {
    const files = new Map([['/c/a', { content: 'hello', stat: stat() }]]);
    const io = fakeIo(files);
    const a = new FileDigests(CACHE, true, io);
    a.digest('/c/a', stat());
    a.save();
    let writes = 0;
    const counting = { ...io, write: (p: string, t: string) => { writes++; io.write(p, t); } };
    const b = new FileDigests(CACHE, true, counting);
    b.digest('/c/a', stat());
    b.save();
    assert.equal(writes, 0);
    for (const bad of ['{"version":1,"entries":{"/c/a":[5', '{"version":99,"entries":{}}', '{"version":1,"entries":{"/c/a":[5,1,1,7,1,33188,"zz"]}}']) {
      io.saved.set(CACHE, bad);
      new FileDigests(CACHE, true, io).digest('/c/a', stat());
    }
    assert.equal(io.reads.length, 4);
  });

  test('entries other contexts walks did not look up are kept', () => {
    const files = new Map([['/c/a', { content: 'a', stat: stat() }], ['/c/b', { content: 'b', stat: stat() }]]);
    const io = fakeIo(files);
    const a = new FileDigests(CACHE, true, io);
    a.digest('/c/a', stat());
    a.digest('/c/b', stat());
    a.save();
    files.set('/c/a', { content: 'A', stat: stat({ size: 1 }) });
    const b = new FileDigests(CACHE, true, io);
    b.digest('/c/a', stat({ size: 1 }));
    b.save();
    assert.deepEqual(Object.keys(JSON.parse(io.saved.get(CACHE)!).entries).sort(), ['/c/a', '/c/b']);
  });

  test('one cache file per context directory under the data store', () => {
    assert.match(digestCacheFile('/store', '/ctx'), /^\/store\/build-context-digests\/[0-9a-f]{32}\.json$/);
    assert.equal(digestCacheFile('/store', '/ctx/'), digestCacheFile('/store', '/ctx'));
    assert.notEqual(digestCacheFile('/store', '/ctx2'), digestCacheFile('/store', '/ctx'));
  });
});
