// containerd.services.snapshots.v1.Snapshots: layered filesystems (prepare an active snapshot,
// commit it, view it read-only). Every call names the snapshotter ('overlayfs', 'native', ...).
import {
  CleanupRequest, CommitSnapshotRequest, ListSnapshotsRequest, ListSnapshotsResponse, MountsRequest,
  MountsResponse, PrepareSnapshotRequest, PrepareSnapshotResponse, RemoveSnapshotRequest, StatSnapshotRequest,
  StatSnapshotResponse, UpdateSnapshotRequest, UpdateSnapshotResponse, UsageRequest, UsageResponse,
  ViewSnapshotRequest, ViewSnapshotResponse,
} from '../generated/api/services/snapshots/v1/snapshots';
import type { Info } from '../generated/api/services/snapshots/v1/snapshots';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';
import type { Mount } from '../types';

export { Kind as SnapshotKind } from '../generated/api/services/snapshots/v1/snapshots';
export type { Info as SnapshotInfo, UsageResponse as SnapshotUsage } from '../generated/api/services/snapshots/v1/snapshots';

export interface SnapshotOptions {
  parent?: string;
  labels?: Record<string, string>;
}

const SERVICE = '/containerd.services.snapshots.v1.Snapshots/';

export class SnapshotsService {
  constructor(private readonly rpc: Rpc) {}

  /** A new active (writable) snapshot on top of parent; returns how to mount it. */
  async prepare(snapshotter: string, key: string, { parent = '', labels = {} }: SnapshotOptions = {},
    options?: RequestOptions): Promise<Mount[]> {
    const res = await this.rpc.unary(`${SERVICE}Prepare`, PrepareSnapshotRequest, { snapshotter, key, parent, labels },
      PrepareSnapshotResponse, options);
    return res.mounts;
  }

  /** A new read-only view of parent. */
  async view(snapshotter: string, key: string, { parent = '', labels = {} }: SnapshotOptions = {},
    options?: RequestOptions): Promise<Mount[]> {
    const res = await this.rpc.unary(`${SERVICE}View`, ViewSnapshotRequest, { snapshotter, key, parent, labels },
      ViewSnapshotResponse, options);
    return res.mounts;
  }

  async mounts(snapshotter: string, key: string, options?: RequestOptions): Promise<Mount[]> {
    const res = await this.rpc.unary(`${SERVICE}Mounts`, MountsRequest, { snapshotter, key }, MountsResponse, options);
    return res.mounts;
  }

  /** Turns the active snapshot `key` into the committed snapshot `name`. */
  async commit(snapshotter: string, name: string, key: string, labels: Record<string, string> = {},
    options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Commit`, CommitSnapshotRequest, { snapshotter, name, key, labels }, Empty, options);
  }

  async remove(snapshotter: string, key: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Remove`, RemoveSnapshotRequest, { snapshotter, key }, Empty, options);
  }

  async stat(snapshotter: string, key: string, options?: RequestOptions): Promise<Info> {
    const res = await this.rpc.unary(`${SERVICE}Stat`, StatSnapshotRequest, { snapshotter, key }, StatSnapshotResponse, options);
    if (!res.info) throw this.rpc.error(new Error(`snapshot "${key}": empty stat response`));
    return res.info;
  }

  /** Updates labels named in updateMask ('labels.<key>'); all labels when empty. */
  async update(snapshotter: string, info: Pick<Info, 'name' | 'labels'>, updateMask: string[] = [],
    options?: RequestOptions): Promise<Info> {
    const full: Info = { name: info.name, labels: info.labels, parent: '', kind: 0 };
    const res = await this.rpc.unary(`${SERVICE}Update`, UpdateSnapshotRequest, { snapshotter, info: full, updateMask },
      UpdateSnapshotResponse, options);
    return res.info ?? full;
  }

  /** Snapshots matching any of the filters; all when none. */
  async list(snapshotter: string, filters: string[] = [], options?: RequestOptions): Promise<Info[]> {
    const out: Info[] = [];
    const batches = this.rpc.serverStream(`${SERVICE}List`, ListSnapshotsRequest, { snapshotter, filters },
      ListSnapshotsResponse, options);
    for await (const batch of batches) out.push(...batch.info);
    return out;
  }

  /** Disk usage of one snapshot (for active ones: what it adds over its parent). */
  usage(snapshotter: string, key: string, options?: RequestOptions): Promise<UsageResponse> {
    return this.rpc.unary(`${SERVICE}Usage`, UsageRequest, { snapshotter, key }, UsageResponse, options);
  }

  /** Asks the snapshotter to reclaim space of removed snapshots. */
  async cleanup(snapshotter: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Cleanup`, CleanupRequest, { snapshotter }, Empty, options);
  }
}
