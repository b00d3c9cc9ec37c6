import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock } from '../../../cni/lock';
import type { LockKind } from '../../../cni/lock';
import { acquireFileLock, isOwnerAlive, parseOwner } from '../../../cni/file-lock';
import type { CniError } from '../../../cni/errors';

const scratch = mkdtempSync(join(tmpdir(), 'nerdts-cni-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const tmp = () => mkdtempSync(join(scratch, 'cni-lock-'));
const hasFlock = spawnSync('flock', ['--version']).status === 0;

// Runs `count` acquirers at once; each checks nobody else is inside while it yields.
async function contend(kind: LockKind, path: string, count: number): Promise<number[]> {
  let inside = 0;
  const order: number[] = [];
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    const handle = await acquireLock({ path, kind, timeoutMs: 120_000 });
    inside++;
    assert.equal(inside, 1, 'two holders at once');
    order.push(i);
    await new Promise((r) => setImmediate(r));
    inside--;
    await handle.release();
  }));
  return order;
}

// Child processes that each take the lock `rounds` times and increment a shared counter.
const CHILD = `
const fs = require('fs');
const { acquireLock } = require(process.argv[1]);
const [path, kind, counter, marker, rounds] = process.argv.slice(2);
(async () => {
  for (let i = 0; i < Number(rounds); i++) {
    const h = await acquireLock({ path, kind, timeoutMs: 120000 });
    try { fs.mkdirSync(marker); } catch { console.error('overlap'); process.exit(2); }
    const n = Number(fs.readFileSync(counter, 'utf8'));
    await new Promise((r) => setImmediate(r));
    fs.writeFileSync(counter, String(n + 1));
    fs.rmdirSync(marker);
    await h.release();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

async function contendProcesses(kind: LockKind, children: number, rounds: number): Promise<void> {
  const dir = tmp();
  const counter = join(dir, 'counter');
  writeFileSync(counter, '0');
  const lockModule = join(__dirname, '../../../cni/lock.js');
  const codes = await Promise.all(Array.from({ length: children }, () => new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['-e', CHILD, lockModule, join(dir, 'lock'), kind, counter, join(dir, 'inside'), String(rounds)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', resolve);
  })));
  assert.deepEqual(codes, Array(children).fill(0));
  assert.equal(readFileSync(counter, 'utf8'), String(children * rounds));
}

for (const kind of ['file', 'flock'] as const) {
  describe(`${kind} lock`, { skip: kind === 'flock' && !hasFlock ? 'flock(1) not installed' : false }, () => {
    test('20 concurrent acquirers in one process take turns, first come first served', async () => {
      const order = await contend(kind, join(tmp(), 'lock'), 20);
      assert.deepEqual(order, Array.from({ length: 20 }, (_, i) => i));
    });

    test('5 processes x 20 rounds never overlap', async () => {
      await contendProcesses(kind, 5, 20);
    });

    test('release is idempotent and the lock can be taken again; missing dirs are created', async () => {
      const path = join(tmp(), 'missing', 'dir', 'lock');
      const h = await acquireLock({ path, kind });
      await h.release();
      await h.release();
      await (await acquireLock({ path, kind, timeoutMs: 1000 })).release();
    });
  });
}

describe('file lock ownership', () => {
  test('a lock whose holder died is broken', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const path = join(tmp(), 'lock');
    writeFileSync(path, JSON.stringify({ pid: dead }));
    const h = await acquireFileLock(path, { timeoutMs: 10_000 });
    assert.equal(parseOwner(readFileSync(path, 'utf8'))?.pid, process.pid);
    await h.release();
    assert.equal(existsSync(path), false);
  });

  test('a dead breaker\'s guard is broken too', async () => {
    const path = join(tmp(), 'lock');
    writeFileSync(path, JSON.stringify({ pid: 1, token: 'stale' }));
    writeFileSync(`${path}.break`, JSON.stringify({ pid: 1, token: 'guard' }));
    const alive = (o: { token?: string }) => o.token !== 'stale' && o.token !== 'guard';
    const h = await acquireFileLock(path, { timeoutMs: 10_000, isOwnerAlive: alive });
    await h.release();
    assert.equal(existsSync(`${path}.break`), false);
  });

  test('a live holder makes us time out, naming it', async () => {
    const path = join(tmp(), 'lock');
    writeFileSync(path, JSON.stringify({ pid: 1 }));
    await assert.rejects(acquireFileLock(path, { timeoutMs: 30 }), (err: CniError) => err.kind === 'lock-timeout' && /held by pid 1/.test(err.message));
    writeFileSync(path, 'not ours');
    await assert.rejects(acquireFileLock(path, { timeoutMs: 30 }), /held by an unknown holder/);
    assert.equal(readFileSync(path, 'utf8'), 'not ours', 'a foreign file is never removed');
  });

  test('liveness: same boot, pid present, same start time', () => {
    assert.equal(isOwnerAlive({ pid: process.pid }), true);
    assert.equal(isOwnerAlive({ pid: process.pid, start: '1' }), false, 'pid reused by another process');
    assert.equal(isOwnerAlive({ pid: process.pid, boot: 'another-boot' }), false);
    assert.equal(isOwnerAlive({ pid: spawnSync(process.execPath, ['-e', '']).pid! }), false);
  });

  test('a waiter in this process times out behind a holder that keeps the lock', async () => {
    const path = join(tmp(), 'lock');
    const h = await acquireFileLock(path);
    await assert.rejects(acquireFileLock(path, { timeoutMs: 20 }), (err: CniError) => err.kind === 'lock-timeout');
    await h.release();
    await (await acquireFileLock(path, { timeoutMs: 1000 })).release();
  });
});

describe('flock interop', { skip: hasFlock ? false : 'flock(1) not installed' }, () => {
  test('our flock excludes flock(1) users (nerdctl takes the same kind of lock)', async () => {
    const path = join(tmp(), '.cni-concurrency.lock');
    const h = await acquireLock({ path, kind: 'flock' });
    assert.equal(spawnSync('flock', ['-n', path, 'true']).status, 1, 'held');
    await h.release();
    assert.equal(spawnSync('flock', ['-n', path, 'true']).status, 0, 'released');
  });

  test('a lock held by another process makes us time out', async () => {
    const path = join(tmp(), 'lock');
    // The shell itself holds the descriptor (then becomes sleep), so killing it frees the lock.
    const holder = spawn('sh', ['-c', 'exec 9>"$0"; flock -x 9; echo ready; exec sleep 60', path], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((resolve) => holder.stdout.once('data', resolve));
      await assert.rejects(acquireLock({ path, kind: 'flock', timeoutMs: 50 }), (err: CniError) => err.kind === 'lock-timeout');
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
