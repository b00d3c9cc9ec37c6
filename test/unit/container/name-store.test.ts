import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NameStore, nameInUse, validateContainerName } from '../../../src/store/name-store';

const STORE_MODULE = join(__dirname, '../../../src/store/name-store.js');
const ID = (n: number): string => n.toString(16).padStart(64, '0');

describe('name store', () => {
  const ds = mkdtempSync(join(tmpdir(), 'nerdts-names-'));
  after(() => rmSync(ds, { recursive: true, force: true }));

  test('names/<ns>/<name> holds the ID', async () => {
    const s = new NameStore(ds, 'ns1');
    await s.acquire('web', ID(1));
    assert.equal(readFileSync(join(ds, 'names', 'ns1', 'web'), 'utf8'), ID(1));
    assert.deepEqual(s.owner('web')?.id, ID(1));
    assert.deepEqual([...s.list()], [['web', ID(1)]]);
    await s.acquire('web', ID(1)); // re-acquire is a no-op
  });

  test('a taken name gives docker\'s conflict error', async () => {
    const s = new NameStore(ds, 'ns2');
    await s.acquire('web', ID(1));
    await assert.rejects(s.acquire('web', ID(2)), {
      code: 'conflict',
      message: `Conflict. The container name "/web" is already in use by container "${ID(1)}". You have to remove (or rename) that container to be able to reuse that name.`,
    });
    assert.equal(nameInUse('x', 'y').code, 'conflict');
  });

  test('reclaim decides about an entry of another ID; an empty entry is always taken', async () => {
    const s = new NameStore(ds, 'ns3');
    await s.acquire('db', ID(1));
    const seen: string[] = [];
    await assert.rejects(s.acquire('db', ID(2), { reclaim: (o) => { seen.push(o.id); return false; } }), { code: 'conflict' });
    await s.acquire('db', ID(2), { reclaim: async () => true });
    assert.equal(s.owner('db')?.id, ID(2));
    assert.deepEqual(seen, [ID(1)]);
    writeFileSync(join(ds, 'names', 'ns3', 'empty'), '');
    await s.acquire('empty', ID(3));
    assert.equal(s.owner('empty')?.id, ID(3));
  });

  test('release only by the owner; rename moves the entry', async () => {
    const s = new NameStore(ds, 'ns4');
    await s.acquire('a1', ID(1));
    assert.equal(await s.release('a1', ID(2)), false);
    assert.equal(s.owner('a1')?.id, ID(1));
    await s.rename('a1', 'b1', ID(1));
    assert.equal(s.owner('a1'), undefined);
    assert.equal(s.owner('b1')?.id, ID(1));
    await s.acquire('c1', ID(2));
    await assert.rejects(s.rename('b1', 'c1', ID(1)), { code: 'conflict' });
    assert.equal(await s.release('b1', ID(1)), true);
    assert.equal(await s.release('b1', ID(1)), false);
    assert.deepEqual(readdirSync(join(ds, 'names', 'ns4')), ['c1']);
  });

  test('docker\'s name rule', () => {
    for (const ok of ['ab', 'web-1', 'a.b_c', '0x']) validateContainerName(ok);
    for (const bad of ['a', '-web', '.x', 'a/b', 'a b', '']) {
      assert.throws(() => validateContainerName(bad), { message: `Invalid container name (${bad}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` });
    }
  });

  test('20 processes racing for one name: exactly one wins', async () => {
    const go = join(ds, 'go');
    const script = `
      const { NameStore } = require(${JSON.stringify(STORE_MODULE)});
      const fs = require('node:fs');
      const [ds, go, id] = process.argv.slice(1);
      const wait = () => fs.existsSync(go) ? Promise.resolve() : new Promise((r) => setTimeout(r, 2)).then(wait);
      wait().then(() => new NameStore(ds, 'race').acquire('contended', id))
        .then(() => process.stdout.write('won ' + id), (e) => process.stdout.write(e.code));`;
    const runs = Array.from({ length: 20 }, (_, i) => new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, ds, go, ID(100 + i)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('error', reject);
      child.on('exit', () => resolve(out));
    }));
    writeFileSync(go, '');
    const outs = await Promise.all(runs);
    const winners = outs.filter((o) => o.startsWith('won '));
    assert.equal(winners.length, 1, outs.join('\n'));
    assert.deepEqual(outs.filter((o) => o === 'conflict').length, 19);
    assert.equal(new NameStore(ds, 'race').owner('contended')?.id, winners[0]!.slice(4));
    assert.ok(!existsSync(join(ds, 'names', 'race', '.contended.tmp')));
    assert.deepEqual(readdirSync(join(ds, 'names', 'race')), ['contended']);
  });
});
