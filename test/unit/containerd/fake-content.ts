// A strict fake Channel that plays containerd's Content.Write server side (same rules as
// containerd's contentserver: stat, offset checks, truncate on offset 0, commit checks). Any other
// call, or a call without the expected namespace, fails the test.
import { createHash } from 'node:crypto';
import {
  AbortRequest, WriteAction, WriteContentRequest, WriteContentResponse,
} from '../../../src/containerd/generated/api/services/content/v1/content';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';
import type { CallOptions, Channel, StreamingCall } from '../../../src/containerd/transport/channel';

export const sha256 = (data: Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export class FakeContentServer implements Channel {
  /** Committed blobs by digest. */
  readonly blobs = new Map<string, Buffer>();
  /** In-progress ingests by ref. */
  readonly ingests = new Map<string, Buffer>();
  /** Number of upcoming opens of a ref that fail as "locked". */
  readonly locked = new Map<string, number>();
  /** Every request message received, for assertions. */
  readonly log: WriteContentRequest[] = [];
  streams = 0;
  cancels = 0;
  commitLabels: Record<string, string> | undefined;

  constructor(private readonly namespace: string) {}

  /** Content.Abort is expected only when a test says so. */
  allowAbort = false;
  readonly aborted: string[] = [];

  async unary(path: string, request: Uint8Array): Promise<Uint8Array> {
    if (!this.allowAbort || path !== '/containerd.services.content.v1.Content/Abort') throw new Error(`unexpected unary call ${path}`);
    const { ref } = AbortRequest.decode(request);
    if (this.streamsOpen.has(ref)) throw new Error(`abort of ${ref} while its write stream is open`);
    this.aborted.push(ref);
    this.ingests.delete(ref);
    return new Uint8Array(0);
  }

  /** Refs whose write stream has not finished (containerd holds their lock). */
  readonly streamsOpen = new Set<string>();
  serverStream(path: string): AsyncIterable<Uint8Array> { throw new Error(`unexpected server stream ${path}`); }
  close(): void { throw new Error('unexpected close'); }

  stream(path: string, options?: CallOptions): StreamingCall {
    if (path !== '/containerd.services.content.v1.Content/Write') throw new Error(`unexpected stream ${path}`);
    if (options?.metadata?.['containerd-namespace'] !== this.namespace) throw new Error('missing namespace metadata');
    this.streams++;
    return new FakeWrite(this);
  }
}

class FakeWrite implements StreamingCall {
  private ref = '';
  private readonly out: Uint8Array[] = [];
  private status: GrpcStatusError | null | undefined; // null: finished OK
  private ended = false;

  constructor(private readonly server: FakeContentServer) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new Error('write after end');
    if (this.status !== undefined) return; // the server has gone; real transports drop it too
    const req = WriteContentRequest.decode(bytes);
    this.server.log.push(req);
    try {
      this.handle(req);
    } catch (err) {
      if (!(err instanceof GrpcStatusError)) throw err;
      this.status = err;
    }
  }

  private handle(req: WriteContentRequest): void {
    const s = this.server;
    if (!this.ref) {
      if (!req.ref) throw new GrpcStatusError(3, 'first message must have a reference');
      const locks = s.locked.get(req.ref) ?? 0;
      if (locks > 0) {
        s.locked.set(req.ref, locks - 1);
        throw new GrpcStatusError(14, `ref default/1/${req.ref} locked for 1s: unavailable`);
      }
      this.ref = req.ref;
      s.streamsOpen.add(req.ref);
      if (!s.ingests.has(req.ref)) s.ingests.set(req.ref, Buffer.alloc(0));
    }
    if (req.expected && s.blobs.has(req.expected)) {
      s.ingests.delete(this.ref);
      throw new GrpcStatusError(6, `blob with expected digest ${req.expected} exists`);
    }
    let data = s.ingests.get(this.ref)!;
    if (req.action !== WriteAction.STAT) {
      if (req.offset > 0 && req.offset !== data.length) {
        throw new GrpcStatusError(11, `write @${req.offset} must occur at current offset ${data.length}`);
      }
      if (req.offset === 0) data = Buffer.alloc(0);
      data = Buffer.concat([data, req.data]);
      s.ingests.set(this.ref, data);
    }
    if (req.action === WriteAction.COMMIT) this.commit(req, data);
    this.out.push(WriteContentResponse.encode({ action: req.action, offset: data.length, total: req.total, digest: '' }).finish());
    if (req.action === WriteAction.COMMIT) this.status = null;
  }

  private commit(req: WriteContentRequest, data: Buffer): void {
    const s = this.server;
    const digest = sha256(data);
    if (req.total && req.total !== data.length) throw new GrpcStatusError(9, `unexpected commit size ${data.length}, expected ${req.total}`);
    if (req.expected && req.expected !== digest) throw new GrpcStatusError(9, `unexpected commit digest ${digest}, expected ${req.expected}`);
    s.ingests.delete(this.ref);
    if (s.blobs.has(digest)) throw new GrpcStatusError(6, `content ${digest}: already exists`);
    s.blobs.set(digest, data);
    s.commitLabels = req.labels;
  }

  async read(): Promise<Uint8Array | undefined> {
    const next = this.out.shift();
    if (next) return next;
    if (this.status !== undefined || this.ended) this.server.streamsOpen.delete(this.ref);
    if (this.status) throw this.status;
    if (this.status === null || this.ended) return undefined;
    throw new Error('read would block forever: the client waits for a response it never asked for');
  }

  end(): void { this.ended = true; }
  cancel(): void {
    this.server.cancels++;
    this.server.streamsOpen.delete(this.ref);
    this.status ??= new GrpcStatusError(1, 'canceled');
  }
}
