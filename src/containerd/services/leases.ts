// containerd.services.leases.v1.Leases: leases keep content and snapshots from garbage collection
// while an operation (pull, unpack, commit) is between steps. Run calls under one with
// RequestOptions.lease.
import {
  AddResourceRequest, CreateRequest, CreateResponse, DeleteRequest, DeleteResourceRequest, ListRequest,
  ListResourcesRequest, ListResourcesResponse, ListResponse,
} from '../generated/api/services/leases/v1/leases';
import type { Lease, Resource } from '../generated/api/services/leases/v1/leases';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';

export type { Lease, Resource } from '../generated/api/services/leases/v1/leases';

/** containerd's garbage collector drops a lease after this time (RFC 3339). */
export const LEASE_EXPIRE_LABEL = 'containerd.io/gc.expire';
/** A flat lease protects only the resources added to it, not what they reference. */
export const LEASE_FLAT_LABEL = 'containerd.io/gc.flat';

export interface LeaseInput {
  id: string;
  labels?: Record<string, string>;
  /** When containerd may collect the lease even if nobody deleted it (crash safety). */
  expiresAt?: Date;
  flat?: boolean;
}

const SERVICE = '/containerd.services.leases.v1.Leases/';

// Go's time.RFC3339 layout: seconds precision.
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

export class LeasesService {
  constructor(private readonly rpc: Rpc) {}

  async create(input: LeaseInput, options?: RequestOptions): Promise<Lease> {
    const labels = { ...input.labels };
    if (input.expiresAt) labels[LEASE_EXPIRE_LABEL] = rfc3339(input.expiresAt);
    if (input.flat) labels[LEASE_FLAT_LABEL] = '';
    const res = await this.rpc.unary(`${SERVICE}Create`, CreateRequest, { id: input.id, labels }, CreateResponse, options);
    return res.lease ?? { id: input.id, labels };
  }

  /** Deletes the lease; sync waits for the garbage collection it allows. */
  async delete(id: string, { sync = false } = {}, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Delete`, DeleteRequest, { id, sync }, Empty, options);
  }

  async list(filters: string[] = [], options?: RequestOptions): Promise<Lease[]> {
    const res = await this.rpc.unary(`${SERVICE}List`, ListRequest, { filters }, ListResponse, options);
    return res.leases;
  }

  /** Resource types: 'content', 'ingests', 'snapshots/<snapshotter>'. */
  async addResource(id: string, resource: Resource, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}AddResource`, AddResourceRequest, { id, resource }, Empty, options);
  }

  async deleteResource(id: string, resource: Resource, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}DeleteResource`, DeleteResourceRequest, { id, resource }, Empty, options);
  }

  async listResources(id: string, options?: RequestOptions): Promise<Resource[]> {
    const res = await this.rpc.unary(`${SERVICE}ListResources`, ListResourcesRequest, { id }, ListResourcesResponse, options);
    return res.resources;
  }
}
