import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNerdtsError } from '../../../src/errors';
import { INSTALL_HINT, startContainerd } from '../../../src/containerd/autostart';
import type { AutostartEffects, AutostartOptions } from '../../../src/containerd/autostart';

const OPTS: AutostartOptions = {
  address: '/run/containerd/containerd.sock', customAddress: false, reason: 'no such socket',
  logPath: '/var/log/nerdts-containerd.log', timeoutMs: 1000, pollMs: 100,
};

interface Script {
  binary?: string | undefined;
  spawnError?: Error;
  /** Probe answers, in order; running past the end fails the test. */
  probes: boolean[];
  /** exited() answers, in order. */
  exits?: boolean[];
}

/** Strict fakes: every effect is recorded, and unexpected use throws. */
function fakes(script: Script) {
  const calls: string[] = [];
  const probes = [...script.probes];
  const exits = [...(script.exits ?? [])];
  const fx: AutostartEffects = {
    findBinary: (name) => { calls.push(`find ${name}`); return script.binary; },
    spawnDetached: (command, args, logPath) => {
      calls.push(`spawn ${[command, ...args].join(' ')} > ${logPath}`);
      if (script.spawnError) throw script.spawnError;
      return {
        pid: 4242,
        exited: () => {
          const v = exits.shift();
          if (v === undefined) throw new Error('unexpected exited()');
          return v;
        },
      };
    },
    probe: async () => {
      calls.push('probe');
      const v = probes.shift();
      if (v === undefined) throw new Error('unexpected probe');
      return v;
    },
    sleep: async (ms) => { calls.push(`sleep ${ms}`); },
    log: (line) => { calls.push(`log ${line}`); },
  };
  return { fx, calls };
}

test('starts containerd detached, waits until it answers, logs one line', async () => {
  const { fx, calls } = fakes({ binary: '/usr/bin/containerd', probes: [false, false, true], exits: [false, false] });
  await startContainerd(OPTS, fx);
  assert.deepEqual(calls, [
    'find containerd',
    'spawn /usr/bin/containerd > /var/log/nerdts-containerd.log',
    'sleep 100', 'probe', 'sleep 100', 'probe', 'sleep 100', 'probe',
    'log nerdts: started containerd (pid 4242), logs in /var/log/nerdts-containerd.log',
  ]);
});

test('a custom address is passed to containerd', async () => {
  const { fx, calls } = fakes({ binary: '/usr/bin/containerd', probes: [true] });
  await startContainerd({ ...OPTS, address: '/tmp/c.sock', customAddress: true }, fx);
  assert.equal(calls[1], 'spawn /usr/bin/containerd --address /tmp/c.sock > /var/log/nerdts-containerd.log');
});

test('containerd not installed: unavailable with the install hint, nothing spawned', async () => {
  const { fx, calls } = fakes({ binary: undefined, probes: [] });
  await assert.rejects(startContainerd(OPTS, fx), (err) => {
    assert.ok(isNerdtsError(err));
    assert.equal(err.code, 'unavailable');
    assert.equal(err.message,
      'cannot connect to containerd at /run/containerd/containerd.sock: no such socket, and containerd is not installed');
    assert.equal(err.hint, INSTALL_HINT);
    return true;
  });
  assert.deepEqual(calls, ['find containerd']);
});

test('spawn failure (e.g. log file not writable) is unavailable', async () => {
  const { fx } = fakes({ binary: '/usr/bin/containerd', spawnError: new Error('EACCES: permission denied'), probes: [] });
  await assert.rejects(startContainerd(OPTS, fx), { code: 'unavailable', message: 'cannot start /usr/bin/containerd: EACCES: permission denied' });
});

test('containerd that exits at once points at its log', async () => {
  const { fx, calls } = fakes({ binary: '/usr/bin/containerd', probes: [false, false], exits: [false, true] });
  await assert.rejects(startContainerd(OPTS, fx), {
    code: 'unavailable', message: 'containerd (pid 4242) exited right after starting', hint: 'see /var/log/nerdts-containerd.log',
  });
  assert.equal(calls.filter((c) => c === 'probe').length, 2);
});

test('containerd that never answers: gives up after the timeout (counted in polls, no clock)', async () => {
  const { fx, calls } = fakes({ binary: '/usr/bin/containerd', probes: Array(10).fill(false), exits: Array(10).fill(false) });
  await assert.rejects(startContainerd(OPTS, fx), {
    code: 'unavailable', message: 'containerd (pid 4242) did not answer at /run/containerd/containerd.sock within 1 s',
  });
  assert.equal(calls.filter((c) => c === 'probe').length, 10);
  assert.ok(!calls.some((c) => c.startsWith('log')));
});
