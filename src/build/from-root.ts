// Another stage (its built top) or an image as a read-only root, for COPY --from and
// RUN --mount=type=bind,from=: its cache identity at once, the mount only when a step runs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveImage } from './base-image';
import { hashEntries, walkContext } from './context';
import type { BuildSession } from './session';
import { mountRoot } from './snapshot';
import type { MountedRoot } from './snapshot';
import { findStage } from './stages';

/** A read-only root of another stage or image, and the cache identity of it. */
export interface FromRoot { open(): Promise<MountedRoot>; identity: string }

/** Another stage (its built top) or an image, for COPY --from and RUN --mount from=. */
export async function fromRoot(s: BuildSession, stageIndex: number, ref: string): Promise<FromRoot> {
  const named = s.namedContexts.get(ref.toLowerCase());
  if (named?.kind === 'dir') {
    const ctx = named.context;
    return { identity: `context:${hashEntries(ctx, walkContext(ctx))}`, open: async () => ({ root: ctx.root, release: async () => {} }) };
  }
  if (named) ref = named.ref;
  const stage = named ? undefined : findStage(s.plan, ref, stageIndex);
  let top: string;
  let identity: string;
  if (stage) {
    const other = await s.stage(stage.index);
    top = other.top;
    identity = `stage:${other.key}`;
  } else {
    const img = await resolveImage(s.client, s.globals, ref, { pull: s.pull });
    top = img.chainIds[img.chainIds.length - 1] ?? '';
    identity = `image:${img.id}`;
  }
  return {
    identity,
    open: async () => {
      if (!top) {
        const empty = mkdtempSync(join(tmpdir(), 'nerdts-empty-'));
        return { root: empty, release: async () => rmdirSync(empty) };
      }
      const key = `nerdts-build-from-${randomBytes(8).toString('hex')}`;
      const lease = await s.lease.options();
      const mounts = await s.client.snapshots.view(s.globals.snapshotter, key, { parent: top }, lease);
      try {
        const m = await mountRoot(mounts, true);
        return { root: m.root, release: async () => { await m.release(); await s.client.snapshots.remove(s.globals.snapshotter, key, lease).catch(() => undefined); } };
      } catch (err) {
        await s.client.snapshots.remove(s.globals.snapshotter, key, lease).catch(() => undefined);
        throw err;
      }
    },
  };
}
