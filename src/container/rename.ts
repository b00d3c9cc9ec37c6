// docker rename: moves the name in the name store, then the nerdctl/name label with its mirror in
// the spec's annotations (the OCI hook and the next start's hosts entries read that one) and the
// hosts-file metadata; a failure after the name moved puts it back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { TYPE_URL, packJson, unpackJson } from '../containerd/typeurl';
import { NerdtsError } from '../errors';
import { replaceFile } from '../store/atomic-write';
import { dataStorePath } from '../store/data-store';
import { NameStore, validateContainerName } from '../store/name-store';
import { etcHostsDir } from '../store/state-dir';
import { LABELS } from './labels';
import { findContainer } from './lookup';
import { updateLabels } from './task-state';

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
    const spec = unpackJson<{ annotations?: Record<string, string> }>(c.spec, TYPE_URL.spec);
    if (spec.annotations?.[LABELS.name] === undefined) {
      await updateLabels(client, c.id, { [LABELS.name]: name });
    } else {
      spec.annotations[LABELS.name] = name;
      await client.containers.update({ id: c.id, labels: { [LABELS.name]: name }, spec: packJson(TYPE_URL.spec, spec) }, [`labels.${LABELS.name}`, 'spec']);
    }
  } catch (err) {
    await names.rename(name, oldName, c.id).catch(() => undefined);
    throw err;
  }
  updateHostsMeta(join(etcHostsDir(dataStore, globals.namespace, c.id), 'meta.json'), name);
}

// The hosts-file metadata carries the name other containers resolve (nerdctl's hostsstore.Update).
function updateHostsMeta(path: string, name: string): void {
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  replaceFile(path, JSON.stringify({ ...meta, Name: name }), 0o600);
}
