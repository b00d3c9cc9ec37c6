// The cross-process lock: mutual exclusion across 20 processes, release when the holder dies.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, lockName, withLock } from '../../../src/store/lock';

const LOCK_MODULE = join(__dirname, '../../../src/store/lock.js');

/** Runs `node -e script` and resolves with its stdout. */
function node(script: string, args: string[] = []): { done: Promise<string>; kill: () => void; started: Promise<void> } {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let signalStarted: () => void = () => {};
  const started = new Promise<void>((r) => { signalStarted = r; });
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('held')) signalStarted(); });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
  return { done, kill: () => child.kill('SIGKILL'), started };
}

describe('store lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('lock names are per path and in the abstract namespace', () => {
    assert.equal(lockName('/a/b'), lockName('/a/b/'));
    assert.notEqual(lockName('/a/b'), lockName('/a/c'));
    assert.ok(lockName('/x').startsWith('\0'));
  });

  test('in-process: the second holder waits for the first', async () => {
    const order: string[] = [];
    const first = await acquireLock(join(dir, 'p'));
    const second = withLock(join(dir, 'p'), () => { order.push('second'); });
    order.push('first');
    await first.release();
    await second;
    await first.release(); // idempotent
    assert.deepEqual(order, ['first', 'second']);
  });

  test('20 processes incrementing one counter under the lock lose no update', async () => {
    const counter = join(dir, 'counter');
    writeFileSync(counter, '0');
    const script = `
      const { withLock } = require(${JSON.stringify(LOCK_MODULE)});
      const fs = require('node:fs');
      const file = process.argv[1];
      withLock(file + '.lock', async () => {
        const n = Number(fs.readFileSync(file, 'utf8'));
        await new Promise((r) => setImmediate(r));
        fs.writeFileSync(file, String(n + 1));
      }).then(() => process.stdout.write('ok'));`;
    const outs = await Promise.all(Array.from({ length: 20 }, () => node(script, [counter]).done));
    assert.deepEqual(outs, Array(20).fill('ok'));
    assert.equal(readFileSync(counter, 'utf8'), '20');
  });

  test('a holder killed while holding does not leave the lock stuck', async () => {
    const path = join(dir, 'crash');
    const script = `
      const { acquireLock } = require(${JSON.stringify(LOCK_MODULE)});
      acquireLock(process.argv[1]).then(() => { process.stdout.write('held'); setInterval(() => {}, 1000); });`;
    const holder = node(script, [path]);
    await holder.started;
    const waiting = acquireLock(path, { timeoutMs: 60_000 });
    holder.kill();
    await holder.done;
    await (await waiting).release();
  });

  test('timeout gives deadline-exceeded', async () => {
    const held = await acquireLock(join(dir, 't'));
    await assert.rejects(acquireLock(join(dir, 't'), { timeoutMs: 0 }), { code: 'deadline-exceeded' });
    await held.release();
  });
});
