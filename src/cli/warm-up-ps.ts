// Warm-up of `ps` for the start-up snapshot: lists a handful of nerdts-like containers (labels,
// spec, tasks) from an in-memory containerd and renders them, so Container/Process decoding, row
// building, STATUS/PORTS text and the table renderer are compiled in the blob, not on every `ps`.
// Then the whole command line once more, through dispatch and a real unix socket: what only a real
// `ps` runs (argument handling, global options, node:net's connect and read paths, the host's /proc
// reads) would otherwise be compiled from source on every run.
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import { ContainerdClient } from '../containerd/client';
import { Container, ListContainersResponse } from '../containerd/generated/api/services/containers/v1/containers';
import { ListTasksResponse } from '../containerd/generated/api/services/tasks/v1/tasks';
import { Process, Status } from '../containerd/generated/api/types/task/task';
import { withDefaults } from '../containerd/rpc';
import { connect } from '../containerd/transport/client';
import { FrameType, buildFrame, windowUpdateFrame } from '../containerd/transport/frame';
import { TYPE_URL } from '../containerd/typeurl';
import { commandLabel } from '../container/command-label';
import { LABELS, encodeMounts } from '../container/labels';
import { listContainers } from '../container/list';
import type { ListHost } from '../container/list';
import { renderContainers } from '../container/ops/ps';
import { processStartMs } from '../container/status';
import { loadChunk } from './chunks';
import type { CommandIO } from './command';
import { dispatch } from './dispatch';
import { processIO, writeAll } from './io';
import { warmUpSocket } from './warm-up-server';
import type { WarmUpHandler } from './warm-up-server';

const NOW = 1_700_000_600_000;
// Nothing is read from disk: state dirs point nowhere, /proc answers come from here.
const STATE_ROOT = '/nonexistent/nerdts-warm-up';

const globals: GlobalOptions = {
  address: 'warm-up', namespace: 'warm-up', snapshotter: 'overlayfs', dataRoot: STATE_ROOT, cniPath: '', cniNetconfPath: '',
  hostsDir: [], insecureRegistry: [], debug: false, cgroupManager: 'cgroupfs', autostartContainerd: false, configPath: '',
};

function labelsOf(i: number, args: string[]): Record<string, string> {
  const labels: Record<string, string> = {
    [LABELS.namespace]: 'warm-up', [LABELS.name]: `web${i}`, [LABELS.stateDir]: `${STATE_ROOT}/${i}`,
    [LABELS.platform]: 'linux/amd64', [LABELS.autoRemove]: 'false', [LABELS.networks]: '["bridge"]',
    [LABELS.hostConfig]: '{"BlkioWeight":0,"CidFile":"","Devices":null}', [LABELS.stopSignal]: 'SIGTERM',
    [LABELS.hostname]: `c0ffee00${i}`, [LABELS.extraHosts]: '[]', [LABELS.logUri]: `binary:///usr/bin/nerdts?_NERDCTL_INTERNAL_LOGGING=${STATE_ROOT}`,
    [LABELS.logConfig]: '{"driver":"json-file","opts":{},"address":"/run/containerd/containerd.sock"}',
    [LABELS.dns]: '{"DNSServers":null,"DNSResolvConfOptions":null,"DNSSearchDomains":null}',
    [LABELS.restartExplicitlyStopped]: 'false', 'org.opencontainers.image.title': `web${i}`,
    ...encodeMounts(i % 2 ? [{ Type: 'volume', Name: `vol${i}`, Source: `${STATE_ROOT}/v${i}`, Destination: '/data', Mode: '', RW: true, Propagation: '' }] : []),
  };
  if (i % 3 === 0) labels[LABELS.ports] = '[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":"0.0.0.0"}]';
  if (i % 3 === 1) labels[LABELS.exposedPorts] = '{"80/tcp":{}}';
  // Most records carry the command label; some (nerdctl's) make ps parse the spec.
  return i % 4 === 3 ? labels : { ...labels, ...commandLabel(args) };
}

function container(i: number): Container {
  const args = i % 2 ? ['sleep', '3600'] : ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'];
  const spec = {
    ociVersion: '1.1.0', process: { user: { uid: 0, gid: 0 }, args, env: ['PATH=/usr/bin:/bin', `N=${i}`], cwd: '/' },
    root: { path: 'rootfs' }, hostname: `c0ffee00${i}`, mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: `/proc/${1000 + i}/ns/net` }] },
  };
  const time = { seconds: NOW / 1000 - 60 * (i + 1), nanos: 5 };
  return withDefaults(Container, {
    id: `${i}`.padStart(64, 'a'), image: i % 2 ? '127.0.0.1:5000/busybox:latest' : 'docker.io/library/nginx:1.25',
    labels: labelsOf(i, args), runtime: { name: 'io.containerd.runc.v2' }, snapshotter: 'overlayfs', snapshotKey: `${i}`,
    spec: { typeUrl: TYPE_URL.spec, value: Buffer.from(JSON.stringify(spec)) }, createdAt: time, updatedAt: time,
  });
}

