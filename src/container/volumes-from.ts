// --volumes-from CONTAINER[:ro|:rw]: the source container's bind and volume mounts (not its tmpfs
// nor the /etc files the runtime provides), as mount specs; explicit -v/--mount destinations win.
import { posix } from 'node:path';
import type { ContainerdClient } from '../containerd/client';
import { invalidArgument } from '../errors';
import { decodeMounts } from './labels';
import type { MountPoint } from './labels';
import { findContainer } from './lookup';
import type { MountSpec } from './mounts';

/** Splits NAME[:ro|:rw]. */
export function parseVolumesFrom(value: string): { container: string; mode?: 'ro' | 'rw' } {
  const colon = value.lastIndexOf(':');
  if (colon < 0) return { container: value };
  const mode = value.slice(colon + 1);
  if (mode !== 'ro' && mode !== 'rw') throw invalidArgument(`invalid mode: ${mode}`);
  return { container: value.slice(0, colon), mode };
}

const RUNTIME_FILES = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf']);

/** The specs a source container's mount points become (pure). */
export function specsFromMountPoints(points: readonly MountPoint[], mode: 'ro' | 'rw' | undefined, taken: ReadonlySet<string>): MountSpec[] {
  const out: MountSpec[] = [];
  for (const p of points) {
    const destination = posix.normalize(p.Destination);
    if (RUNTIME_FILES.has(destination) || taken.has(destination)) continue;
    if (p.Type !== 'bind' && p.Type !== 'volume') continue;
    if (p.Type === 'volume' && !p.Name) continue;
    const readonly = mode ? mode === 'ro' : !p.RW;
    out.push({
      type: p.Type, source: p.Type === 'volume' ? p.Name! : p.Source, destination, readonly,
      ...(p.Type === 'bind' && p.Propagation && { propagation: p.Propagation }),
      mode: mode ?? p.Mode, createHostPath: false, nocopy: true, tmpfsOptions: [],
    });
  }
  return out;
}

/** Mount specs for every --volumes-from value, after the explicit ones in `own`. */
export async function volumesFromSpecs(client: ContainerdClient, values: readonly string[], own: readonly MountSpec[]): Promise<MountSpec[]> {
  const taken = new Set(own.map((s) => posix.normalize(s.destination)));
  const out: MountSpec[] = [];
  for (const v of values) {
    const { container, mode } = parseVolumesFrom(v);
    const c = await findContainer(client, container);
    for (const s of specsFromMountPoints(decodeMounts(c.labels), mode, taken)) {
      taken.add(s.destination);
      out.push(s);
    }
  }
  return out;
}
