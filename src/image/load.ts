// `nerdts load`: a docker-archive or OCI layout tar (plain or gzipped, file or stdin) read in one
// streaming pass into containerd, then turned into images and named. Everything runs under one
// lease and the records are made last, so an archive that fails anywhere leaves no image behind.
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import { NerdtsError, isNerdtsError } from '../errors';
import { readArchive } from './archive-reader';
import { nameImage, withLease } from './create';
import { DOCKER_MANIFEST_FILE, INDEX_FILE } from './layout';
import { importDockerArchive } from './load-docker';
import type { LoadedImage } from './load-docker';
import { importLayout } from './load-oci';
import { hostPlatform, parsePlatform, platformMatcher } from './platform';
import { familiarName } from './reference';

/** Where the archive comes from and how to unpack it. */
export interface LoadOptions {
  source: AsyncIterable<Uint8Array>;
  /** the file name (or `stdin`), for messages */
  sourceName: string;
  snapshotter: string;
  /** the platform to unpack from multi-platform layouts (default: the host's) */
  platform?: string;
}

/** One loaded image: its ID and the names docker prints (`busybox:latest`); none when untagged. */
export interface LoadResult {
  images: Array<{ id: string; names: string[] }>;
}

/** The name of an untagged image's record: nerdctl's `<snapshotter>@<digest>` (shown as `<none>`). */
export function untaggedName(snapshotter: string, digest: string): string {
  return `${snapshotter}@${digest}`;
}

/** Creates the records; on failure removes the ones it created, so nothing half-loaded stays. */
async function nameAll(client: ContainerdClient, images: LoadedImage[], snapshotter: string, options: RequestOptions): Promise<void> {
  const existing = await client.images.list();
  const created: string[] = [];
  try {
    for (const img of images) {
      const known = existing.some((r) => r.target?.digest === img.target.digest);
      const names = img.names.length ? img.names : known ? [] : [untaggedName(snapshotter, img.target.digest)];
      for (const name of names) {
        const had = existing.some((r) => r.name === name);
        await nameImage(client, name, img.target, options);
        if (!had) created.push(name);
      }
    }
  } catch (err) {
    for (const name of created) await client.images.delete(name).catch(() => undefined);
    throw err;
  }
}

/** One line naming the archive: tar and zlib errors, and our own archive checks. */
function archiveError(sourceName: string, err: unknown): unknown {
  if (isNerdtsError(err)) {
    if (err.code !== 'invalid-argument' || err.message.startsWith(`${sourceName}:`)) return err;
    return new NerdtsError('invalid-argument', `${sourceName}: ${err.message}`, { cause: err, ...(err.hint && { hint: err.hint }) });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new NerdtsError('invalid-argument', `${sourceName}: not a valid image archive: ${text}`, { cause: err });
}

/** Loads every image of the archive. */
export async function loadArchive(client: ContainerdClient, o: LoadOptions): Promise<LoadResult> {
  const matcher = platformMatcher(o.platform ? parsePlatform(o.platform) : hostPlatform());
  try {
    return await withLease(client, async (options) => {
      const contents = await readArchive(client, o.source, options);
      let images: LoadedImage[];
      if (contents.files.has(INDEX_FILE)) images = await importLayout(client, contents, o.snapshotter, matcher, options);
      else if (contents.files.has(DOCKER_MANIFEST_FILE)) images = await importDockerArchive(client, contents, o.snapshotter, options);
      else throw new NerdtsError('invalid-argument', `not an image archive: it has neither ${DOCKER_MANIFEST_FILE} nor ${INDEX_FILE}`);
      await nameAll(client, images, o.snapshotter, options);
      return { images: images.map((i) => ({ id: i.id, names: i.names.map((n) => familiarName(n)) })) };
    });
  } catch (err) {
    throw archiveError(o.sourceName, err);
  }
}
