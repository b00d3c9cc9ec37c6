// Finding a container the way docker does: full ID, then name (a leading "/" allowed), then a
// unique ID prefix. One filtered Containers.List per lookup.
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { NerdtsError } from '../errors';
import { LABELS } from './labels';

/** docker's error for a reference that matches nothing. */
export const noSuchContainer = (ref: string): NerdtsError => new NerdtsError('not-found', `No such container: ${ref}`);

/** Picks the container `ref` means among candidates (pure; candidates may hold unrelated ones). */
export function pickContainer<T extends Pick<Container, 'id' | 'labels'>>(ref: string, candidates: readonly T[]): T {
  const key = ref.startsWith('/') ? ref.slice(1) : ref;
  const byId = candidates.find((c) => c.id === key);
  if (byId) return byId;
  const byName = candidates.find((c) => c.labels[LABELS.name] === key);
  if (byName) return byName;
  const byPrefix = key === '' ? [] : candidates.filter((c) => c.id.startsWith(key));
  if (byPrefix.length > 1) throw new NerdtsError('invalid-argument', `multiple IDs found with provided prefix: ${ref}`);
  if (byPrefix.length === 1) return byPrefix[0]!;
  throw noSuchContainer(ref);
}

const quote = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** containerd filters selecting the candidates for `ref` (any filter may match). */
export function lookupFilters(ref: string): string[] {
  const key = ref.startsWith('/') ? ref.slice(1) : ref;
  const filters = [`labels.${quote(LABELS.name)}==${quote(key)}`];
  if (/^[a-f0-9]{1,64}$/.test(key)) filters.push(`id~=${quote(`^${key}`)}`);
  return filters;
}

/** The container `ref` names in the client's namespace; docker's errors when none or several. */
export async function findContainer(client: ContainerdClient, ref: string): Promise<Container> {
  if (ref === '' || ref === '/') throw noSuchContainer(ref);
  return pickContainer(ref, await client.containers.list(lookupFilters(ref)));
}