function task(i: number): Process {
  const status = [Status.RUNNING, Status.RUNNING, Status.STOPPED, Status.PAUSED, Status.CREATED][i % 5]!;
  return withDefaults(Process, {
    id: `${i}`.padStart(64, 'a'), pid: 1000 + i, status, exitStatus: status === Status.STOPPED ? 137 : 0,
    ...(status === Status.STOPPED && { exitedAt: { seconds: NOW / 1000 - 30, nanos: 0 } }),
  });
}

function handler(count: number): WarmUpHandler {
  const ids = Array.from({ length: count }, (_, i) => i);
  const containers = Buffer.from(ListContainersResponse.encode({ containers: ids.map(container) }).finish());
  // One container has no task (created, never started).
  const tasks = Buffer.from(ListTasksResponse.encode({ tasks: ids.slice(1).map(task) }).finish());
  return (path) => {
    if (path.endsWith('Containers/List')) return [containers];
    if (path.endsWith('Tasks/List')) return [tasks];
    return [];
  };
}

/** /proc answers for processStartMs: every process started 100 s after boot. */
const fakeProc = (path: string): string | undefined =>
  path === '/proc/uptime' ? '5000.12 9000.50\n' : `${path.split('/')[2]} (sleep) S ${'1 '.repeat(18)}10000 0 0\n`;

const host: ListHost = { now: () => NOW, processStart: (pid) => processStartMs(pid, fakeProc, NOW) };

const silentIO: CommandIO = { out: () => undefined, err: () => undefined, isTTY: false, stdinIsTTY: false, stderrIsTTY: false, columns: 80 };

/** Serves `serve` on a unix socket in the temp dir while `use` runs; everything is closed after. */
async function overUnixSocket(serve: WarmUpHandler, use: (path: string) => Promise<void>): Promise<void> {
  const path = join(tmpdir(), `nerdts-warm-up-${process.pid}.sock`);
  rmSync(path, { force: true });
  const open = new Set<Socket>();
  const server = createServer((conn) => {
    const peer = warmUpSocket(serve);
    // containerd (grpc-go) also sends a window update and a ping after its settings.
    peer.push(windowUpdateFrame(0, 1 << 20));
    peer.push(buildFrame(FrameType.PING, 0, 0, Buffer.alloc(8)));
    open.add(conn);
    conn.on('error', () => undefined);
    conn.on('close', () => { open.delete(conn); peer.destroy(); });
    conn.pipe(peer).pipe(conn);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(path, resolve); });
  // A call the handler never answers must not keep the snapshot build waiting: cut the connections.
  const guard = setTimeout(() => { for (const conn of open) conn.destroy(); }, 10_000);
  try {
    await use(path);
  } finally {
    clearTimeout(guard);
    for (const conn of open) conn.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(path, { force: true });
  }
}

/** `nerdts -n warm-up ps` end to end (dispatch, global options, unix socket), output dropped. */
async function warmUpCommandLine(): Promise<void> {
  processIO({});
  writeAll(1, '');
  await overUnixSocket(handler(12), async (path) => {
    const deps = { env: {}, io: silentIO, readFile: () => undefined, exists: () => false, loadChunk };
    for (let i = 0; i < 2; i++) await dispatch(['--address', path, '-n', 'warm-up', 'ps'], deps, { debug: false });
  });
}

/** Runs `ps`, `ps -a` and `ps -a --no-trunc` a few times over an in-memory containerd, then one real command line. */
export async function warmUpPs(): Promise<void> {
  const client = ContainerdClient.over(connect(warmUpSocket(handler(12))), 'warm-up', 'warm-up');
  try {
    for (let i = 0; i < 4; i++) {
      const running = await listContainers(client, globals, {}, host);
      renderContainers(running.map((e) => e.row), { quiet: false });
      const all = await listContainers(client, globals, { all: true, noTrunc: i % 2 === 1 }, host);
      renderContainers(all.map((e) => e.row), { quiet: i === 3 });
    }
  } finally {
    client.close();
  }
  await warmUpCommandLine();
}
