import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LABELS } from '../../../src/container/labels';
import { formatRestartPolicy, parseRestartPolicy } from '../../../src/container/restart';
import { decideOnExit } from '../../../src/container/restart-exit';
import { restartPolicyLabels } from '../../../src/container/restart-update';

describe('restart policy parsing', () => {
  const good: Array<[string | undefined, string, number]> = [
    [undefined, 'no', 0], ['', 'no', 0], ['no', 'no', 0], ['always', 'always', 0], ['unless-stopped', 'unless-stopped', 0],
    ['on-failure', 'on-failure', 0], ['on-failure:3', 'on-failure', 3], ['on-failure:0', 'on-failure', 0],
  ];
  for (const [value, name, max] of good) {
    test(`${value ?? '(unset)'}`, () => assert.deepEqual(parseRestartPolicy(value), { name, maxRetries: max }));
  }
  const bad: Array<[string, RegExp]> = [
    ['sometimes', /unknown policy 'sometimes'/], ['always:2', /can only be used with 'on-failure'/],
    ['on-failure:x', /must be an integer/], ['on-failure:-1', /cannot be negative/], [':1', /no policy provided before colon/],
  ];
  for (const [value, re] of bad) test(`rejects ${value}`, () => assert.throws(() => parseRestartPolicy(value), re));
  test('label format', () => assert.equal(formatRestartPolicy({ name: 'on-failure', maxRetries: 2 }), 'on-failure:2'));
});

const L = LABELS;

describe('decision at a container exit (docker semantics over containerd 1.6)', () => {
  const cases: Array<{ name: string; labels: Record<string, string>; exit: number; want: ReturnType<typeof decideOnExit> }> = [
    { name: 'no policy', labels: {}, exit: 1, want: undefined },
    { name: 'always counts', labels: { [L.restartPolicy]: 'always', [L.restartStatus]: 'running', [L.restartCount]: '2' }, exit: 0,
      want: { set: { [L.restartCount]: '3' }, remove: [] } },
    { name: 'always, explicitly stopped', labels: { [L.restartPolicy]: 'always', [L.restartExplicitlyStopped]: 'true' }, exit: 137, want: undefined },
    { name: 'unless-stopped without status (stopped)', labels: { [L.restartPolicy]: 'unless-stopped' }, exit: 0, want: undefined },
    { name: 'on-failure, exit 0 stays down', labels: { [L.restartPolicy]: 'on-failure:2' }, exit: 0, want: undefined },
    { name: 'on-failure, exit 0 after a restart clears the status', labels: { [L.restartPolicy]: 'on-failure', [L.restartStatus]: 'running' }, exit: 0,
      want: { set: {}, remove: [L.restartStatus] } },
    { name: 'on-failure retries', labels: { [L.restartPolicy]: 'on-failure:2', [L.restartCount]: '1' }, exit: 1,
      want: { set: { [L.restartCount]: '2', [L.restartStatus]: 'running' }, remove: [] } },
    { name: 'on-failure budget spent', labels: { [L.restartPolicy]: 'on-failure:2', [L.restartCount]: '2', [L.restartStatus]: 'running' }, exit: 1,
      want: { set: {}, remove: [L.restartStatus] } },
    { name: 'on-failure without a maximum', labels: { [L.restartPolicy]: 'on-failure', [L.restartCount]: '40' }, exit: 2,
      want: { set: { [L.restartCount]: '41', [L.restartStatus]: 'running' }, remove: [] } },
    { name: 'on-failure, stopped by the user', labels: { [L.restartPolicy]: 'on-failure', [L.restartExplicitlyStopped]: 'true' }, exit: 143, want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(decideOnExit(c.labels, c.exit), c.want));
});

describe('update --restart labels', () => {
  const base = { [L.logUri]: 'binary:///x?a=b' };
  test('always on a running container', () => {
    assert.deepEqual(restartPolicyLabels(base, { name: 'always', maxRetries: 0 }, true),
      { set: { [L.restartPolicy]: 'always', [L.restartLogUri]: 'binary:///x?a=b', [L.restartStatus]: 'running' }, remove: [] });
  });
  test('always on a stopped container sets no status', () => {
    assert.equal(restartPolicyLabels(base, { name: 'always', maxRetries: 0 }, false).set[L.restartStatus], undefined);
  });
  test('on-failure drops the status label', () => {
    const r = restartPolicyLabels({ ...base, [L.restartStatus]: 'running' }, { name: 'on-failure', maxRetries: 1 }, true);
    assert.deepEqual(r.remove, [L.restartStatus]);
    assert.equal(r.set[L.restartPolicy], 'on-failure:1');
  });
  test('no removes every restart label present', () => {
    const labels = { ...base, [L.restartPolicy]: 'always', [L.restartStatus]: 'running', [L.restartLogUri]: 'x' };
    assert.deepEqual(restartPolicyLabels(labels, { name: 'no', maxRetries: 0 }, true),
      { set: {}, remove: [L.restartPolicy, L.restartStatus, L.restartLogUri] });
  });
});
