import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskStatus } from '../../../src/containerd/types';
import { containerState, processStartMs, statusText } from '../../../src/container/status';
import type { StatusInput } from '../../../src/container/status';

const NOW = 1_700_000_000_000;
const task = (status: TaskStatus, exitStatus = 0, exitedAgoMs?: number): StatusInput['task'] =>
  ({ status, exitStatus, ...(exitedAgoMs !== undefined && { exitedAtMs: NOW - exitedAgoMs }) });

describe('ps status', () => {
  const cases: Array<{ name: string; input: StatusInput; state: string; text: string }> = [
    { name: 'no task', input: {}, state: 'created', text: 'Created' },
    { name: 'task created, not started', input: { task: task(TaskStatus.CREATED) }, state: 'created', text: 'Created' },
    { name: 'running for 3 minutes', input: { task: task(TaskStatus.RUNNING), startedAtMs: NOW - 3 * 60_000 }, state: 'running', text: 'Up 3 minutes' },
    { name: 'just started', input: { task: task(TaskStatus.RUNNING), startedAtMs: NOW - 200 }, state: 'running', text: 'Up Less than a second' },
    { name: 'running, start unknown', input: { task: task(TaskStatus.RUNNING) }, state: 'running', text: 'Up' },
    { name: 'about an hour', input: { task: task(TaskStatus.RUNNING), startedAtMs: NOW - 3_600_000 }, state: 'running', text: 'Up About an hour' },
    { name: 'paused', input: { task: task(TaskStatus.PAUSED), startedAtMs: NOW - 5 * 60_000 }, state: 'paused', text: 'Up 5 minutes (Paused)' },
    { name: 'exited 0', input: { task: task(TaskStatus.STOPPED, 0, 2000) }, state: 'exited', text: 'Exited (0) 2 seconds ago' },
    { name: 'killed', input: { task: task(TaskStatus.STOPPED, 137, 45 * 60_000) }, state: 'exited', text: 'Exited (137) 45 minutes ago' },
    { name: 'exit time unknown', input: { task: task(TaskStatus.STOPPED, 1) }, state: 'exited', text: 'Exited (1)' },
    { name: 'restart monitor will restart', input: { task: task(TaskStatus.STOPPED, 1, 4000), restartStatus: 'running' }, state: 'restarting', text: 'Restarting (1) 4 seconds ago' },
    { name: 'explicitly stopped always container', input: { task: task(TaskStatus.STOPPED, 143, 1000) }, state: 'exited', text: 'Exited (143) 1 second ago' },
    { name: 'unknown', input: { task: task(TaskStatus.UNKNOWN) }, state: 'dead', text: 'Dead' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(containerState(c.input), c.state);
      assert.equal(statusText(c.input, NOW), c.text);
    });
  }

  test('process start time from /proc (ticks since boot placed via uptime)', () => {
    const files: Record<string, string> = {
      // comm with spaces and parentheses; starttime (field 22) = 12345 ticks
      '/proc/42/stat': '42 (my (odd) cmd) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 100',
      '/proc/uptime': '1000.50 900.00\n',
    };
    const read = (p: string): string | undefined => files[p];
    // boot = NOW - 1000.5 s; start = boot + 123.45 s
    assert.equal(processStartMs(42, read, NOW), NOW - 1_000_500 + 123_450);
    assert.equal(processStartMs(0, read, NOW), undefined);
    assert.equal(processStartMs(7, read, NOW), undefined);
  });
});
