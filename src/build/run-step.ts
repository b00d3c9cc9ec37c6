// RUN: the command runs as a containerd container and task on the step's active snapshot, its
// stdout and stderr going to a file (the shim's file:// stdio) that is followed while it runs.
// Networking: "host" (the default, faster than docker's classic-builder bridge and needs no CNI),
// "none" (a fresh network namespace with only loopback) or "bridge" (the default CNI bridge, as `run`).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { Options as RuncOptions } from '../containerd/generated/runtime/v2/runc/options/oci';
import type { RequestOptions } from '../containerd/rpc';
import { withDefaults } from '../containerd/rpc';
import type { Mount } from '../containerd/types';
import { TYPE_URL, packMessage } from '../containerd/typeurl';
import { cgroupsPathFor, defaultSpec, serializeSpec } from '../container/spec';
import type { Spec } from '../container/spec';
import { withHooks } from '../container/spec';
import { bridgeStep } from './step-network';
import type { StepBridge } from './step-network';

export type BuildNetwork = 'host' | 'none' | 'bridge';

export interface RunStepInput {
  snapshotter: string;
  /** The active snapshot the command changes */
  key: string;
  mounts: Mount[];
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  additionalGids: number[];
  network: BuildNetwork;
  /** tmpfs mount targets (RUN --mount=type=tmpfs) and host binds (cache mounts) */
  extraMounts: Array<{ destination: string; type: string; source: string; options: string[] }>;
  onOutput: (text: string) => void;
}

/** The OCI spec of a build step: docker's defaults, the step's process, its network mode. */
export function stepSpec(globals: GlobalOptions, id: string, i: RunStepInput, hostFiles: (p: string) => boolean = existsSync, bridge?: StepBridge): Spec {
  const spec = defaultSpec({ id, namespace: globals.namespace, hostname: 'buildkitsandbox',
    cgroupsPath: cgroupsPathFor({ manager: globals.cgroupManager, namespace: globals.namespace, id }) });
  spec.process.args = i.args;
  spec.process.env = i.env;
  spec.process.cwd = i.cwd;
  spec.process.user = { uid: i.uid, gid: i.gid, ...(i.additionalGids.length && { additionalGids: i.additionalGids }) };
  if (i.network === 'host') {
    spec.linux!.namespaces = spec.linux!.namespaces!.filter((n) => n.type !== 'network');
    for (const f of ['/etc/resolv.conf', '/etc/hosts']) {
      if (hostFiles(f)) spec.mounts!.push({ destination: f, type: 'bind', source: f, options: ['rbind', 'ro'] });
    }
  }
  if (bridge) {
    spec.annotations = { ...spec.annotations, ...bridge.annotations };
    withHooks(spec, bridge.hooks);
    for (const f of bridge.files) spec.mounts!.push({ destination: f.destination, type: 'bind', source: f.source, options: ['rbind', 'ro'] });
  }
  spec.mounts!.push(...i.extraMounts);
  return spec;
}

function runtime(globals: GlobalOptions): { name: string; options: ReturnType<typeof packMessage> } {
  const options = withDefaults(RuncOptions, { systemdCgroup: globals.cgroupManager === 'systemd' });
  return { name: 'io.containerd.runc.v2', options: packMessage(TYPE_URL.runcOptions, RuncOptions, options) };
}

/** Follows a growing file, handing new text to `emit`. */
function follower(path: string, emit: (text: string) => void): { poll(): void; close(): void } {
  let fd: number | undefined;
  let offset = 0;
  const buf = Buffer.alloc(64 * 1024);
  return {
    poll() {
      try { fd ??= openSync(path, 'r'); } catch { return; }
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) return;
        offset += n;
        emit(buf.subarray(0, n).toString('utf8'));
      }
    },
    close() { if (fd !== undefined) closeSync(fd); },
  };
}

/** Runs the step's command to completion; returns its exit code. Nothing is left behind. */
export async function runStep(client: ContainerdClient, globals: GlobalOptions, i: RunStepInput, options: RequestOptions): Promise<number> {
  const id = `nerdts-build-${randomBytes(8).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-run-'));
  const log = join(dir, 'output');
  const out = follower(log, i.onOutput);
  const timer = setInterval(() => out.poll(), 100);
  let bridge: StepBridge | undefined;
  try {
    if (i.network === 'bridge') bridge = await bridgeStep(globals, id, dir);
    const spec = stepSpec(globals, id, i, existsSync, bridge);
    await client.containers.create({
      id, snapshotter: i.snapshotter, snapshotKey: i.key, runtime: runtime(globals),
      spec: { typeUrl: TYPE_URL.spec, value: Buffer.from(serializeSpec(spec)) }, labels: { 'nerdts/build': 'step' },
    }, options);
    try {
      await client.tasks.create({ containerId: id, rootfs: i.mounts, stdout: `file://${log}`, stderr: `file://${log}` });
      try {
        const waiter = new AbortController();
        const exited = client.tasks.wait(id, '', { signal: waiter.signal });
        exited.catch(() => undefined);
        await client.tasks.start(id);
        const res = await exited;
        return res.exitStatus;
      } finally {
        await client.tasks.delete(id).catch(() => undefined);
      }
    } finally {
      await client.containers.delete(id).catch(() => undefined);
    }
  } finally {
    clearInterval(timer);
    await bridge?.release().catch(() => undefined);
    out.poll();
    out.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
