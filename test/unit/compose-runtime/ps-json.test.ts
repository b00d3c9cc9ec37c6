// `compose ps --format json`: docker compose's field set and order, Health and ExitCode rules, Publishers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { portPublishers, psRow } from '../../../src/compose/ops/ps';
import type { ProjectEntry } from '../../../src/compose/runtime/project-state';
import type { ContainerRow } from '../../../src/container/list';
import type { HealthFilterValue } from '../../../src/container/health/query';

function entry(state: string, health: HealthFilterValue | undefined, exitStatus?: number): ProjectEntry {
  const row = {
    ID: 'abcdef123456', Image: 'busybox', Command: '"sleep 60"', CreatedAt: '2026-11-23 19:55:01 +0000 UTC', RunningFor: '2 minutes ago',
    Ports: '0.0.0.0:8080->80/tcp', State: state, Status: 'Up 2 minutes', Size: '0B', Names: 'p-web-1', Labels: 'a=b', Mounts: '',
    Networks: 'p_default', LocalVolumes: '0',
  } as ContainerRow;
  const labels = { 'com.docker.compose.project': 'p', 'com.docker.compose.service': 'web' };
  return {
    id: 'abcdef1234567890', name: 'p-web-1', service: 'web', number: 1, hash: '', imageDigest: '', state, oneoff: false, createdMs: 0, labels,
    entry: {
      row, name: 'p-web-1', createdMs: 0, container: { id: 'abcdef1234567890', labels, image: 'docker.io/library/busybox:latest' } as never,
      ...(exitStatus !== undefined && { task: { exitStatus } as never }), ...(health !== undefined && { health }),
    },
  } as ProjectEntry;
}

test('the JSON object has docker compose\'s keys, sorted', () => {
  assert.deepEqual(Object.keys(psRow(entry('running', 'none'))), [
    'Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports',
    'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status',
  ]);
  const row = psRow(entry('running', 'none'));
  assert.equal(row.Project, 'p');
  assert.equal(row.Service, 'web');
  assert.equal(row.ID, 'abcdef123456');
});

describe('Health and ExitCode', () => {
  const cases: Array<[string, HealthFilterValue | undefined, number | undefined, string, number]> = [
    // state, recorded health, task exit status, Health, ExitCode
    ['running', 'healthy', undefined, 'healthy', 0],
    ['running', 'unhealthy', undefined, 'unhealthy', 0],
    ['running', 'starting', undefined, 'starting', 0],
    ['running', 'none', undefined, '', 0],
    ['running', undefined, undefined, '', 0],
    ['exited', 'healthy', 3, '', 3],
    ['created', undefined, 7, '', 0],
  ];
  for (const [state, health, exit, wantHealth, wantExit] of cases) {
    test(`${state} ${health ?? '-'} ${exit ?? '-'}`, () => {
      const row = psRow(entry(state, health, exit));
      assert.equal(row.Health, wantHealth);
      assert.equal(row.ExitCode, wantExit);
    });
  }
});

test('Publishers: published and exposed-only ports, sorted by container port', () => {
  assert.deepEqual(portPublishers([
    { hostIP: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    { hostIP: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
  ], ['80/tcp', '9000/tcp']), [
    { URL: '127.0.0.1', TargetPort: 53, PublishedPort: 5353, Protocol: 'udp' },
    { URL: '0.0.0.0', TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp' },
    { URL: '', TargetPort: 9000, PublishedPort: 0, Protocol: 'tcp' },
  ]);
  assert.deepEqual(portPublishers([], []), []);
});
