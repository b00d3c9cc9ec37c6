// containerd.services.content.v1.Content: the content-addressed blob store (layers, manifests,
// configs) and its in-progress ingests.
import {
  AbortRequest, DeleteContentRequest, InfoRequest, InfoResponse, ListContentRequest, ListContentResponse,
  ListStatusesRequest, ListStatusesResponse, ReadContentRequest, ReadContentResponse, StatusRequest,
  StatusResponse, UpdateRequest, UpdateResponse,
} from '../generated/api/services/content/v1/content';
import type { Info, Status } from '../generated/api/services/content/v1/content';
import { isAlreadyExists } from '../../errors';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions } from '../rpc';
import { ContentWriter } from './content-writer';
import type { OpenWriterOptions } from './content-writer';

export type { Info as ContentInfo, Status as IngestStatus } from '../generated/api/services/content/v1/content';
export { ContentWriter } from './content-writer';
export type { OpenWriterOptions } from './content-writer';

export interface WriteBlobInput extends Omit<OpenWriterOptions, 'total' | 'expected'> {
  /** Ingest name; the same ref resumes an interrupted write (e.g. 'pull-<digest>'). */
  ref: string;
  digest: string;
  size: number;
  labels?: Record<string, string>;
  /** The blob's bytes from `offset` on; called once, after containerd reports what it already holds. */
  source: (offset: number) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Called after each chunk with the bytes containerd holds so far. */
  onProgress?: (offset: number) => void;
}

export interface WriteBlobResult {
  /** True when the blob was already stored (nothing written). */
  existed: boolean;
  /** Offset the write resumed from (0 for a fresh ingest). */
  resumedFrom: number;
}

const SERVICE = '/containerd.services.content.v1.Content/';

export class ContentService {
  constructor(private readonly rpc: Rpc) {}

  async info(digest: string, options?: RequestOptions): Promise<Info> {
    const res = await this.rpc.unary(`${SERVICE}Info`, InfoRequest, { digest }, InfoResponse, options);
    if (!res.info) throw this.rpc.error(new Error(`content ${digest}: empty response`));
    return res.info;
  }

  /** Replaces the labels named in updateMask ('labels.<key>'); all labels when it is empty. */
  async update(digest: string, labels: Record<string, string>, updateMask: string[] = [], options?: RequestOptions): Promise<Info> {
    const info: Info = { digest, labels, size: 0 };
    const res = await this.rpc.unary(`${SERVICE}Update`, UpdateRequest, { info, updateMask }, UpdateResponse, options);
    return res.info ?? info;
  }

  /** Blobs matching any of the filters (e.g. 'labels."containerd.io/gc.ref.content.l.0"'); all when none. */
  async list(filters: string[] = [], options?: RequestOptions): Promise<Info[]> {
    const out: Info[] = [];
    const batches = this.rpc.serverStream(`${SERVICE}List`, ListContentRequest, { filters }, ListContentResponse, options);
    for await (const batch of batches) out.push(...batch.info);
    return out;
  }

  async delete(digest: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Delete`, DeleteContentRequest, { digest }, Empty, options);
  }

  /** The blob's bytes (from offset, size bytes or to the end) as containerd streams them. */
  async *read(digest: string, { offset = 0, size = 0 } = {}, options?: RequestOptions): AsyncGenerator<Uint8Array, void, undefined> {
    const chunks = this.rpc.serverStream(`${SERVICE}Read`, ReadContentRequest, { digest, offset, size }, ReadContentResponse, options);
    for await (const chunk of chunks) yield chunk.data;
  }

  /** The whole blob in memory: for manifests, indexes and configs, not layers. */
  async readAll(digest: string, options?: RequestOptions): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for await (const chunk of this.read(digest, {}, options)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** The state of an in-progress ingest; not-found when there is none. */
  async status(ref: string, options?: RequestOptions): Promise<Status> {
    const res = await this.rpc.unary(`${SERVICE}Status`, StatusRequest, { ref }, StatusResponse, options);
    if (!res.status) throw this.rpc.error(new Error(`ingest "${ref}": empty response`));
    return res.status;
  }

  async listStatuses(filters: string[] = [], options?: RequestOptions): Promise<Status[]> {
    const res = await this.rpc.unary(`${SERVICE}ListStatuses`, ListStatusesRequest, { filters }, ListStatusesResponse, options);
    return res.statuses;
  }

  /** Drops an in-progress ingest and its data. */
  async abort(ref: string, options?: RequestOptions): Promise<void> {
    await this.rpc.unary(`${SERVICE}Abort`, AbortRequest, { ref }, Empty, options);
  }

  /** Opens (or resumes) an ingest for step-by-step writing; already-exists when `expected` is stored. */
  openWriter(ref: string, opts: OpenWriterOptions = {}, options?: RequestOptions): Promise<ContentWriter> {
    return ContentWriter.open(this.rpc, ref, opts, options);
  }

  /**
   * Stores a blob, resuming a previous partial write under the same ref. On failure the ingest is
   * kept for a later resume; abort(ref) discards it (e.g. after a digest mismatch).
   */
  async write(input: WriteBlobInput, options?: RequestOptions): Promise<WriteBlobResult> {
    const { ref, digest, size, source, onProgress, labels, ...writerOptions } = input;
    let writer: ContentWriter;
    try {
      writer = await this.openWriter(ref, { ...writerOptions, total: size, expected: digest }, options);
    } catch (err) {
      if (isAlreadyExists(err)) return { existed: true, resumedFrom: 0 };
      throw err;
    }
    // More than the blob's size cannot be a prefix of it: start over (offset 0 truncates the ingest).
    if (writer.offset > size) writer.offset = 0;
    const resumedFrom = writer.offset;
    try {
      for await (const chunk of source(resumedFrom)) {
        await writer.write(chunk);
        onProgress?.(writer.offset);
      }
      await writer.commit(size, digest, labels);
    } catch (err) {
      await writer.close();
      throw err;
    }
    return { existed: false, resumedFrom };
  }
}
