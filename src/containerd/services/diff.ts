// containerd.services.diff.v1.Diff: applies a layer blob onto mounts, or computes one between two.
import { ApplyRequest, ApplyResponse, DiffRequest, DiffResponse } from '../generated/api/services/diff/v1/diff';
import type { Rpc, RequestOptions } from '../rpc';
import { toDescriptor } from '../types';
import type { Any, Descriptor, DescriptorInput, Mount } from '../types';

export interface DiffInput {
  left: Mount[];
  right: Mount[];
  /** Default: containerd's choice (gzip-compressed tar layer). */
  mediaType?: string;
  /** Content ingest ref to use while writing the result. */
  ref?: string;
  labels?: Record<string, string>;
}

const SERVICE = '/containerd.services.diff.v1.Diff/';

export class DiffService {
  constructor(private readonly rpc: Rpc) {}

  /** Unpacks the layer blob `layer` (already in the content store) onto `mounts`; returns the uncompressed descriptor. */
  async apply(layer: DescriptorInput, mounts: Mount[], payloads: Record<string, Any> = {},
    options?: RequestOptions): Promise<Descriptor> {
    const res = await this.rpc.unary(`${SERVICE}Apply`, ApplyRequest, { diff: toDescriptor(layer), mounts, payloads },
      ApplyResponse, options);
    if (!res.applied) throw this.rpc.error(new Error('diff apply: empty response'));
    return res.applied;
  }

  /** Writes the changes from left to right as a layer into the content store. */
  async diff(input: DiffInput, options?: RequestOptions): Promise<Descriptor> {
    const req = { left: input.left, right: input.right, mediaType: input.mediaType ?? '', ref: input.ref ?? '',
      labels: input.labels ?? {} };
    const res = await this.rpc.unary(`${SERVICE}Diff`, DiffRequest, req, DiffResponse, options);
    if (!res.diff) throw this.rpc.error(new Error('diff: empty response'));
    return res.diff;
  }
}
