// The logger process end to end, without containerd: started as the shim starts it (see harness.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLoggerAlive } from '../../../src/logging/lock';
import { readLogs } from '../../../src/logging/read';
import { closeWriter, entries, makeContainer, memoryKiB, startLogger, until, writeAll } from './harness';

function workDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nerdts-logger-${name}-`));
}

function numbered(prefix: string, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += `${prefix} ${i} <&> "quoted"\n`;
  return s;
}

test('10k lines on each stream: exact entries, ready first, exit on EOF, lock released', async () => {
  const work = workDir('basic');
  try {
    const c = makeContainer(work, { driver: 'json-file', opts: {} });
    const logger = startLogger(c, work);
    await logger.ready;
    assert.equal(isLoggerAlive(path.join(c.stateDir, 'logger-lock')), true, 'lock held while running');
    await Promise.all([writeAll(logger.stdout, numbered('out', 10_000)), writeAll(logger.stderr, numbered('err', 10_000))]);
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    assert.equal(await logger.exited, 0, 'ended by EOF');
    assert.equal(isLoggerAlive(path.join(c.stateDir, 'logger-lock')), false, 'lock released');

    const all = entries(c.logPath);
    assert.equal(all.length, 20_000);
    assert.deepEqual(all.filter((e) => e.stream === 'stdout').map((e) => e.log).join(''), numbered('out', 10_000));
    assert.deepEqual(all.filter((e) => e.stream === 'stderr').map((e) => e.log).join(''), numbered('err', 10_000));
    const raw = fs.readFileSync(c.logPath, 'utf8').split('\n')[0]!;
    assert.match(raw, /^\{"log":"(out|err) 0 \\u003c\\u0026\\u003e \\"quoted\\"\\n","stream":"std(out|err)","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"\}$/);
    // Fixed-width fractions compare as strings.
    const fixed = (t: string): string => t.replace(/(\.\d+)?Z$/, (_m, f: string | undefined) => `${(f ?? '.').padEnd(10, '0')}Z`);
    const times = all.map((e) => fixed(e.time));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1]! < times[i]!, `times increase: ${times[i - 1]} then ${times[i]}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('long lines are cut into 16 KiB partial entries; a last line without newline is kept', async () => {
  const work = workDir('long');
  try {
    const c = makeContainer(work, { driver: 'json-file' });
    const logger = startLogger(c, work);
    await logger.ready;
    await writeAll(logger.stdout, `${'x'.repeat(40_000)}\nshort\ntail without newline`);
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    assert.equal(await logger.exited, 0);
    assert.deepEqual(entries(c.logPath).map((e) => [e.log.length, e.log.endsWith('\n')]), [
      [16384, false], [16384, false], [40_000 - 32768 + 1, true], [6, true], [20, false],
    ]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('rotation with a small max-size keeps max-file files of contiguous output', async () => {
  const work = workDir('rotate');
  try {
    const c = makeContainer(work, { driver: 'json-file', opts: { 'max-size': '100k', 'max-file': '3' } });
    const logger = startLogger(c, work);
    await logger.ready;
    await Promise.all([writeAll(logger.stdout, numbered('out', 10_000)), writeAll(logger.stderr, numbered('err', 10_000))]);
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    assert.equal(await logger.exited, 0);
    const names = fs.readdirSync(c.stateDir).filter((n) => n.includes('-json.log')).sort();
    assert.deepEqual(names, [`${c.id}-json.log`, `${c.id}-json.log.1`, `${c.id}-json.log.2`]);
    for (const backup of names.slice(1)) {
      const size = fs.statSync(path.join(c.stateDir, backup)).size;
      assert.ok(size >= 100_000 && size < 100_200, `${backup}: ${size} bytes`);
    }
    const kept = [...entries(`${c.logPath}.2`), ...entries(`${c.logPath}.1`), ...entries(c.logPath)];
    // The kept files are the newest output: per stream, a contiguous run up to the last line (a
    // stream may be absent when all of it was read before the other).
    assert.ok(kept.length > 0);
    for (const stream of ['stdout', 'stderr']) {
      const seq = kept.filter((e) => e.stream === stream).map((e) => Number(e.log.split(' ')[1]));
      if (seq.length === 0) continue;
      assert.equal(seq[seq.length - 1], 9_999, `${stream} ends with the last line`);
      seq.forEach((n, i) => assert.equal(n, seq[0]! + i, `${stream} contiguous`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('driver none drains and writes nothing', async () => {
  const work = workDir('none');
  try {
    const c = makeContainer(work, { driver: 'none' });
    const logger = startLogger(c, work);
    await logger.ready;
    await writeAll(logger.stdout, numbered('out', 50_000));
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    assert.equal(await logger.exited, 0);
    assert.equal(fs.existsSync(c.logPath), false);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('ends when the container init exits although the shim keeps the pipes open', async () => {
  const work = workDir('init');
  const init = spawn('sleep', ['600'], { stdio: 'ignore' });
  try {
    const bundle = path.join(work, 'bundle');
    fs.mkdirSync(bundle);
    fs.writeFileSync(path.join(bundle, 'config.json'), '{}');
    fs.writeFileSync(path.join(bundle, 'init.pid'), String(init.pid));
    const c = makeContainer(work, { driver: 'json-file' });
    const logger = startLogger(c, work, bundle);
    await logger.ready;
    await writeAll(logger.stdout, 'before exit\nunfinished');
    await until(() => entries(c.logPath).length === 1);
    init.kill('SIGKILL');
    assert.equal(await logger.exited, 10, 'ended by init exit');
    assert.deepEqual(entries(c.logPath).map((e) => e.log), ['before exit\n', 'unfinished']);
    logger.stdout.destroy();
    logger.stderr.destroy();
  } finally {
    init.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('SIGTERM with the pipes still open: drains, flushes, exits', async () => {
  const work = workDir('term');
  try {
    const c = makeContainer(work, { driver: 'json-file' });
    const logger = startLogger(c, work);
    await logger.ready;
    await writeAll(logger.stdout, 'one\n');
    await until(() => entries(c.logPath).length === 1);
    await writeAll(logger.stderr, 'two\nthree without newline');
    logger.child.kill('SIGTERM');
    assert.equal(await logger.exited, 11, 'ended by SIGTERM');
    assert.deepEqual(entries(c.logPath).map((e) => `${e.stream}:${e.log}`), ['stdout:one\n', 'stderr:two\n', 'stderr:three without newline']);
    logger.stdout.destroy();
    logger.stderr.destroy();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('readLogs follow ends when the logger exits', async () => {
  const work = workDir('follow');
  try {
    const c = makeContainer(work, { driver: 'json-file', opts: { 'max-size': '50k', 'max-file': '20' } });
    fs.writeFileSync(c.logPath, '');
    const logger = startLogger(c, work);
    await logger.ready;
    let stopped = false;
    let out = '';
    let err = '';
    const reading = readLogs({
      path: c.logPath, follow: true, timestamps: false, isRunning: async () => !stopped,
      stdout: (t) => { out += t; }, stderr: (t) => { err += t; },
    });
    await Promise.all([writeAll(logger.stdout, numbered('out', 2_000)), writeAll(logger.stderr, numbered('err', 2_000))]);
    stopped = true;
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    await reading;
    assert.equal(await logger.exited, 0);
    assert.equal(out, numbered('out', 2_000));
    assert.equal(err, numbered('err', 2_000));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('memory after 20 MB of output with --max-semi-space-size=1 (reported, not asserted)', async (t) => {
  const work = workDir('memory');
  try {
    const c = makeContainer(work, { driver: 'json-file', opts: { 'max-size': '10m', 'max-file': '2' } });
    const logger = startLogger(c, work);
    await logger.ready;
    const idle = memoryKiB(logger.child.pid!);
    const line = `${'payload '.repeat(12)}\n`; // 97 bytes
    const block = line.repeat(1000);
    const started = process.hrtime.bigint();
    for (let written = 0; written < 20 * 1024 * 1024; written += block.length) await writeAll(logger.stdout, block);
    await writeAll(logger.stdout, 'END-MARKER\n');
    await until(() => {
      const fd = fs.openSync(c.logPath, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const tail = Buffer.alloc(Math.min(size, 200));
        fs.readSync(fd, tail, 0, tail.length, size - tail.length);
        return tail.includes('END-MARKER');
      } finally {
        fs.closeSync(fd);
      }
    }, 50);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const after = memoryKiB(logger.child.pid!);
    t.diagnostic(`logger idle: USS ${(idle.uss / 1024).toFixed(1)} MiB, RSS ${(idle.rss / 1024).toFixed(1)} MiB`);
    t.diagnostic(`logger after 20 MiB (${(20 * 1024 / ms * 1000 / 1024).toFixed(1)} MiB/s): USS ${(after.uss / 1024).toFixed(1)} MiB, RSS ${(after.rss / 1024).toFixed(1)} MiB`);
    await Promise.all([closeWriter(logger.stdout), closeWriter(logger.stderr)]);
    assert.equal(await logger.exited, 0);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
