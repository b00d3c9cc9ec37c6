// `nerdts tag SOURCE TARGET`: another record pointing at the same target.
import type { ContainerdClient } from '../containerd/client';
import { isAlreadyExists } from '../errors';
import { findImageRecords } from './local';
import { formatReference, parseImageReference } from './reference';

/** Creates or moves the target name to the source image. */
export async function tagImage(client: ContainerdClient, source: string, target: string): Promise<void> {
  const name = formatReference(parseImageReference(target));
  const [record] = await findImageRecords(client, source);
  const image = { name, target: record!.target!, labels: record!.labels };
  try {
    await client.images.create(image);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await client.images.update(image, ['target']);
  }
}
