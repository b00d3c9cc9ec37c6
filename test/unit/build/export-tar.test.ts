import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBody, readTar } from '../../../src/archive/tar';
import { rootfsTar } from '../../../src/build/export-tar';
import type { ContainerdClient } from '../../../src/containerd/client';
import { chainIds } from '../../../src/image/content';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** A client whose view is a bind mount of `root`; records the calls. */
function fakeClient(root: string, calls: string[]): ContainerdClient {
  return {
    leases: { create: async (l: { id: string }) => { calls.push(`lease ${l.id.slice(0, 6)}`); }, delete: async () => { calls.push('unlease'); } },
    snapshots: {
      view: async (_sn: string, key: string, o: { parent: string }) => { calls.push(`view ${o.parent}`); assert.match(key, /^nerdts-build-tar-/); return [{ type: 'bind', source: root, target: '', options: ['ro'] }]; },
      remove: async () => { calls.push('remove'); },
    },
  } as unknown as ContainerdClient;
}

async function entries(source: AsyncIterable<Buffer>): Promise<Array<[string, string]>> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(c);
  const out: Array<[string, string]> = [];
  for await (const e of readTar((async function* () { yield Buffer.concat(chunks); })())) out.push([e.header.name, e.header.type === 'file' ? (await readBody(e)).toString() : e.header.linkname || e.header.type]);
  return out;
}

describe('rootfsTar', () => {
  test('tars the view of the top chain ID (names relative, sorted) and drops view and lease', async () => {
    const root = mkdtempSync(join(tmpdir(), 'export-tar-'));
    try {
      mkdirSync(join(root, 'etc'));
      writeFileSync(join(root, 'etc', 'a.txt'), 'A\n');
      writeFileSync(join(root, 'b.txt'), 'B\n');
      symlinkSync('b.txt', join(root, 'c'));
      const calls: string[] = [];
      const got = await entries(rootfsTar(fakeClient(root, calls), 'overlayfs', [D1, D2]));
      assert.deepEqual(got, [['b.txt', 'B\n'], ['c', 'b.txt'], ['etc/', 'directory'], ['etc/a.txt', 'A\n']]);
      assert.deepEqual(calls, ['lease nerdts', `view ${chainIds([D1, D2])[1]}`, 'remove', 'unlease']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('no layers: an empty archive, no containerd calls', async () => {
    const calls: string[] = [];
    assert.deepEqual(await entries(rootfsTar(fakeClient('/nonexistent', calls), 'overlayfs', [])), []);
    assert.deepEqual(calls, []);
  });
});
