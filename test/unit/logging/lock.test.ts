import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { holdLoggerLock, isLoggerAlive, processStart, recordedPid, type ProcReader } from '../../../src/logging/lock';
import { initExited, type InitState } from '../../../src/logging/task-watch';

// /proc/<pid>/stat with a comm holding spaces and parentheses, state and starttime (field 22) as given.
function stat(pid: number, state: string, start: number): string {
  const rest = Array.from({ length: 18 }, (_, i) => String(i + 4));
  return `${pid} (my (odd) name) ${state} ${rest.join(' ')} ${start} 0 0\n`;
}

function fakeProc(files: Record<string, string>, inodes: Record<string, { dev: number; ino: number }> = {}): ProcReader {
  return { readText: (p) => files[p], inode: (p) => inodes[p] };
}

test('processStart reads state and start time after the last parenthesis', () => {
  const proc = fakeProc({ '/proc/42/stat': stat(42, 'S', 777), '/proc/43/stat': stat(43, 'Z', 5) });
  assert.deepEqual(processStart(42, proc), { start: '777', alive: true });
  assert.deepEqual(processStart(43, proc), { start: '5', alive: false });
  assert.equal(processStart(44, proc), undefined);
});

test('isLoggerAlive: nerdts lock files name pid and start time', () => {
  const lock = '/state/logger-lock';
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['running', { [lock]: '42 777\n', '/proc/42/stat': stat(42, 'S', 777) }, true],
    ['pid reused', { [lock]: '42 777\n', '/proc/42/stat': stat(42, 'S', 900) }, false],
    ['zombie', { [lock]: '42 777\n', '/proc/42/stat': stat(42, 'Z', 777) }, false],
    ['gone', { [lock]: '42 777\n' }, false],
    ['no lock file', {}, false],
  ];
  for (const [name, files, want] of cases) {
    assert.equal(isLoggerAlive(lock, fakeProc(files)), want, name);
    // The pid a client pokes for the attach socket: only that very process's.
    assert.equal(recordedPid(lock, fakeProc(files)), want ? 42 : undefined, name);
  }
});

test('isLoggerAlive: nerdctl lock files are checked against /proc/locks', () => {
  const lock = '/state/logger-lock';
  const dev = (0xfd << 8) | 0x01; // 253:1
  const locks = '1: POSIX  ADVISORY  WRITE 10 fd:01:99 0 EOF\n2: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF\n';
  const inode = { [lock]: { dev, ino: 5678 } };
  assert.equal(isLoggerAlive(lock, fakeProc({ [lock]: '', '/proc/locks': locks }, inode)), true);
  assert.equal(isLoggerAlive(lock, fakeProc({ [lock]: '', '/proc/locks': locks }, { [lock]: { dev, ino: 99 } })), false, 'POSIX lock only');
  assert.equal(isLoggerAlive(lock, fakeProc({ [lock]: '', '/proc/locks': '' }, inode)), false);
});

test('holdLoggerLock writes this process and release keeps the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-lock-'));
  try {
    const file = path.join(dir, 'logger-lock');
    const lock = holdLoggerLock(file);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^${process.pid} \\d+\\n$`));
    assert.equal(isLoggerAlive(file), true);
    lock.release();
    lock.release();
    assert.ok(fs.existsSync(file));
    fs.writeFileSync(file, '999999999 1\n');
    assert.equal(isLoggerAlive(file), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('initExited follows init.pid in the bundle directory', () => {
  const files: Record<string, string> = {};
  const proc = fakeProc(files);
  const state: InitState = {};
  assert.equal(initExited('/b', state, proc), false, 'no init.pid yet');
  files['/b/init.pid'] = '42';
  files['/proc/42/stat'] = stat(42, 'S', 100);
  assert.equal(initExited('/b', state, proc), false);
  assert.deepEqual(state, { pid: 42, start: '100' });
  files['/proc/42/stat'] = stat(42, 'Z', 100);
  assert.equal(initExited('/b', state, proc), true, 'zombie');
  files['/proc/42/stat'] = stat(42, 'S', 101);
  assert.equal(initExited('/b', state, proc), true, 'pid reused');
  delete files['/proc/42/stat'];
  assert.equal(initExited('/b', state, proc), true, 'reaped');
  assert.equal(initExited('/b', {}, fakeProc({ '/b/init.pid': '7' })), true, 'already gone when first seen');
});
