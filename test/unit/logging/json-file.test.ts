import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogClock } from '../../../src/logging/clock';
import { JsonFileWriter, rotationRenames } from '../../../src/logging/json-file';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-jsonfile-'));
}

// A clock that advances 1 ms per tick from 2024-01-02T03:04:05Z.
function steppingClock(): LogClock {
  let ns = 0;
  return new LogClock(() => Date.UTC(2024, 0, 2, 3, 4, 5), () => { ns += 1_000_000; return [0, ns]; });
}

function writeLines(w: JsonFileWriter, count: number, prefix = 'line'): void {
  for (let i = 0; i < count; i++) {
    const b = Buffer.from(`${prefix} ${i}\n`);
    w.entry(i % 2 === 0 ? 0 : 1, b, 0, b.length - 1, true);
  }
  w.flush();
}

function logsOf(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).log as string);
}

test('rotationRenames shifts backups oldest first', () => {
  assert.deepEqual(rotationRenames('/l/x.log', 1), []);
  assert.deepEqual(rotationRenames('/l/x.log', 2), [['/l/x.log', '/l/x.log.1']]);
  assert.deepEqual(rotationRenames('/l/x.log', 4), [
    ['/l/x.log.2', '/l/x.log.3'], ['/l/x.log.1', '/l/x.log.2'], ['/l/x.log', '/l/x.log.1'],
  ]);
});

test('appends exact json-file lines to an existing file', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'c-json.log');
    fs.writeFileSync(file, '{"log":"old\\n","stream":"stdout","time":"2020-01-01T00:00:00Z"}\n');
    const w = new JsonFileWriter({ path: file, maxSize: 0, maxFiles: 1, clock: steppingClock() });
    writeLines(w, 2);
    w.close();
    assert.equal(fs.readFileSync(file, 'utf8'),
      '{"log":"old\\n","stream":"stdout","time":"2020-01-01T00:00:00Z"}\n' +
      '{"log":"line 0\\n","stream":"stdout","time":"2024-01-02T03:04:05.001Z"}\n' +
      '{"log":"line 1\\n","stream":"stderr","time":"2024-01-02T03:04:05.002Z"}\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rotates by max-size keeping max-file files, nothing lost in between', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'c-json.log');
    const w = new JsonFileWriter({ path: file, maxSize: 1000, maxFiles: 3, clock: steppingClock() });
    writeLines(w, 200);
    w.close();
    assert.deepEqual(fs.readdirSync(dir).sort(), ['c-json.log', 'c-json.log.1', 'c-json.log.2']);
    const kept = [...logsOf(`${file}.2`), ...logsOf(`${file}.1`), ...logsOf(file)];
    const first = Number(kept[0]!.split(' ')[1]);
    assert.deepEqual(kept, Array.from({ length: 200 - first }, (_, i) => `line ${first + i}\n`));
    for (const f of [`${file}.2`, `${file}.1`]) {
      const size = fs.statSync(f).size;
      // Rotation happens before the entry that would start past max-size: at most one entry over.
      assert.ok(size >= 1000 && size < 1100, `${f}: ${size}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('max-file 1 truncates the live file instead of keeping backups', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'c-json.log');
    const w = new JsonFileWriter({ path: file, maxSize: 500, maxFiles: 1, clock: steppingClock() });
    writeLines(w, 50);
    w.close();
    assert.deepEqual(fs.readdirSync(dir), ['c-json.log']);
    const logs = logsOf(file);
    assert.equal(logs[logs.length - 1], 'line 49\n');
    assert.ok(fs.statSync(file).size < 600);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
