// `nerdts rmi`: untag records and delete images once nothing else names them, as docker reports it.
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { NerdtsError } from '../errors';
import { findImages, imageId } from './local';
import { familiarName } from './reference';

export interface RemoveResult {
  untagged: string[];
  deleted: string[];
}

function displayName(name: string): string {
  try { return familiarName(name); } catch { return name; }
}

/**
 * Removes what `text` names. A name removes that record; an ID removes every record of the image,
 * which docker refuses without force when several repositories reference it.
 */
export async function removeImage(client: ContainerdClient, text: string, force: boolean, sync: boolean): Promise<RemoveResult> {
  const { records, by } = await findImages(client, text);
  if (by === 'id' && records.length > 1 && !force) {
    throw new NerdtsError('conflict',
      `conflict: unable to delete ${text} (must be forced) - image is referenced in multiple repositories`);
  }
  const target = records[0]!.target!.digest;
  const id = await imageId(client, records[0]!);
  const result: RemoveResult = { untagged: [], deleted: [] };
  const all = await client.images.list();
  const remaining = all.filter((r: Image) => r.target?.digest === target && !records.some((x) => x.name === r.name));
  for (let i = 0; i < records.length; i++) {
    const last = i === records.length - 1;
    await client.images.delete(records[i]!.name, { sync: sync && last && remaining.length === 0 });
    result.untagged.push(displayName(records[i]!.name));
  }
  if (remaining.length === 0 && id) result.deleted.push(id);
  return result;
}
