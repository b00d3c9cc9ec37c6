// RUN --mount: cache (a persistent host directory per id), tmpfs, and bind (read-only unless rw),
// from the context or, with from=, from another stage or image. A from= root is part of the step's
// cache key (the stage's key or the image ID), a context bind its files' digests; mounts are made
// only when the step really runs.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveInRoot } from '../container/rootfs';
import { NerdtsError } from '../errors';
import { cleanSource, hashEntries, resolveSource } from './context';
import { fromRoot } from './from-root';
import type { RunInstr } from './dockerfile/instructions';
import { parseMountFlag } from './mount-flags';
import type { RunStepInput } from './run-step';
import type { BuildSession } from './session';
import type { MountedRoot } from './snapshot';

type StepMount = RunStepInput['extraMounts'][number];

/** A step's extra mounts: `identities` go into the cache key; open() before the run, release() after. */
export interface RunMounts {
  identities: string[];
  open(): Promise<{ mounts: StepMount[]; release(): Promise<void> }>;
}

/** Resolves the RUN's --mount flags for a step of stage `stageIndex`. */
export async function runMounts(s: BuildSession, stageIndex: number, i: RunInstr): Promise<RunMounts> {
  const identities: string[] = [];
  const makers: Array<(opened: MountedRoot[]) => Promise<StepMount>> = [];
  for (const m of i.mounts) {
    const o = parseMountFlag(m);
    const target = o.target ?? o.dst ?? o.destination;
    if (!target) throw new NerdtsError('invalid-argument', `RUN --mount=${m}: target is required`);
    const type = o.type ?? 'bind';
    if (type === 'tmpfs') { makers.push(async () => ({ destination: target, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev'] })); continue; }
    if (type === 'cache') {
      const dir = join(s.cacheMountDir, createHash('sha256').update(o.id ?? target).digest('hex').slice(0, 32));
      makers.push(async () => { mkdirSync(dir, { recursive: true }); return { destination: target, type: 'bind', source: dir, options: ['rbind', 'rw'] }; });
      continue;
    }
    if (type !== 'bind') throw new NerdtsError('invalid-argument', `RUN --mount type "${type}" is not supported`, { hint: 'use cache, tmpfs or bind' });
    const options = ['rbind', o.rw === 'true' || o.readwrite === 'true' ? 'rw' : 'ro'];
    if (!o.from) {
      // absolute: the runtime resolves a relative source against the task's bundle, not our cwd
      const source = resolve(s.context.root, cleanSource(o.source ?? '.'));
      // what the step can read is part of its key, as COPY's sources are
      identities.push(`context:${hashEntries(s.context, resolveSource(s.context, o.source ?? '.'))}`);
      makers.push(async () => ({ destination: target, type: 'bind', source, options }));
      continue;
    }
    const root = await fromRoot(s, stageIndex, o.from);
    identities.push(root.identity);
    makers.push(async (opened) => {
      const r = await root.open();
      opened.push(r);
      return { destination: target, type: 'bind', source: resolveInRoot(r.root, o.source ?? '/'), options };
    });
  }
  return {
    identities,
    open: async () => {
      const opened: MountedRoot[] = [];
      const release = async (): Promise<void> => { for (const r of opened.splice(0)) await r.release().catch(() => undefined); };
      try {
        const mounts: StepMount[] = [];
        for (const make of makers) mounts.push(await make(opened));
        return { mounts, release };
      } catch (err) {
        await release();
        throw err;
      }
    },
  };
}
