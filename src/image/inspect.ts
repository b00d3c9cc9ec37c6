// `nerdts image inspect`: docker's JSON for each image, with RepoTags and RepoDigests gathered
// from every record that points at the same content.
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import { timestampToMillis } from '../containerd/types';
import { isNotFound } from '../errors';
import { imageInspect } from '../inspect/image';
import { chainIds } from './content';
import { findImageRecords, loadImage } from './local';
import { hostPlatform, platformMatcher } from './platform';
import { familiarName, familiarRepository, parseNamedReference } from './reference';

async function unpackedSize(client: ContainerdClient, snapshotter: string, diffIds: string[]): Promise<number> {
  let total = 0;
  for (const c of chainIds(diffIds)) {
    try { total += (await client.snapshots.usage(snapshotter, c)).size; } catch (err) { if (!isNotFound(err)) throw err; }
  }
  return total;
}

function names(records: Image[], target: string): { tags: string[]; digests: string[] } {
  const tags: string[] = [];
  const digests = new Set<string>();
  for (const r of records) {
    if (r.target?.digest !== target) continue;
    try {
      const ref = parseNamedReference(r.name);
      if (ref.tag !== undefined) tags.push(familiarName({ domain: ref.domain, path: ref.path, tag: ref.tag }));
      digests.add(`${familiarRepository(ref)}@${target}`);
    } catch { /* not a reference-shaped name */ }
  }
  return { tags: tags.sort(), digests: [...digests].sort() };
}

/** docker's inspect object for what `text` names. */
export async function inspectImage(client: ContainerdClient, snapshotter: string, text: string): Promise<Record<string, unknown>> {
  const [record] = await findImageRecords(client, text);
  const img = await loadImage(client, record!, platformMatcher(hostPlatform(), { osOnly: true }));
  const { tags, digests } = names(await client.images.list(), record!.target!.digest);
  const updated = timestampToMillis(record!.updatedAt);
  return imageInspect({
    id: img.id, repoTags: tags, repoDigests: digests, config: img.config,
    size: await unpackedSize(client, snapshotter, img.config.rootfs?.diff_ids ?? []), snapshotter,
    target: { mediaType: record!.target!.mediaType, digest: record!.target!.digest, size: record!.target!.size },
    ...(updated !== undefined && { lastTagTime: new Date(updated) }),
  });
}
