// `compose events`: containerd envelopes -> docker compose's container events and their two print forms.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerCreate, ContainerDelete } from '../../../src/containerd/generated/api/events/container';
import { TaskExit, TaskPaused, TaskResumed, TaskStart, TaskOOM } from '../../../src/containerd/generated/api/events/task';
import type { Envelope } from '../../../src/containerd/services/events';
import { eventTypeUrl, packJson, packMessage } from '../../../src/containerd/typeurl';
import { ACTION_TOPICS, ACTION_TYPE_URL } from '../../../src/container/action-events';
import { composeEvent, eventTime, formatEventJson, formatEventText } from '../../../src/compose/runtime/events';
import type { ComposeEvent, EventContainer } from '../../../src/compose/runtime/events';
import { healthTransitions } from '../../../src/compose/runtime/health-events';

const ID = 'c0ffee'.padEnd(64, '0');
const TIME = { seconds: 1_795_000_000, nanos: 123_456_789 };

function envelope(topic: string, name: string, type: Parameters<typeof packMessage>[1], msg: unknown): Envelope {
  return { timestamp: TIME, namespace: 'ns', topic, event: packMessage(eventTypeUrl(name), type, msg as never) };
}

const WEB: EventContainer = {
  image: 'docker.io/library/busybox:latest',
  labels: {
    'com.docker.compose.project': 'p', 'com.docker.compose.service': 'web', 'com.docker.compose.oneoff': 'False',
    'nerdctl/name': 'p-web-1', 'nerdctl/state-dir': '/x', tier: 'front', 'io.containerd.image.config.stop-signal': 'SIGTERM',
    'containerd.io/restart.explicitly-stopped': 'false',
  },
};
const lookup = (c: EventContainer | undefined) => (id: string): EventContainer | undefined => (id === ID ? c : undefined);

describe('envelope -> action', () => {
  const cases: Array<[string, Envelope, string | undefined, Record<string, string>]> = [
    ['create', envelope('/containers/create', 'ContainerCreate', ContainerCreate, { id: ID, image: 'busybox' }), 'create', {}],
    ['start', envelope('/tasks/start', 'TaskStart', TaskStart, { containerId: ID, pid: 42 }), 'start', {}],
    ['die', envelope('/tasks/exit', 'TaskExit', TaskExit, { containerId: ID, id: ID, pid: 42, exitStatus: 137 }), 'die', { exitCode: '137' }],
    ['exec exit is ignored', envelope('/tasks/exit', 'TaskExit', TaskExit, { containerId: ID, id: 'exec1', pid: 43, exitStatus: 0 }), undefined, {}],
    ['pause', envelope('/tasks/paused', 'TaskPaused', TaskPaused, { containerId: ID }), 'pause', {}],
    ['unpause', envelope('/tasks/resumed', 'TaskResumed', TaskResumed, { containerId: ID }), 'unpause', {}],
    ['oom', envelope('/tasks/oom', 'TaskOOM', TaskOOM, { containerId: ID }), 'oom', {}],
    ['destroy', envelope('/containers/delete', 'ContainerDelete', ContainerDelete, { id: ID }), 'destroy', {}],
    ['kill (published by nerdts)', { timestamp: TIME, namespace: 'ns', topic: ACTION_TOPICS.kill, event: packJson(ACTION_TYPE_URL, { containerId: ID, signal: 15 }) }, 'kill', { signal: '15' }],
    ['stop (published by nerdts)', { timestamp: TIME, namespace: 'ns', topic: ACTION_TOPICS.stop, event: packJson(ACTION_TYPE_URL, { containerId: ID }) }, 'stop', {}],
    ['a published action of another shape is ignored', { timestamp: TIME, namespace: 'ns', topic: ACTION_TOPICS.stop, event: packJson('other', {}) }, undefined, {}],
    ['other topics are ignored', { timestamp: TIME, namespace: 'ns', topic: '/images/create' }, undefined, {}],
  ];
  for (const [name, env, action, extra] of cases) {
    test(name, () => {
      const e = composeEvent(env, 'p', [], lookup(WEB));
      assert.equal(e?.action, action);
      if (e) {
        assert.deepEqual(e.attributes, { ...extra, image: 'busybox', name: 'p-web-1', tier: 'front' });
        assert.equal(e.service, 'web');
        assert.equal(e.id, ID);
      }
    });
  }
});

describe('project and service filtering', () => {
  const start = envelope('/tasks/start', 'TaskStart', TaskStart, { containerId: ID, pid: 1 });
  const cases: Array<[string, EventContainer | undefined, string[], boolean]> = [
    ['own project', WEB, [], true],
    ['named service', WEB, ['web'], true],
    ['other service', WEB, ['db'], false],
    ['other project', { ...WEB, labels: { ...WEB.labels, 'com.docker.compose.project': 'q' } }, [], false],
    ['one-off container', { ...WEB, labels: { ...WEB.labels, 'com.docker.compose.oneoff': 'True' } }, [], false],
    ['unknown container', undefined, [], false],
  ];
  for (const [name, c, services, shown] of cases) test(name, () => assert.equal(composeEvent(start, 'p', services, lookup(c)) !== undefined, shown));
});

test('text and JSON forms', () => {
  const e: ComposeEvent = { time: TIME, service: 'web', id: ID, action: 'die', attributes: { name: 'p-web-1', image: 'busybox', exitCode: '0' } };
  assert.equal(formatEventText(e), `${eventTime(TIME)} container die ${ID} (exitCode=0, image=busybox, name=p-web-1)\n\n`);
  assert.match(eventTime(TIME), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.123456$/);
  assert.equal(formatEventJson(e), `{"action":"die","attributes":{"exitCode":"0","image":"busybox","name":"p-web-1"},"id":"${ID}",`
    + `"service":"web","time":"2026-11-18T11:06:40.123456789Z","type":"container"}\n`);
});

describe('health transitions', () => {
  const steps: Array<[Record<string, string>, Array<{ id: string; status: string }>]> = [
    // reading, transitions reported
    [{ a: 'starting', b: 'healthy' }, []], // the first reading is the baseline
    [{ a: 'starting', b: 'healthy' }, []],
    [{ a: 'healthy', b: 'unhealthy' }, [{ id: 'a', status: 'healthy' }, { id: 'b', status: 'unhealthy' }]],
    [{ a: 'healthy', c: 'starting' }, []], // b gone, c new: baseline only
    [{ a: 'healthy', c: 'healthy' }, [{ id: 'c', status: 'healthy' }]],
    [{ a: 'healthy', b: 'healthy' }, []], // b back: a new baseline
  ];
  const last = new Map<string, string>();
  steps.forEach(([reading, want], i) => {
    test(`reading ${i}`, () => assert.deepEqual(healthTransitions(last, new Map(Object.entries(reading))), want));
  });
});
