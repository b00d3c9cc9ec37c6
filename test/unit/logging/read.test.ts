import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLogs, type ReadLogsOptions } from '../../../src/logging/read';
import { findTailStart, openLogSet } from '../../../src/logging/log-files';

const BASE = Date.UTC(2024, 0, 2, 3, 4, 0); // entry i is at BASE + i seconds + i ns

function line(i: number, stream: 'stdout' | 'stderr' = i % 3 === 2 ? 'stderr' : 'stdout', log = `l${i}\n`): string {
  const time = new Date(BASE + i * 1000).toISOString().replace('.000Z', `.${String(i).padStart(9, '0')}Z`);
  return `${JSON.stringify({ log, stream, time })}\n`;
}

function lines(from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += line(i);
  return s;
}

// .2 holds 0..9, .1 holds 10..19, live holds 20..29 (then an unfinished line).
function fixture(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-read-'));
  const file = path.join(dir, 'c-json.log');
  fs.writeFileSync(`${file}.2`, lines(0, 10));
  fs.writeFileSync(`${file}.1`, lines(10, 20));
  fs.writeFileSync(file, lines(20, 30) + '{"log":"unfinish');
  fs.writeFileSync(`${file}.gz`, 'ignored');
  return { dir, file };
}

async function collect(opts: Partial<ReadLogsOptions> & { path: string }): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  await readLogs({
    timestamps: false, follow: false, isRunning: async () => false, loggerAlive: () => false,
    stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, ...opts,
  });
  return { out, err };
}

function expected(from: number, to: number, stream: 'stdout' | 'stderr'): string {
  let s = '';
  for (let i = from; i < to; i++) if ((i % 3 === 2 ? 'stderr' : 'stdout') === stream) s += `l${i}\n`;
  return s;
}

test('reads backups oldest first, then the live file; stdout and stderr apart', async () => {
  const { dir, file } = fixture();
  try {
    const { out, err } = await collect({ path: file });
    assert.equal(out, expected(0, 30, 'stdout'));
    assert.equal(err, expected(0, 30, 'stderr'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--tail counts complete entries from the end, across files', async () => {
  const { dir, file } = fixture();
  try {
    const cases: Array<[number, number]> = [[0, 30], [1, 29], [10, 20], [11, 19], [25, 5], [30, 0], [100, 0]];
    for (const [tail, from] of cases) {
      const { out, err } = await collect({ path: file, tail });
      assert.equal(out, expected(from, 30, 'stdout'), `tail ${tail}`);
      assert.equal(err, expected(from, 30, 'stderr'), `tail ${tail}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--since / --until select by entry time; -t prints 9 fraction digits', async () => {
  const { dir, file } = fixture();
  try {
    const at = (i: number): bigint => BigInt(BASE + i * 1000) * 1_000_000n + BigInt(i);
    let r = await collect({ path: file, since: at(12), until: at(15) });
    assert.equal(r.out, expected(12, 16, 'stdout'));
    assert.equal(r.err, expected(12, 16, 'stderr'));
    // until as a Date has no nanoseconds: entry 13 (at +13 ns) is already past it, and reading stops.
    r = await collect({ path: file, since: at(12) + 1n, until: new Date(BASE + 13 * 1000) });
    assert.equal(r.out + r.err, '');
    r = await collect({ path: file, tail: 2, timestamps: true });
    assert.equal(r.out, '2024-01-02T03:04:28.000000028Z l28\n');
    assert.equal(r.err, '2024-01-02T03:04:29.000000029Z l29\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('findTailStart works across read blocks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-tail-'));
  try {
    const file = path.join(dir, 'big-json.log');
    const long = 'x'.repeat(1000);
    let text = '';
    for (let i = 0; i < 300; i++) text += `${JSON.stringify({ log: `${i} ${long}\n`, stream: 'stdout', time: '2024-01-02T03:04:05Z' })}\n`;
    fs.writeFileSync(file, text);
    const files = openLogSet(file);
    try {
      const start = findTailStart(files, 150);
      assert.equal(start.index, 0);
      assert.equal(text.slice(start.offset).split('\n').filter(Boolean).length, 150);
      assert.match(text.slice(start.offset, start.offset + 20), /^\{"log":"150 x/);
    } finally {
      for (const f of files) fs.closeSync(f.fd);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('follow: prints appended lines and survives rotation, returns once stopped and the logger is gone', async () => {
  const { dir, file } = fixture();
  try {
    let running = true;
    let out = '';
    let err = '';
    // Each time the reader prints, the "container" does the next thing.
    const script = [
      () => fs.appendFileSync(file, '"}\n' + line(30, 'stdout')),
      () => { fs.renameSync(`${file}.1`, `${file}.2`); fs.renameSync(file, `${file}.1`); fs.writeFileSync(file, line(31, 'stdout')); },
      () => fs.appendFileSync(file, line(32, 'stdout')),
      () => { running = false; fs.appendFileSync(file, line(33, 'stdout')); },
    ];
    await readLogs({
      path: file, tail: 1, follow: true, timestamps: false, pollMs: 5,
      isRunning: async () => running, loggerAlive: () => false,
      stdout: (t) => { out += t; script.shift()?.(); }, stderr: (t) => { err += t; script.shift()?.(); },
    });
    // The completed unfinished line has no time: skipped.
    assert.equal(err, 'l29\n');
    assert.equal(out, 'l30\nl31\nl32\nl33\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('follow: waits for the logger to release its lock before the final read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-follow-'));
  try {
    const file = path.join(dir, 'c-json.log');
    fs.writeFileSync(file, line(0, 'stdout'));
    let alive = true;
    let out = '';
    let polls = 0;
    await readLogs({
      path: file, follow: true, timestamps: false, pollMs: 5,
      isRunning: async () => false,
      loggerAlive: () => {
        // The logger writes its last line, then exits.
        if (++polls === 3) { fs.appendFileSync(file, line(1, 'stdout')); alive = false; }
        return alive;
      },
      stdout: (t) => { out += t; }, stderr: () => {},
    });
    assert.equal(out, 'l0\nl1\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('follow: abort signal stops, and until in the past disables following', async () => {
  const { dir, file } = fixture();
  try {
    const ac = new AbortController();
    let out = '';
    await readLogs({
      path: file, tail: 1, follow: true, timestamps: false, pollMs: 5, signal: ac.signal,
      isRunning: async () => true, loggerAlive: () => { ac.abort(); return true; },
      stdout: (t) => { out += t; }, stderr: () => {},
    });
    assert.equal(out, '');
    const r = await collect({ path: file, follow: true, isRunning: async () => true, loggerAlive: () => true, until: new Date(BASE) , tail: 5 });
    assert.equal(r.out + r.err, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing log file reads as empty', async () => {
  const { out, err } = await collect({ path: path.join(os.tmpdir(), 'nerdts-no-such-dir', 'x-json.log') });
  assert.equal(out + err, '');
});
