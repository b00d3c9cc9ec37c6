import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskStatus } from '../../../src/containerd/types';
import { containerRow } from '../../../src/container/list';
import type { ContainerRow } from '../../../src/container/list';
import { renderContainers } from '../../../src/container/ops/ps';
import { bootTimeMs, processStartAfterBoot, processStartMs } from '../../../src/container/status';

const NOW = Date.UTC(2024, 0, 2, 3, 10, 0);

function entry(i: number, labels: Record<string, string> = {}): Parameters<typeof containerRow>[0] {
  const id = `${i}`.repeat(64).slice(0, 64);
  return {
    container: {
      id, image: i % 2 ? 'docker.io/library/nginx:1.25' : '127.0.0.1:5000/busybox:latest',
      labels: { 'nerdctl/name': `web${i}`, 'nerdctl/networks': '["bridge"]', 'nerdts/command': i % 3 ? 'sleep 3600' : 'sh -c "echo 日本語\tok"', ...labels },
      spec: undefined, snapshotter: 'overlayfs', snapshotKey: id, extensions: {},
    } as never,
    name: `web${i}`, createdMs: NOW - i * 90_000, startedMs: NOW - i * 60_000,
    task: { containerId: '', id, pid: 4, status: TaskStatus.RUNNING, stdin: '', stdout: '', stderr: '', terminal: false, exitStatus: 0 },
    ports: i === 2 ? '0.0.0.0:8080->80/tcp' : '',
  };
}

const rows = (lean: boolean): ContainerRow[] => [1, 2, 3, 12].map((i) => containerRow(entry(i), NOW, true, i === 3 ? '1.2kB (virtual 5MB)' : '0B', lean));

// The default table written as a custom format goes through the template engine.
const TEMPLATE = 'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}';

describe('ps rendering without the template engine', () => {
  test('the default table is what the template engine makes of it', () => {
    assert.equal(renderContainers(rows(true), { quiet: false }), renderContainers(rows(false), { quiet: false, format: TEMPLATE }));
    assert.equal(renderContainers(rows(true), { quiet: false, format: 'table' }), renderContainers(rows(false), { quiet: false, format: TEMPLATE }));
    assert.equal(renderContainers(rows(true), { quiet: false, size: true }),
      renderContainers(rows(false), { quiet: false, format: `${TEMPLATE}\\t{{.Size}}` }));
    assert.equal(renderContainers([], { quiet: false }), renderContainers([], { quiet: false, format: TEMPLATE }));
  });

  test('-q prints IDs, whatever the format', () => {
    assert.equal(renderContainers(rows(true), { quiet: true, format: '{{.Names}}' }), renderContainers(rows(false), { quiet: false, format: '{{.ID}}' }));
    assert.equal(renderContainers([], { quiet: true }), '');
  });

  test('lean rows leave only the custom-format columns empty', () => {
    const [full, lean] = [rows(false)[0]!, rows(true)[0]!];
    assert.deepEqual(Object.keys(lean), Object.keys(full));
    assert.deepEqual({ ...lean, CreatedAt: '', Labels: '', Mounts: '', Networks: '', LocalVolumes: '' }, lean);
    assert.deepEqual({ ...full, CreatedAt: '', Labels: '', Mounts: '', Networks: '', LocalVolumes: '' }, lean);
    assert.equal(full.Networks, 'bridge');
  });
});

describe('process start times', () => {
  const files: Record<string, string> = {
    '/proc/42/stat': '42 (sleep) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 100',
    '/proc/uptime': '1000.50 900.00\n',
  };
  const read = (p: string): string | undefined => files[p];

  test('one boot time serves every process', () => {
    const boot = bootTimeMs(read, NOW)!;
    assert.equal(boot, NOW - 1_000_500);
    assert.equal(processStartAfterBoot(42, read, boot), processStartMs(42, read, NOW));
    assert.equal(processStartAfterBoot(7, read, boot), undefined);
    assert.equal(processStartAfterBoot(0, read, boot), undefined);
    assert.equal(bootTimeMs(() => undefined, NOW), undefined);
  });
});
