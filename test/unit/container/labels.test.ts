import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LABELS, checkUserLabels, decodeJson, decodeMounts, decodeStringList, encodeMounts, internalAnnotations, mountsKey, parseLabels,
} from '../../../src/container/labels';
import type { MountPoint } from '../../../src/container/labels';

const bind: MountPoint = { Type: 'bind', Source: '/tmp', Destination: '/app', Mode: 'rprivate,rbind', RW: true, Propagation: 'rprivate' };
const vol: MountPoint = { Type: 'volume', Name: 'v1', Source: '/d/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: false, Propagation: '' };

describe('labels', () => {
  test('keys are nerdctl\'s and containerd\'s', () => {
    assert.equal(LABELS.name, 'nerdctl/name');
    assert.equal(LABELS.restartStatus, 'containerd.io/restart.status');
    assert.equal(LABELS.restartExplicitlyStopped, 'containerd.io/restart.explicitly-stopped');
    assert.equal(LABELS.stopSignal, 'io.containerd.image.config.stop-signal');
    assert.equal(LABELS.composeProject, 'com.docker.compose.project');
    assert.equal(mountsKey(3), 'nerdctl/mounts.3');
  });

  test('mounts: one JSON object per key, in Go field order, Name/Driver omitted when empty', () => {
    const labels = encodeMounts([bind, vol]);
    assert.deepEqual(Object.keys(labels), ['nerdctl/mounts.0', 'nerdctl/mounts.1']);
    assert.equal(labels['nerdctl/mounts.0'],
      '{"Type":"bind","Source":"/tmp","Destination":"/app","Mode":"rprivate,rbind","RW":true,"Propagation":"rprivate"}');
    assert.equal(labels['nerdctl/mounts.1'],
      '{"Type":"volume","Name":"v1","Source":"/d/_data","Destination":"/data","Driver":"local","Mode":"z","RW":false,"Propagation":""}');
    assert.deepEqual(decodeMounts(labels), [bind, vol]);
    assert.deepEqual(encodeMounts([]), {});
  });

  const decodeCases: Array<{ name: string; labels: Record<string, string>; want: MountPoint[] }> = [
    { name: 'none', labels: {}, want: [] },
    { name: 'legacy single key wins', labels: { 'nerdctl/mounts': JSON.stringify([vol]), 'nerdctl/mounts.0': JSON.stringify(bind) }, want: [vol] },
    { name: 'stops at a gap', labels: { 'nerdctl/mounts.0': JSON.stringify(bind), 'nerdctl/mounts.2': JSON.stringify(vol) }, want: [bind] },
    { name: 'malformed chunk skipped', labels: { 'nerdctl/mounts.0': '{oops', 'nerdctl/mounts.1': JSON.stringify(vol) }, want: [vol] },
    { name: 'malformed legacy', labels: { 'nerdctl/mounts': 'nope' }, want: [] },
  ];
  for (const c of decodeCases) test(`decodeMounts: ${c.name}`, () => assert.deepEqual(decodeMounts(c.labels), c.want));

  test('JSON helpers tolerate other tools\' labels', () => {
    assert.deepEqual(decodeJson('{"a":1}'), { a: 1 });
    assert.equal(decodeJson('{'), undefined);
    assert.equal(decodeJson(undefined), undefined);
    assert.deepEqual(decodeStringList({ k: '["a",1,"b"]' }, 'k'), ['a', 'b']);
    assert.deepEqual(decodeStringList({ k: '{}' }, 'k'), []);
    assert.deepEqual(decodeStringList({}, 'k'), []);
  });

  test('internal labels become annotations', () => {
    assert.deepEqual(internalAnnotations({ 'nerdctl/name': 'x', 'a.nerdctl/b': '1', user: 'y', 'containerd.io/restart.status': 'running' }),
      { 'nerdctl/name': 'x', 'a.nerdctl/b': '1' });
  });

  test('user labels: files first, flags win, bare key is empty, nerdctl/ reserved', () => {
    const files = [{ name: 'l.env', text: '# comment\n\n  a=file\nb=2\r\nflag\n' }];
    assert.deepEqual(parseLabels(['a=flag', 'c=x=y'], files), { a: 'flag', b: '2', flag: '', c: 'x=y' });
    assert.throws(() => parseLabels(['=v']), /invalid label/);
    assert.throws(() => checkUserLabels({ 'nerdctl/name': 'x' }), { message: 'internal label "nerdctl/name" must not be specified manually' });
    checkUserLabels({ 'com.example/nerdctl': 'ok' });
  });
});
