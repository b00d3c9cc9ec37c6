// Digest computation and a pass-through stream that checks a blob's size and digest at its end.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { NerdtsError } from '../../errors';
import type { Descriptor } from '../media-types';

/** The algorithm part of a digest (`sha256` for `sha256:...`). */
export function digestAlgorithm(digest: string): string {
  const colon = digest.indexOf(':');
  return colon > 0 ? digest.slice(0, colon) : 'sha256';
}

/** `sha256:<hex>` of some bytes (or another algorithm, e.g. to check a sha512 digest). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Where a verified stream starts in its blob. */
export interface VerifyOptions {
  /** Bytes of the blob already held before this stream (a resumed download). */
  offset?: number;
  /** A hash already fed with those first `offset` bytes; required when offset > 0. */
  hash?: Hash;
}

/** Passes chunks through unchanged and fails at the end if size or digest differ from the descriptor. */
export class DigestVerifier extends Transform {
  private readonly hash: Hash;
  private received: number;

  constructor(private readonly desc: Pick<Descriptor, 'digest' | 'size'>, options: VerifyOptions = {}) {
    super({ highWaterMark: 1 << 20 });
    if ((options.offset ?? 0) > 0 && !options.hash) throw new NerdtsError('invalid-argument', 'resuming verification needs the hash of the bytes before the offset');
    this.hash = options.hash ?? createHash(digestAlgorithm(desc.digest));
    this.received = options.offset ?? 0;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.desc.size) {
      done(new NerdtsError('failed-precondition', `blob ${this.desc.digest}: got more than the expected ${this.desc.size} bytes`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.received !== this.desc.size) {
      done(new NerdtsError('failed-precondition', `blob ${this.desc.digest}: got ${this.received} of ${this.desc.size} bytes`));
      return;
    }
    const got = `${digestAlgorithm(this.desc.digest)}:${this.hash.digest('hex')}`;
    done(got === this.desc.digest ? null : new NerdtsError('failed-precondition', `blob ${this.desc.digest}: digest mismatch (got ${got})`));
  }
}
