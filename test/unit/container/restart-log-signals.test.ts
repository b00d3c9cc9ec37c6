import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRestartPolicy, parseRestartPolicy, restartLabels, restartPolicyFromLabels } from '../../../src/container/restart';
import { loggerUri, loggingLabels, resolveLogging } from '../../../src/container/log-config';
import { parseSignal, signalName } from '../../../src/container/signals';
import { defaultContainerName, shortId } from '../../../src/container/id';
import { addressHash, dataStorePath } from '../../../src/store/data-store';

describe('restart policy', () => {
  const ok: Array<[string | undefined, string, number]> = [
    [undefined, 'no', 0], ['', 'no', 0], ['no', 'no', 0], ['always', 'always', 0],
    ['on-failure', 'on-failure', 0], ['on-failure:3', 'on-failure', 3], ['unless-stopped', 'unless-stopped', 0],
  ];
  for (const [v, name, n] of ok) test(`${v}`, () => assert.deepEqual(parseRestartPolicy(v), { name, maxRetries: n }));
  const bad: Array<[string, RegExp]> = [
    ['sometimes', /unknown policy 'sometimes'/], ['always:3', /can only be used with 'on-failure'/],
    ['on-failure:x', /must be an integer/], [':3', /no policy provided before colon/], ['on-failure:-1', /cannot be negative/],
  ];
  for (const [v, err] of bad) test(`${v} is refused`, () => assert.throws(() => parseRestartPolicy(v), err));

  test('labels: policy and log URI; none for "no"; no status label at create', () => {
    assert.deepEqual(restartLabels(parseRestartPolicy('on-failure:2'), 'binary:///x'),
      { 'containerd.io/restart.policy': 'on-failure:2', 'containerd.io/restart.loguri': 'binary:///x' });
    assert.deepEqual(restartLabels(parseRestartPolicy('always'), 'none'), { 'containerd.io/restart.policy': 'always' });
    assert.deepEqual(restartLabels(parseRestartPolicy('no'), 'x'), {});
    assert.equal(formatRestartPolicy({ name: 'always', maxRetries: 0 }), 'always');
    assert.deepEqual(restartPolicyFromLabels({ 'containerd.io/restart.policy': 'garbage' }), { name: 'no', maxRetries: 0 });
  });
});

describe('logging', () => {
  const base = { address: '/run/containerd/containerd.sock', dataStore: '/var/lib/nerdctl/1935db59', launcher: '/usr/local/bin/nerdts' };
  test('json-file by default: nerdctl\'s binary URI and config', () => {
    const l = resolveLogging(base);
    assert.equal(l.uri, 'binary:///usr/local/bin/nerdts?_NERDCTL_INTERNAL_LOGGING=%2Fvar%2Flib%2Fnerdctl%2F1935db59');
    assert.deepEqual(l.config, { driver: 'json-file', address: base.address });
    assert.deepEqual(loggingLabels(l), {
      'nerdctl/log-uri': l.uri, 'nerdctl/log-config': '{"driver":"json-file","address":"/run/containerd/containerd.sock"}',
    });
  });
  test('none: no logger, nerdctl\'s empty config label', () => {
    const l = resolveLogging({ ...base, driver: 'none' });
    assert.deepEqual(l, { uri: 'none' });
    assert.equal(loggingLabels(l)['nerdctl/log-config'], '{"driver":"","address":""}');
  });
  test('a URI is used as is', () => {
    assert.deepEqual(resolveLogging({ ...base, driver: 'binary:///usr/bin/my-logger' }), { uri: 'binary:///usr/bin/my-logger' });
  });
  test('options: validated for json-file, max-file needs max-size', () => {
    assert.deepEqual(resolveLogging({ ...base, opts: ['max-size=10m', 'max-file=3'] }).config?.opts, { 'max-size': '10m', 'max-file': '3' });
    assert.deepEqual(resolveLogging({ ...base, opts: ['max-file=3'] }).config?.opts, undefined);
    assert.throws(() => resolveLogging({ ...base, opts: ['colour=red'] }), { message: "unknown log opt 'colour' for json-file log driver" });
    assert.throws(() => resolveLogging({ ...base, opts: ['max-size=lots'] }), /max-size/);
    assert.throws(() => resolveLogging({ ...base, driver: 'splunk' }), { message: 'unknown logging driver "splunk"' });
    assert.equal(loggerUri('/opt/my dir/nerdts', '/d'), 'binary:///opt/my%20dir/nerdts?_NERDCTL_INTERNAL_LOGGING=%2Fd');
  });
});

describe('signals, IDs, data store', () => {
  const sigs: Array<[string, number]> = [['SIGTERM', 15], ['TERM', 15], ['sigkill', 9], ['9', 9], ['SIGRTMIN+3', 37], ['RTMAX-1', 63], ['SIGUSR1', 10]];
  for (const [s, n] of sigs) test(`signal ${s}`, () => assert.equal(parseSignal(s), n));
  test('bad signals', () => {
    for (const s of ['SIGFOO', '0', '65', 'RTMIN+40', '']) assert.throws(() => parseSignal(s), { message: `Invalid signal: ${s}` });
    assert.equal(signalName(15), 'SIGTERM');
  });
  test('default names and short IDs', () => {
    const id = 'abcdef0123456789'.repeat(4);
    assert.equal(defaultContainerName('docker.io/library/alpine:latest', id), 'alpine-abcde');
    assert.equal(defaultContainerName('127.0.0.1:5000/team/app:v1', id), 'app-abcde');
    assert.equal(defaultContainerName('Not A Reference', id), 'untitled-abcde');
    assert.equal(shortId(id), 'abcdef012345');
  });
  test('data store hash is nerdctl\'s', () => {
    const same = (p: string): string => p;
    assert.equal(addressHash('/run/containerd/containerd.sock', same), '1935db59');
    assert.equal(addressHash('unix:///run/containerd/containerd.sock', same), '1935db59');
    assert.equal(addressHash('/link.sock', () => '/run/containerd/containerd.sock'), '1935db59');
    assert.equal(addressHash('/missing.sock', () => { throw new Error('ENOENT'); }), addressHash('/missing.sock', same));
    assert.equal(dataStorePath({ dataRoot: '/var/lib/nerdctl', address: '/run/containerd/containerd.sock' }, same), '/var/lib/nerdctl/1935db59');
  });
});
