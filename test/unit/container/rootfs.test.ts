import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyTree, openRootfs, readRootfsFile, resolveInRoot } from '../../../src/container/rootfs';
import type { MountRunner } from '../../../src/container/rootfs';
import { seedVolume } from '../../../src/container/mounts';
import { Rollback } from '../../../src/container/rollback';

function recordingRunner(): MountRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    mount: async (type, source, _target, options) => { calls.push(`mount ${type} ${source} ${options.join(',')}`); },
    unmount: async () => { calls.push('umount'); },
  };
}

describe('rootfs access', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-rootfs-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'usr/lib'), { recursive: true });
  writeFileSync(join(root, 'usr/lib/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  symlinkSync('/usr/lib/passwd', join(root, 'etc/passwd'));
  symlinkSync('../../../../../../etc/shadow', join(root, 'etc/escape'));
  symlinkSync('loop2', join(root, 'loop1'));
  symlinkSync('loop1', join(root, 'loop2'));

  test('symlinks resolve inside the root, never outside', () => {
    assert.equal(resolveInRoot(root, '/etc/passwd'), join(root, 'usr/lib/passwd'));
    assert.equal(resolveInRoot(root, '/etc/escape'), join(root, 'etc/shadow'));
    assert.equal(resolveInRoot(root, '../../x'), join(root, 'x'));
    assert.equal(readRootfsFile(root, '/etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
    assert.equal(readRootfsFile(root, '/etc/group'), undefined);
    assert.throws(() => resolveInRoot(root, '/loop1'), /too many symlinks/);
  });

  test('a bind mount or a single layer is read in place; several layers are mounted read-only', async () => {
    const runner = recordingRunner();
    const bind = await openRootfs([{ type: 'bind', source: root, target: '', options: ['rbind', 'rw'] }], runner);
    assert.equal(bind.root, root);
    const upper = join(dir, 'upper');
    mkdirSync(upper);
    const overlay = (lower: string): { type: string; source: string; target: string; options: string[] } =>
      ({ type: 'overlay', source: 'overlay', target: '', options: ['index=off', `workdir=${dir}/work`, `upperdir=${upper}`, `lowerdir=${lower}`] });
    const one = await openRootfs([overlay('/l1')], runner);
    assert.equal(one.root, '/l1');
    const two = await openRootfs([overlay('/l1:/l2')], runner, dir);
    assert.ok(two.root.startsWith(join(dir, 'nerdts-rootfs-')));
    await two.release();
    await two.release();
    assert.deepEqual(runner.calls, ['mount overlay overlay ro,index=off,lowerdir=/l1:/l2', 'umount']);
    assert.throws(() => statSync(two.root));
  });

  test('copy-up keeps modes, owners and symlinks and only fills empty volumes', () => {
    const src = join(root, 'data');
    mkdirSync(join(src, 'sub'), { recursive: true, mode: 0o750 });
    writeFileSync(join(src, 'sub/f'), 'x', { mode: 0o640 });
    symlinkSync('sub/f', join(src, 'link'));
    const vol = join(dir, 'vol');
    mkdirSync(vol);
    seedVolume(root, '/data', vol);
    assert.equal(readFileSync(join(vol, 'sub/f'), 'utf8'), 'x');
    assert.equal(statSync(join(vol, 'sub/f')).mode & 0o777, 0o640);
    assert.equal(statSync(join(vol, 'sub')).mode & 0o777, 0o750);
    assert.equal(readlinkSync(join(vol, 'link')), 'sub/f');
    assert.ok(lstatSync(join(vol, 'link')).isSymbolicLink());
    writeFileSync(join(src, 'new'), 'y');
    seedVolume(root, '/data', vol);
    assert.throws(() => statSync(join(vol, 'new')));
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    seedVolume(root, '/nothing-here', empty);
    assert.throws(() => copyTree(join(root, 'no-such-dir-either'), empty), /ENOENT/);
  });
});

describe('rollback', () => {
  test('undoes newest first, keeps going past failures, reports them', async () => {
    const done: string[] = [];
    const r = new Rollback();
    r.add('a', () => { done.push('a'); });
    r.add('b', () => { throw new Error('boom'); });
    r.add('c', async () => { done.push('c'); });
    assert.deepEqual(await r.run(), ['b: boom']);
    assert.deepEqual(done, ['c', 'a']);
    assert.deepEqual(await r.run(), []);
  });

  test('commit forgets the steps', async () => {
    const r = new Rollback();
    r.add('x', () => assert.fail('must not run'));
    r.commit();
    assert.deepEqual(await r.run(), []);
  });
});
