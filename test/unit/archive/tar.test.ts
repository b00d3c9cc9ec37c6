import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTar, readBody, writeTar } from '../../../src/archive/tar';
import type { TarMember } from '../../../src/archive/tar';

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of gen) parts.push(c);
  return Buffer.concat(parts);
}

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

test('round trip: files, directories, symlinks, long names, odd chunking', async () => {
  const long = `${'d'.repeat(120)}/${'f'.repeat(130)}.txt`;
  const members: TarMember[] = [
    { header: { name: 'dir/', type: 'directory', mode: 0o750 } },
    { header: { name: 'dir/a.txt', type: 'file', mode: 0o600, uid: 1000, gid: 1000, mtime: 1700000000 }, body: Buffer.from('hello\n') },
    { header: { name: 'dir/link', type: 'symlink', linkname: 'a.txt' } },
    { header: { name: long, type: 'file' }, body: Buffer.alloc(70000, 7) },
    { header: { name: 'empty', type: 'file' }, body: Buffer.alloc(0) },
  ];
  const archive = await collect(writeTar(members));
  for (const size of [1, 7, 512, 4096, 1 << 20]) {
    const seen: Array<[string, string, number]> = [];
    for await (const e of readTar(chunked(archive, size))) {
      const body = await readBody(e);
      seen.push([e.header.name, e.header.type, body.length]);
      if (e.header.name === 'dir/a.txt') {
        assert.equal(body.toString(), 'hello\n');
        assert.equal(e.header.mode, 0o600);
        assert.equal(e.header.uid, 1000);
        assert.equal(e.header.mtime, 1700000000);
      }
      if (e.header.type === 'symlink') assert.equal(e.header.linkname, 'a.txt');
    }
    assert.deepEqual(seen, [['dir/', 'directory', 0], ['dir/a.txt', 'file', 6], ['dir/link', 'symlink', 0], [long, 'file', 70000], ['empty', 'file', 0]]);
  }
});

test('unread bodies are skipped', async () => {
  const archive = await collect(writeTar([
    { header: { name: 'big', type: 'file' }, body: Buffer.alloc(3 << 20, 1) },
    { header: { name: 'small', type: 'file' }, body: Buffer.from('x') },
  ]));
  const names: string[] = [];
  for await (const e of readTar(chunked(archive, 65536))) names.push(e.header.name);
  assert.deepEqual(names, ['big', 'small']);
});

test('reads archives written by GNU tar and GNU tar reads ours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-tar-'));
  try {
    mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'src', 'sub', 'x'.repeat(150)), 'long name');
    writeFileSync(join(dir, 'src', 'f'), 'data');
    symlinkSync('f', join(dir, 'src', 'l'));
    execFileSync('tar', ['-C', join(dir, 'src'), '--format=gnu', '-cf', join(dir, 'gnu.tar'), '.']);
    execFileSync('tar', ['-C', join(dir, 'src'), '--format=pax', '-cf', join(dir, 'pax.tar'), '.']);
    for (const f of ['gnu.tar', 'pax.tar']) {
      const names = new Set<string>();
      for await (const e of readTar(chunked(readFileSync(join(dir, f)), 1000))) names.add(e.header.name.replace(/^\.\//, ''));
      assert.ok(names.has(`sub/${'x'.repeat(150)}`), `${f}: long name`);
      assert.ok(names.has('l') && names.has('f'));
    }
    const ours = await collect(writeTar([{ header: { name: `${'y'.repeat(200)}`, type: 'file' }, body: Buffer.from('z') }]));
    writeFileSync(join(dir, 'ours.tar'), ours);
    assert.equal(execFileSync('tar', ['-tf', join(dir, 'ours.tar')]).toString().trim(), 'y'.repeat(200));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('truncated input is an error', async () => {
  const archive = await collect(writeTar([{ header: { name: 'a', type: 'file' }, body: Buffer.alloc(2000) }]));
  await assert.rejects(async () => {
    for await (const e of readTar(chunked(archive.subarray(0, 1200), 100))) await readBody(e);
  }, /unexpected end/);
});
