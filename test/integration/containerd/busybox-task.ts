// Test helper: runs a real task from a one-file busybox layer through every Tasks call.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeTar } from '../../../src/archive/tar';
import type { TarMember } from '../../../src/archive/tar';
import type { ContainerdClient } from '../../../src/containerd/client';
import { TYPE_URL, packJson } from '../../../src/containerd/typeurl';
import { TaskStatus } from '../../../src/containerd/types';
import type { Mount } from '../../../src/containerd/types';

const BUSYBOX = '/bin/busybox';
const sha256 = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function busyboxLayer(): Promise<Buffer> {
  const members: TarMember[] = [
    { header: { name: 'bin/', type: 'directory', mode: 0o755 } },
    { header: { name: 'bin/busybox', type: 'file', mode: 0o755 }, body: readFileSync(BUSYBOX) },
  ];
  const parts: Buffer[] = [];
  for await (const p of writeTar(members)) parts.push(p);
  return Buffer.concat(parts);
}

function spec(id: string, args: string[]): object {
  const caps = ['CAP_KILL', 'CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN'];
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: false, user: { uid: 0, gid: 0 }, args, env: ['PATH=/bin'], cwd: '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps }, noNewPrivileges: true,
    },
    root: { path: 'rootfs' },
    hostname: 'nerdts-test',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      // a top-level leaf: runc removes it on delete, leaving nothing behind
      cgroupsPath: `/${id}`,
    },
  };
}

/** Busybox layer -> snapshot -> container -> task; exercises the task calls; removes all but the content. */
export async function runBusyboxTask(c: ContainerdClient, snapshotter: string, outDir: string): Promise<void> {
  const ns = c.namespace;
  const lease = { lease: `${ns}-lease` };
  const layer = await busyboxLayer();
  const desc = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length };
  await c.content.write({ ref: `${ns}-busybox`, digest: desc.digest, size: desc.size, source: () => [layer] }, lease);
  const base = `${ns}-busybox`;
  await c.diff.apply(desc, await c.snapshots.prepare(snapshotter, `${base}-extract`, {}, lease), {}, lease);
  await c.snapshots.commit(snapshotter, base, `${base}-extract`, {}, lease);

  const id = `${ns}-task`;
  const rootfs = await c.snapshots.prepare(snapshotter, id, { parent: base }, lease);
  const log = `${outDir}/out.log`;
  await c.containers.create({
    id, runtime: { name: 'io.containerd.runc.v2' }, snapshotter, snapshotKey: id,
    spec: packJson(TYPE_URL.spec, spec(id, ['/bin/busybox', 'sh', '-c', 'echo hello; exec sleep 1000'])),
  });
  try {
    await exerciseTask(c, id, rootfs, log);
  } finally {
    await c.tasks.delete(id).catch(() => {});
    await c.containers.delete(id);
    await c.snapshots.remove(snapshotter, id);
    await c.snapshots.remove(snapshotter, base);
  }
  const text = readFileSync(log, 'utf8');
  assert.match(text, /hello/);
  assert.match(text, /exec-ok/);
}

async function exerciseTask(c: ContainerdClient, id: string, rootfs: Mount[], log: string): Promise<void> {
  const created = await c.tasks.create({ containerId: id, rootfs, stdout: `file://${log}`, stderr: `file://${log}` });
  assert.ok(created.pid > 0);
  assert.equal((await c.tasks.get(id)).status, TaskStatus.CREATED);
  assert.equal(await c.tasks.start(id), created.pid);
  assert.equal((await c.tasks.get(id)).status, TaskStatus.RUNNING);
  assert.ok((await c.tasks.list()).some((t) => t.id === id));
  assert.ok((await c.tasks.listPids(id)).some((p) => p.pid === created.pid));

  const execSpec = { args: ['/bin/busybox', 'echo', 'exec-ok'], cwd: '/', env: ['PATH=/bin'], user: { uid: 0, gid: 0 } };
  await c.tasks.exec({ containerId: id, execId: 'e1', spec: packJson(TYPE_URL.process, execSpec),
    // containerd 1.6's shim crashes on a file:// stdout without stderr: always give both
    stdout: `file://${log}`, stderr: `file://${log}` });
  const execExit = c.tasks.wait(id, 'e1');
  await c.tasks.start(id, 'e1');
  assert.equal((await execExit).exitStatus, 0);
  assert.equal((await c.tasks.deleteProcess(id, 'e1')).exitStatus, 0);

  await c.tasks.pause(id);
  assert.equal((await c.tasks.get(id)).status, TaskStatus.PAUSED);
  await c.tasks.resume(id);
  const metrics = await c.tasks.metrics([`id==${id}`]);
  assert.equal(metrics.length, 1);
  assert.match(metrics[0]!.data?.typeUrl ?? '', /^io\.containerd\.cgroups\.v[12]\.Metrics$/);
  await c.tasks.update(id, { resources: packJson(TYPE_URL.linuxResources, { pids: { limit: 100 } }), annotations: { 'nerdts.test': '1' } });
  await c.tasks.closeIO(id);

  const exited = c.tasks.wait(id);
  await c.tasks.kill(id, 9);
  const status = await exited;
  assert.equal(status.exitStatus, 137);
  assert.ok(status.exitedAt && status.exitedAt.seconds > 0);
  assert.equal((await c.tasks.delete(id)).exitStatus, 137);
  await assert.rejects(c.tasks.get(id), { code: 'not-found' });
}
