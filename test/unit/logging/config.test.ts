import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  binaryLogURI, jsonFileLimits, parseHumanSize, parseLogConfig, parseLogFlags, readLogConfig, writeLogConfig,
} from '../../../src/logging/config';

test('parseLogFlags: json-file by default, options kept as given', () => {
  assert.deepEqual(parseLogFlags(undefined, []), { config: { driver: 'json-file', opts: {} }, uri: undefined, warnings: [] });
  assert.deepEqual(parseLogFlags('json-file', ['max-size=10m', 'max-file=3'], '/run/containerd/containerd.sock'), {
    config: { driver: 'json-file', opts: { 'max-size': '10m', 'max-file': '3' }, address: '/run/containerd/containerd.sock' },
    uri: undefined, warnings: [],
  });
  assert.deepEqual(parseLogFlags('none', []), { config: { driver: 'none' }, uri: undefined, warnings: [] });
  assert.deepEqual(parseLogFlags('binary:///usr/bin/my-logger?x=1', []), { config: undefined, uri: 'binary:///usr/bin/my-logger?x=1', warnings: [] });
  assert.deepEqual(parseLogFlags('json-file', ['tag=web', 'compress=true']).warnings, [
    'log-opt tag is ignored for json-file log driver', 'log-opt compress is ignored for json-file log driver',
  ]);
});

test('parseLogFlags rejects with docker texts', () => {
  const cases: Array<[string | undefined, string[], string]> = [
    ['syslog', [], "logger: no log driver named 'syslog' is registered"],
    ['nope', [], "logger: no log driver named 'nope' is registered"],
    ['none', ['max-size=1m'], 'invalid logging opts for driver none'],
    ['json-file', ['color=red'], "unknown log opt 'color' for json-file log driver"],
    ['json-file', ['max-size=10q'], "invalid size: '10q'"],
    ['json-file', ['max-size'], "invalid size: ''"],
    ['json-file', ['max-size=0'], 'max-size must be a positive number'],
    ['json-file', ['max-file=0'], 'max-file cannot be less than 1'],
    ['json-file', ['max-file=x'], 'strconv.Atoi: parsing "x": invalid syntax'],
    ['json-file', ['log-path=rel/x.log'], "log-path must be an absolute path: 'rel/x.log'"],
  ];
  for (const [driver, opts, message] of cases) {
    assert.throws(() => parseLogFlags(driver, opts), { message, code: 'invalid-argument' }, `${driver} ${opts.join(' ')}`);
  }
});

test('sizes are decimal as go-units FromHumanSize', () => {
  const cases: Array<[string, number | undefined]> = [
    ['10m', 10_000_000], ['10MB', 10_000_000], ['10MiB', 10_000_000], ['1.5k', 1500], ['100', 100],
    ['2 g', 2e9], ['1kb', 1000], ['', undefined], ['m', undefined], ['-1m', undefined], ['1x', undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseHumanSize(text), want, text);
});

test('jsonFileLimits defaults: unlimited size, one file', () => {
  assert.deepEqual(jsonFileLimits(undefined), { maxSize: 0, maxFiles: 1, logPath: undefined });
  assert.deepEqual(jsonFileLimits({ 'max-size': '1k', 'max-file': '5', 'log-path': '/var/log/x.log' }),
    { maxSize: 1000, maxFiles: 5, logPath: '/var/log/x.log' });
});

test('log-config.json: write, read back, accept nerdctl variants', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-logcfg-'));
  try {
    const state = path.join(dir, 'containers', 'default', 'abc');
    fs.mkdirSync(state, { recursive: true });
    assert.equal(readLogConfig(dir, 'default', 'abc'), undefined);
    const config = { driver: 'json-file', opts: { 'max-size': '1m' }, address: '/run/c.sock' };
    writeLogConfig(dir, 'default', 'abc', config);
    assert.deepEqual(readLogConfig(dir, 'default', 'abc'), config);
    assert.equal(fs.statSync(path.join(state, 'log-config.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(state, 'abc-json.log')).size, 0, 'log file created empty');
    assert.deepEqual(parseLogConfig('{"driver":"json-file","opts":{"max-file":"2"},"host":"/a.sock"}', 'x'),
      { driver: 'json-file', opts: { 'max-file': '2' }, address: '/a.sock' });
    assert.throws(() => parseLogConfig('{', '/x/log-config.json'), /failed to load JSON logging config file "\/x\/log-config.json"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('binaryLogURI escapes the data store as Go url.Values does', () => {
  assert.equal(binaryLogURI('/usr/local/bin/nerdts', '/var/lib/nerdctl/1935db59'),
    'binary:///usr/local/bin/nerdts?_NERDCTL_INTERNAL_LOGGING=%2Fvar%2Flib%2Fnerdctl%2F1935db59');
  assert.equal(binaryLogURI('/b', '/a b/c~d'), 'binary:///b?_NERDCTL_INTERNAL_LOGGING=%2Fa+b%2Fc~d');
  assert.throws(() => binaryLogURI('nerdts', '/x'), /absolute/);
});
