// The image a FROM or COPY --from names: a local, unpacked image is resolved here directly; only a
// missing one (or --pull) goes through the container area's ensureImage, imported on demand so
// that the registry client and Node's HTTP/TLS modules are not loaded by a build that never pulls.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Image } from '../containerd/services/images';
import type { EnsuredImage } from '../container/image';
import { orMissing } from '../errors';
import { chainIds } from '../image/content';
import { findImageRecords, loadImage } from '../image/local';
import { hostPlatform, parsePlatform, platformMatcher } from '../image/platform';

/** The local image when its record exists and its top snapshot is unpacked; undefined otherwise. */
async function localImage(client: ContainerdClient, snapshotter: string, ref: string, platform?: string): Promise<EnsuredImage | undefined> {
  const record: Image | undefined = (await orMissing(findImageRecords(client, ref)))?.[0];
  if (!record) return undefined;
  const image = await loadImage(client, record, platformMatcher(platform ? parsePlatform(platform) : hostPlatform()));
  const chains = chainIds(image.config.rootfs?.diff_ids ?? []);
  const top = chains[chains.length - 1];
  if (top !== undefined && !(await orMissing(client.snapshots.stat(snapshotter, top)))) return undefined;
  return { ...image, chainIds: chains };
}

/** Finds (or, when missing or with pull, pulls and unpacks) an image for the build. */
export async function resolveImage(client: ContainerdClient, globals: GlobalOptions, ref: string,
  o: { pull: boolean; platform?: string }): Promise<EnsuredImage> {
  if (!o.pull) {
    const found = await localImage(client, globals.snapshotter, ref, o.platform);
    if (found) return found;
  }
  const { ensureImage } = await import('../container/image');
  return ensureImage(client, globals, ref, { pull: o.pull ? 'always' : 'missing', ...(o.platform && { platform: o.platform }) });
}
