// The layer cache: a step's key chains its parent's key with the instruction (after variable
// substitution) and, for COPY/ADD, the digest of the files it reads. A hit is a JSON record under
// the data store naming the layer blob and its committed snapshot; both are kept from containerd's
// garbage collector by one long-lived lease, so `builder prune` is: drop the lease and the records.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerdClient } from '../containerd/client';
import { isAlreadyExists, isNotFound } from '../errors';
import type { Descriptor } from '../image/media-types';
import { writeFileAtomic } from '../store/atomic-write';

/** The lease that keeps cached layers and snapshots alive. */
export const CACHE_LEASE = 'nerdts-build-cache';

/** What a cache hit restores. */
export interface CacheRecord {
  layer: Descriptor;
  diffId: string;
  chainId: string;
  created: string;
}

/** The next key of the chain: parent key, the step's text and what else it depends on. */
export function stepKey(parent: string, text: string, inputs: readonly string[] = []): string {
  const h = createHash('sha256').update(parent).update('\0').update(text);
  for (const i of inputs) h.update('\0').update(i);
  return h.digest('hex');
}

/** The cache index of one namespace and snapshotter. */
export class BuildCache {
  constructor(readonly dir: string, private readonly client: ContainerdClient, private readonly snapshotter: string) {}

  private file(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The record for key when its blob and snapshot still exist. */
  async get(key: string): Promise<CacheRecord | undefined> {
    let rec: CacheRecord;
    try {
      rec = JSON.parse(readFileSync(this.file(key), 'utf8')) as CacheRecord;
    } catch {
      return undefined;
    }
    try {
      await Promise.all([this.client.snapshots.stat(this.snapshotter, rec.chainId), this.client.content.info(rec.layer.digest)]);
      return rec;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Records a step's layer and protects it with the cache lease. */
  async put(key: string, rec: CacheRecord): Promise<void> {
    try {
      await this.client.leases.create({ id: CACHE_LEASE, labels: { 'nerdts/purpose': 'build cache' } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    await this.client.leases.addResource(CACHE_LEASE, { id: rec.layer.digest, type: 'content' });
    await this.client.leases.addResource(CACHE_LEASE, { id: rec.chainId, type: `snapshots/${this.snapshotter}` });
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(this.file(key), JSON.stringify(rec));
  }
}

/** The cache directory of a namespace under the data store. */
export function cacheDir(dataStore: string, namespace: string, snapshotter: string): string {
  return join(dataStore, 'build-cache', namespace, snapshotter);
}

/** Drops the cache lease, every record of the namespace and the context digest cache; returns how many records there were. */
export async function pruneCache(client: ContainerdClient, dataStore: string, namespace: string): Promise<number> {
  const root = join(dataStore, 'build-cache', namespace);
  let count = 0;
  try {
    for (const s of readdirSync(root)) count += readdirSync(join(root, s)).filter((f) => f.endsWith('.json')).length;
  } catch { /* no cache yet */ }
  try {
    await client.leases.delete(CACHE_LEASE, { sync: true });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  rmSync(root, { recursive: true, force: true });
  rmSync(join(dataStore, 'build-context-digests'), { recursive: true, force: true });
  return count;
}
