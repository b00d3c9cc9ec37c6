// The build's lease, created on first use: a fully cached build writes nothing, so it makes no
// lease (two round trips saved); anything that writes (a step's snapshot, the image's blobs)
// asks for it first, so a failure still leaves nothing the collector keeps.
import { randomBytes } from 'node:crypto';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';

/** A lease made when a step first needs one and dropped when the build ends. */
export class LazyLease {
  private made: Promise<RequestOptions> | undefined;
  readonly id = `nerdts-${randomBytes(8).toString('hex')}`;

  constructor(private readonly client: ContainerdClient) {}

  /** The options that run a call under the lease, creating it the first time. */
  options(): Promise<RequestOptions> {
    this.made ??= this.client.leases.create({ id: this.id, expiresAt: new Date(Date.now() + 3_600_000) }).then(() => ({ lease: this.id }));
    return this.made;
  }

  /** Deletes the lease if it was made (what it protects is then referenced or collectable). */
  async release(): Promise<void> {
    if (!this.made) return;
    try {
      await this.made;
    } catch {
      return;
    }
    await this.client.leases.delete(this.id).catch(() => undefined);
  }
}

/** Runs work with a lazy lease and releases it afterwards. */
export async function withLazyLease<T>(client: ContainerdClient, work: (lease: LazyLease) => Promise<T>): Promise<T> {
  const lease = new LazyLease(client);
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}
