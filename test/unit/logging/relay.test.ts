import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseRelayMessage } from '../../../src/logging/relay';
import { claimRelay, clearStaleLaunch, relayFiles, releaseRelay } from '../../../src/logging/relay-files';

test('parseRelayMessage: the three lines a stub sends, nothing else', () => {
  const cases: Array<[string, unknown]> = [
    ['log\t42\tdefault\tabc\t/var/lib/nerdctl/1935db59\t/run/b/default/abc',
      { kind: 'log', pid: 42, namespace: 'default', id: 'abc', dataStore: '/var/lib/nerdctl/1935db59', bundleDir: '/run/b/default/abc' }],
    ['log\t42\tdefault\tabc\t/data store/with spaces\t/run/b', { kind: 'log', pid: 42, namespace: 'default', id: 'abc', dataStore: '/data store/with spaces', bundleDir: '/run/b' }],
    ['poke\t7', { kind: 'poke', pid: 7 }],
    ['term\t7', { kind: 'term', pid: 7 }],
    ['log\t42\t\tabc\t/d\t/b', undefined],
    ['log\t42\tdefault\tabc\t/d', undefined],
    ['poke\t0', undefined],
    ['poke\t-3', undefined],
    ['poke\tx', undefined],
    ['poke\t7\textra', undefined],
    ['kill\t7', undefined],
    ['', undefined],
  ];
  for (const [line, want] of cases) assert.deepEqual(parseRelayMessage(line), want, JSON.stringify(line));
});

function tempFiles(): ReturnType<typeof relayFiles> {
  return relayFiles(fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-relay-')));
}

// A pid that is not running: a child that has exited and been reaped.
function deadPid(): number {
  return spawnSync('true').pid!;
}

test('claimRelay: one holder; a dead holder\'s record is replaced; release only by the holder', () => {
  const files = tempFiles();
  try {
    assert.equal(claimRelay(files), true);
    assert.match(fs.readFileSync(files.pidFile, 'utf8'), new RegExp(`^${process.pid} \\d+\\n$`));
    assert.equal(claimRelay(files), false, 'a live relay (this process) holds it');
    assert.deepEqual(fs.readdirSync(files.dir), ['relay.pid'], 'no temporary file left');
    assert.equal(releaseRelay(files), true);
    assert.equal(fs.existsSync(files.pidFile), false);
    assert.equal(releaseRelay(files), false);

    fs.writeFileSync(files.pidFile, `${deadPid()} 12345\n`);
    assert.equal(claimRelay(files), true, 'stale record replaced');
    fs.writeFileSync(files.pidFile, '1 0\n');
    assert.equal(releaseRelay(files), false, 'someone else\'s record stays');
    assert.equal(fs.existsSync(files.pidFile), true);
  } finally {
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
});

test('clearStaleLaunch: only an old marker with no relay running goes', () => {
  const files = tempFiles();
  try {
    fs.writeFileSync(files.launch, '');
    const made = fs.statSync(files.launch).mtimeMs;
    clearStaleLaunch(files, made + 1_000);
    assert.equal(fs.existsSync(files.launch), true, 'a fresh marker: the relay is still starting');
    assert.equal(claimRelay(files), true);
    clearStaleLaunch(files, made + 60_000);
    assert.equal(fs.existsSync(files.launch), true, 'a relay runs');
    releaseRelay(files);
    clearStaleLaunch(files, made + 60_000);
    assert.equal(fs.existsSync(files.launch), false, 'stale');
    clearStaleLaunch(files, made + 60_000);
  } finally {
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
});
