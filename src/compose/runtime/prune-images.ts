// `compose down --rmi local|all`: which images go, by docker compose's rules (pkg/compose/image_pruner.go):
// `local` takes the images compose named itself (`<project>-<service>` for services without
// `image:`), `all` adds every `image:` the services name. Removal never fails the down: an image a
// container still uses is kept with a warning, a missing one is skipped.
import type { ContainerdClient } from '../../containerd/client';
import { isNotFound } from '../../errors';
import { removeImage } from '../../image/remove';
import { familiarName, formatReference, parseImageReference } from '../../image/reference';
import type { Progress } from './progress';

export type RmiMode = 'local' | 'all';

/** A service as the pruner sees it: its declared `image:` (undefined when compose names it). */
export interface ServiceImage {
  service: string;
  image?: string;
}

/** `busybox` -> `busybox:latest` (docker's TagNameOnly then FamiliarString); unparsable names as given. */
export function displayImageName(name: string): string {
  try { return familiarName(parseImageReference(name)); } catch { return name; }
}

/** The images `down --rmi mode` removes, deduplicated and sorted as docker compose does. */
export function imagesToPrune(project: string, mode: RmiMode, services: readonly ServiceImage[]): string[] {
  const names = services.flatMap((s) => {
    if (s.image === undefined) return [`${project}-${s.service}`];
    return mode === 'all' ? [s.image] : [];
  });
  return [...new Set(names.map(displayImageName))].sort();
}

/** The store name of an image reference (`busybox` -> `docker.io/library/busybox:latest`). */
function storeName(name: string): string {
  try { return formatReference(parseImageReference(name)); } catch { return name; }
}

/** Without the compose file: the services read from the containers' labels and images. */
export function servicesOfContainers(project: string, containers: ReadonlyArray<{ service: string; image: string }>): ServiceImage[] {
  return containers.map((c) => (storeName(c.image) === storeName(`${project}-${c.service}`) ? { service: c.service } : { service: c.service, image: c.image }));
}

/** Images that some container (of any project) still uses, by store name. */
export async function imagesInUse(client: ContainerdClient): Promise<Set<string>> {
  return new Set((await client.containers.list()).map((c) => c.image));
}

/** Removes each image unless a container still uses it; never throws for one image. */
export async function pruneImages(client: ContainerdClient, images: readonly string[], progress: Progress): Promise<void> {
  const used = await imagesInUse(client);
  for (const image of images) {
    try {
      await client.images.get(storeName(image));
    } catch (err) {
      if (!isNotFound(err)) progress.warn(err instanceof Error ? err.message : String(err));
      continue;
    }
    if (used.has(storeName(image))) {
      progress.warn(`Image ${image}: Resource is still in use`);
      continue;
    }
    progress.working('Image', image, 'Removing');
    try {
      await removeImage(client, storeName(image), false, false);
      progress.done('Image', image, 'Removed');
    } catch (err) {
      if (isNotFound(err)) continue;
      progress.failed('Image', image, 'Error');
      progress.warn(err instanceof Error ? err.message : String(err));
    }
  }
}
