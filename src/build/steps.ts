// The filesystem steps (RUN, COPY, ADD): each runs on a fresh active snapshot of the stage's top,
// becomes one layer, and is recorded in the cache; a cache hit restores the layer without work.
import { randomBytes } from 'node:crypto';
import type { RequestOptions } from '../containerd/rpc';
import type { Mount } from '../containerd/types';
import { openRootfs, readRootfsFile } from '../container/rootfs';
import { resolveUser } from '../container/spec';
import { DEFAULT_PATH_ENV } from '../container/spec';
import { NerdtsError } from '../errors';
import type { CacheRecord } from './cache';
import { stepKey } from './cache';
import { DEFAULT_SHELL, argv } from './config-step';
import type { RunInstr } from './dockerfile/instructions';
import type { BuildVertex } from './progress';
import { runMounts } from './run-mounts';
import { runStep } from './run-step';
import type { BuildNetwork } from './run-step';
import type { BuildSession, StageState } from './session';
import { commitLayer } from './snapshot';

/** What a layer step does on its active snapshot. */
export type StepWork = (active: { key: string; mounts: Mount[] }, vertex: BuildVertex) => Promise<void>;

function restore(st: StageState, rec: CacheRecord, key: string, createdBy: string): void {
  st.layers.push(rec.layer);
  st.diffIds.push(rec.diffId);
  st.history.push({ created: rec.created, created_by: createdBy });
  st.top = rec.chainId;
  st.key = key;
  st.created = rec.created;
}

/** Runs (or restores from the cache) one layer-producing step. */
export async function layerStep(s: BuildSession, st: StageState, vertexName: string, key: string, createdBy: string,
  work: StepWork): Promise<void> {
  const vertex = s.progress.vertex(vertexName);
  const hit = s.noCache ? undefined : await s.cache.get(key);
  if (hit) {
    vertex.cached();
    restore(st, hit, key, createdBy);
    return;
  }
  const active = `nerdts-build-${randomBytes(8).toString('hex')}`;
  const sn = s.globals.snapshotter;
  let consumed = false;
  let lease: RequestOptions | undefined;
  try {
    lease = await s.lease.options();
    const mounts = await s.client.snapshots.prepare(sn, active, { parent: st.top }, lease);
    await work({ key: active, mounts }, vertex);
    consumed = true;
    const layer = await commitLayer(s.client, sn, st.top, active, lease);
    const rec: CacheRecord = { ...layer, created: s.now().toISOString() };
    await s.cache.put(key, rec);
    restore(st, rec, key, createdBy);
    vertex.done();
  } catch (err) {
    vertex.error(err instanceof Error ? err.message : String(err));
    throw err;
  } finally {
    if (!consumed && lease) await s.client.snapshots.remove(sn, active, lease).catch(() => undefined);
  }
}

/** The argv of a RUN; a lone heredoc is the script itself, other heredocs go to the shell as written. */
export function runArgv(i: RunInstr, shell: readonly string[]): string[] {
  if ('json' in i.command || i.heredocs.length === 0) return argv(i.command, shell);
  const only = /^<<-?(["']?)(\w+)\1$/.exec(i.command.shell.trim());
  if (only && i.heredocs.length === 1) return [...shell, i.heredocs[0]!.content];
  const script = [i.command.shell, ...i.heredocs.map((h) => `${h.content}${h.name}`)].join('\n');
  return [...shell, script];
}

/** The environment of a RUN: the image's, plus ARG values ENV does not override. */
function runEnv(st: StageState): string[] {
  const env = [...(st.sc.config.Env ?? [])];
  const names = new Set(env.map((e) => e.split('=')[0]));
  for (const [k, v] of st.args) if (v !== undefined && !names.has(k)) env.push(`${k}=${v}`);
  if (!env.some((e) => e.startsWith('PATH='))) env.unshift(DEFAULT_PATH_ENV);
  return env;
}

function networkOf(s: BuildSession, i: RunInstr): BuildNetwork {
  const n = i.network === undefined || i.network === 'default' ? s.network : i.network;
  if (n === 'none' || n === 'host' || n === 'bridge') return n;
  throw new NerdtsError('invalid-argument', `network mode "${n}" not supported by nerdts build`, { hint: 'use default, host, bridge or none' });
}

/** Runs a RUN instruction as a layer step. */
export async function runInstruction(s: BuildSession, st: StageState, stageIndex: number, i: RunInstr, vertexName: string): Promise<void> {
  const shell = st.sc.config.Shell ?? DEFAULT_SHELL;
  const args = runArgv(i, shell);
  const env = runEnv(st);
  const argEnv = [...st.args].filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  const extra = await runMounts(s, stageIndex, i);
  const key = stepKey(st.key, `RUN ${JSON.stringify(args)}`, [i.network ?? '', ...i.mounts, ...extra.identities, ...argEnv]);
  const createdBy = `RUN ${args.join(' ')} # buildkit`;
  await layerStep(s, st, vertexName, key, createdBy, async (active, vertex) => {
    const user = await stepUser(st.sc.config.User ?? '', active.mounts);
    const mounted = await extra.open();
    let code: number;
    try {
      code = await runStep(s.client, s.globals, {
        snapshotter: s.globals.snapshotter, key: active.key, mounts: active.mounts, args, env,
        cwd: st.sc.config.WorkingDir || '/', uid: user.uid, gid: user.gid, additionalGids: user.sgids,
        network: networkOf(s, i), extraMounts: mounted.mounts, onOutput: (t) => vertex.log(t),
      }, await s.lease.options());
    } finally {
      await mounted.release();
    }
    if (code !== 0) {
      const tail = vertex.output().trimEnd().split('\n').slice(-20).join('\n');
      throw new NerdtsError('failed-precondition',
        `${s.dockerfileName}:${i.raw.line}: process "${args.join(' ')}" did not complete successfully: exit code: ${code}`,
        { hint: tail ? `${i.raw.original}\noutput:\n${tail}` : i.raw.original });
    }
  });
}

/** uid/gid of the stage's USER, names looked up in the snapshot's /etc/passwd and /etc/group. */
export async function stepUser(user: string, mounts: Mount[]): Promise<{ uid: number; gid: number; sgids: number[] }> {
  if (user === '' || /^\d+(:\d+)?$/.test(user)) {
    const [u, g] = user.split(':');
    return { uid: Number(u || 0), gid: Number(g ?? 0), sgids: [] };
  }
  const view = await openRootfs(mounts);
  try {
    return resolveUser(user, readRootfsFile(view.root, '/etc/passwd'), readRootfsFile(view.root, '/etc/group'));
  } finally {
    await view.release();
  }
}

