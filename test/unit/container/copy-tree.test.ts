// Tree copies and tar round trips on a scratch directory (chown needs root: skipped otherwise).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar, writeTar } from '../../../src/archive/tar';
import { copyContents, copyEntry, extractTar, treeMembers } from '../../../src/container/copy/tree';
import { resolveInRoot } from '../../../src/container/rootfs';

const skip = process.getuid?.() !== 0 ? 'needs root for chown' : false;

describe('cp tree copies', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-cp-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'sub/f'), 'data');
  chownSync(join(src, 'sub/f'), 1000, 1001);
  symlinkSync('/etc/passwd', join(src, 'link'));

  test('copyEntry keeps or replaces owners and copies symlinks as links', () => {
    copyEntry(src, join(dir, 'kept'), 'keep');
    assert.equal(lstatSync(join(dir, 'kept/sub/f')).uid, 1000);
    assert.equal(readlinkSync(join(dir, 'kept/link')), '/etc/passwd');
    copyEntry(src, join(dir, 'rooted'), { uid: 0, gid: 0 });
    assert.equal(lstatSync(join(dir, 'rooted/sub/f')).gid, 0);
  });

  test('an existing symlink in the destination is replaced, never followed', () => {
    const victim = join(dir, 'victim');
    mkdirSync(victim);
    mkdirSync(join(dir, 'dst'));
    symlinkSync(victim, join(dir, 'dst/sub'));
    copyContents(src, join(dir, 'dst'), 'keep');
    assert.ok(lstatSync(join(dir, 'dst/sub')).isDirectory());
    assert.deepEqual(readFileSync(join(dir, 'dst/sub/f'), 'utf8'), 'data');
    assert.throws(() => lstatSync(join(victim, 'f')));
  });

  test('tar out and back in', async () => {
    const chunks: Buffer[] = [];
    for await (const c of writeTar(treeMembers(src, 'src'))) chunks.push(c);
    const root = join(dir, 'root');
    mkdirSync(join(root, 'in'), { recursive: true });
    async function* once(): AsyncGenerator<Buffer> { yield Buffer.concat(chunks); }
    await extractTar(readTar(once()), '/in', (p) => resolveInRoot(root, p), 'keep');
    assert.equal(readFileSync(join(root, 'in/src/sub/f'), 'utf8'), 'data');
    assert.equal(lstatSync(join(root, 'in/src/sub/f')).uid, 1000);
    assert.equal(readlinkSync(join(root, 'in/src/link')), '/etc/passwd');
  });
});
