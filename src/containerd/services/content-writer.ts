// One resumable ingest in containerd's content store, over the bidirectional Content.Write call.
// containerd keeps a partially written ingest under its ref when the stream breaks, so a new writer
// with the same ref learns the offset already written (the first, 'stat', exchange) and goes on
// from there.
import {
  AbortRequest, WriteAction, WriteContentRequest, WriteContentResponse,
} from '../generated/api/services/content/v1/content';
import { NerdtsError, hasCode, isAlreadyExists } from '../../errors';
import { Empty } from '../rpc';
import type { Rpc, RequestOptions, Stream } from '../rpc';

export const WRITE_METHOD = '/containerd.services.content.v1.Content/Write';
const ABORT_METHOD = '/containerd.services.content.v1.Content/Abort';

/** Largest data message; containerd's default gRPC receive limit is 16 MiB. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;
// Write messages sent before waiting for their acknowledgements: keeps the socket busy.
const WINDOW = 4;

export interface OpenWriterOptions {
  /** Expected size; containerd checks it at commit. */
  total?: number;
  /** Expected digest: when the blob already exists, open fails fast with already-exists. */
  expected?: string;
  chunkSize?: number;
  /** Retries while another writer holds the ref ("locked"); sleeps are injected for tests. */
  lockRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface IngestOffset {
  ref: string;
  /** Bytes containerd already holds for this ref. */
  offset: number;
  total: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isLocked = (err: unknown): boolean => hasCode(err, 'unavailable') && /locked/.test((err as Error).message);

/** A write session holding containerd's lock on `ref`: write() then commit(), or close() / abort(). */
export class ContentWriter {
  // containerd's offset expected in each outstanding response, oldest first.
  private readonly acks: number[] = [];
  private done = false;

  private constructor(
    private readonly rpc: Rpc,
    private readonly options: RequestOptions | undefined,
    private readonly call: Stream,
    readonly ref: string,
    /** Bytes containerd holds; advances with each write. */
    public offset: number,
    readonly total: number,
    private readonly chunkSize: number,
  ) {}

  /** Opens (or resumes) the ingest `ref`; already-exists when `expected` is already stored. */
  static async open(rpc: Rpc, ref: string, opts: OpenWriterOptions = {}, options?: RequestOptions): Promise<ContentWriter> {
    const sleep = opts.sleep ?? realSleep;
    for (let attempt = 0; ; attempt++) {
      const call = rpc.stream(WRITE_METHOD, options);
      try {
        const status = await stat(call, ref, opts.total ?? 0, opts.expected ?? '');
        return new ContentWriter(rpc, options, call, ref, status.offset, status.total, opts.chunkSize ?? DEFAULT_CHUNK_SIZE);
      } catch (err) {
        call.cancel();
        if (!isLocked(err) || attempt >= (opts.lockRetries ?? 20)) throw err;
        await sleep(Math.min(50 * 2 ** attempt, 1000));
      }
    }
  }

  /** Appends data at the current offset, in chunks of at most chunkSize. */
  async write(data: Uint8Array): Promise<void> {
    for (let start = 0; start < data.length; start += this.chunkSize) {
      const chunk = data.subarray(start, Math.min(start + this.chunkSize, data.length));
      await this.send({ action: WriteAction.WRITE, offset: this.offset, data: chunk });
      this.offset += chunk.length;
      this.acks.push(this.offset);
      if (this.acks.length >= WINDOW) await this.ack();
    }
  }

  /** Waits until containerd has acknowledged every write so far (offset is then exact on its side). */
  async flush(): Promise<void> {
    while (this.acks.length > 0) await this.ack();
  }

  /** Verifies size and digest and stores the blob; a blob that already exists counts as success. */
  async commit(size: number, digest: string, labels: Record<string, string> = {}): Promise<void> {
    try {
      await this.flush();
      await this.send({ action: WriteAction.COMMIT, offset: this.offset, total: size, expected: digest, labels });
      this.acks.push(this.offset);
      this.call.end();
      await this.ack();
      while ((await this.call.read()) !== undefined) { /* containerd sends nothing after the commit reply */ }
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    } finally {
      this.finish();
    }
  }

  /**
   * Ends the session but keeps what containerd wrote, so a later open() with the same ref resumes.
   * Resolves once containerd has released the ref (it answers the half-close only after that).
   */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      this.call.end();
      while ((await this.call.read()) !== undefined) { /* acknowledgements of pending writes */ }
    } catch {
      this.call.cancel(); // a broken stream: containerd drops it on its side
    }
  }

  /** Ends the session and discards the ingest and its data. */
  async abort(): Promise<void> {
    await this.close();
    await this.rpc.unary(ABORT_METHOD, AbortRequest, { ref: this.ref }, Empty, this.options);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.call.cancel();
  }

  private async send(fields: Partial<WriteContentRequest>): Promise<void> {
    if (this.done) throw new NerdtsError('failed-precondition', `content write "${this.ref}" is closed`);
    await this.call.write(WriteContentRequest.encode(request(this.ref, fields)).finish());
  }

  // Each request gets one response carrying containerd's offset; a mismatch means lost data.
  private async ack(): Promise<void> {
    const bytes = await this.call.read();
    if (bytes === undefined) throw new NerdtsError('internal', `content write "${this.ref}": stream ended early`);
    const want = this.acks.shift();
    const got = WriteContentResponse.decode(bytes).offset;
    if (got !== want) {
      throw new NerdtsError('internal', `content write "${this.ref}": containerd is at offset ${got}, expected ${want}`);
    }
  }
}

function request(ref: string, fields: Partial<WriteContentRequest>): WriteContentRequest {
  return { action: WriteAction.STAT, ref, total: 0, expected: '', offset: 0, data: new Uint8Array(0), labels: {}, ...fields };
}

async function stat(call: Stream, ref: string, total: number, expected: string): Promise<IngestOffset> {
  await call.write(WriteContentRequest.encode(request(ref, { total, expected })).finish());
  const bytes = await call.read();
  if (bytes === undefined) throw new NerdtsError('internal', `content write "${ref}": no status from containerd`);
  const res = WriteContentResponse.decode(bytes);
  return { ref, offset: res.offset, total: res.total };
}
