// docker rename: moves the name in the name store, then the nerdctl/name label with its mirror in
// the spec's annotations (the OCI hook and the next start's hosts entries read that one) and the
// hosts-file metadata; a failure after the name moved puts it back.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError } from '../errors';
import { updateHostsMeta } from '../network/hosts-store';
import { dataStorePath } from '../store/data-store';
import { NameStore, validateContainerName } from '../store/name-store';
import { LABELS } from './labels';
import { findContainer } from './lookup';
import { updateMirroredLabel } from './task-state';

/** Renames a container; docker's errors for the same name and for a name in use. */
export async function renameContainer(client: ContainerdClient, globals: GlobalOptions, ref: string, newName: string): Promise<void> {
  const name = newName.startsWith('/') ? newName.slice(1) : newName;
  validateContainerName(name);
  const c = await findContainer(client, ref);
  const oldName = c.labels[LABELS.name] ?? '';
  if (oldName === name) throw new NerdtsError('invalid-argument', 'Renaming a container with the same name as its current name');
  const dataStore = dataStorePath(globals);
  const names = new NameStore(dataStore, globals.namespace);
  await names.rename(oldName, name, c.id);
  try {
    await updateMirroredLabel(client, c, LABELS.name, name);
  } catch (err) {
    await names.rename(name, oldName, c.id).catch(() => undefined);
    throw err;
  }
  // The hosts-file metadata carries the name other containers resolve (nerdctl's hostsstore.Update).
  await updateHostsMeta(dataStore, globals.namespace, c.id, (meta) => ({ ...meta, Name: name }));
}
