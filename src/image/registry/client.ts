// The OCI distribution client for one registry host: resolve a reference, fetch manifests and blobs
// (blobs as the response stream itself, so callers stream to disk without copies), check and push
// blobs, push manifests, list tags.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { NerdtsError } from '../../errors';
import { MANIFEST_ACCEPT, detectManifestType } from '../media-types';
import type { Descriptor } from '../media-types';
import { familiarRepository, formatReference, isDigest } from '../reference';
import type { ImageReference } from '../reference';
import { repositoryScope } from './auth';
import { readBody } from './errors';
import type { FailureSubject } from './errors';
import { RegistrySession } from './session';
import type { RegistryOptions } from './session';
import { pushBlob, pushManifest, pushStreamedBlob } from './upload';
import type { PushBlobOptions, PushBlobResult, StreamedBlob } from './upload';
import { digestAlgorithm, digestOf } from './verify';

/** containerd's limit on manifest size. */
export const MAX_MANIFEST_SIZE = 4 * 1048 * 1048;
const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

export interface ResolvedManifest {
  /** The descriptor of what the reference points at (index or manifest). */
  descriptor: Descriptor;
  /** Its bytes, verified against the digest. */
  bytes: Buffer;
}

export interface BlobStream {
  /** The response body; read it or destroy it. */
  stream: Readable;
  /** Where the stream starts in the blob: the requested offset, or 0 when the registry ignored Range. */
  offset: number;
  /** Bytes the stream will carry, when the registry said. */
  length?: number;
}

/** Options every client call takes. */
export interface CallOptions { signal?: AbortSignal }

function contentType(res: IncomingMessage): string {
  return (res.headers['content-type'] ?? '').split(';')[0]!.trim();
}

function headerDigest(res: IncomingMessage): string | undefined {
  const d = res.headers['docker-content-digest'];
  return typeof d === 'string' && isDigest(d) ? d : undefined;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new NerdtsError('unavailable', `${what}: the registry sent invalid JSON`);
  }
}

/** Registry client for one host; methods take the repository path (`library/busybox`). */
export class RegistryClient {
  readonly session: RegistrySession;

  constructor(readonly registry: string, options: RegistryOptions = {}) {
    this.session = new RegistrySession(registry, options);
  }

  private subject(repo: string, subject: string, action: 'pull' | 'push' = 'pull'): FailureSubject {
    return { registry: this.registry, subject, action, repository: familiarRepository({ domain: this.registry, path: repo }) };
  }

  private manifestRequest(ref: ImageReference, options: CallOptions & { accept?: readonly string[] }) {
    const subject = this.subject(ref.path, formatReference(ref));
    return {
      capability: ref.digest ? 'pull' as const : 'resolve' as const,
      headers: { accept: (options.accept ?? MANIFEST_ACCEPT).join(', ') },
      scopes: [repositoryScope(ref.path)], signal: options.signal, subject,
    };
  }

  /**
   * What a reference points at, from a HEAD request alone when the registry sends digest, type and
   * size (Docker Hub does not count HEADs against pull limits); else from `resolve`.
   */
  async head(ref: ImageReference, options: CallOptions & { accept?: readonly string[] } = {}): Promise<Descriptor> {
    const base = this.manifestRequest(ref, options);
    const { res } = await this.session.request({ ...base, method: 'HEAD', path: `/${ref.path}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`, allow: [405, 501] });
    res.resume();
    const digest = res.statusCode === 200 ? headerDigest(res) : undefined;
    const size = Number(res.headers['content-length'] ?? NaN);
    const type = contentType(res);
    if (digest && (!ref.digest || digest === ref.digest) && Number.isInteger(size) && !GENERIC_TYPES.has(type)) {
      return { mediaType: type, digest, size };
    }
    return (await this.resolve(ref, options)).descriptor;
  }

  /** Resolves a tag or digest reference: HEAD for the digest, then GET of the verified bytes. */
  async resolve(ref: ImageReference, options: CallOptions & { accept?: readonly string[] } = {}): Promise<ResolvedManifest> {
    const base = this.manifestRequest(ref, options);
    let digest = ref.digest;
    if (!digest) {
      const head = await this.session.request({ ...base, method: 'HEAD', path: `/${ref.path}/manifests/${ref.tag ?? 'latest'}`, allow: [405, 501] });
      head.res.resume();
      if (head.res.statusCode === 200) digest = headerDigest(head.res);
    }
    const { res } = await this.session.request({ ...base, method: 'GET', path: `/${ref.path}/manifests/${digest ?? ref.tag ?? 'latest'}` });
    const bytes = await readBody(res, MAX_MANIFEST_SIZE, `manifest ${base.subject.subject}`);
    const computed = digestOf(bytes, digest ? digestAlgorithm(digest) : 'sha256');
    if (digest && computed !== digest) {
      throw new NerdtsError('failed-precondition', `${base.subject.subject}: manifest digest mismatch: expected ${digest}, got ${computed}`);
    }
    const type = contentType(res);
    const mediaType = GENERIC_TYPES.has(type) ? detectManifestType(bytes) ?? type : type;
    return { descriptor: { mediaType, digest: computed, size: bytes.length }, bytes };
  }

  /** Fetches a manifest or index by descriptor and checks its size and digest. */
  async fetchManifest(repo: string, desc: Descriptor, options: CallOptions = {}): Promise<Buffer> {
    const accept = [...new Set([desc.mediaType, ...MANIFEST_ACCEPT])].join(', ');
    const subject = this.subject(repo, `manifest ${desc.digest}`);
    const { res } = await this.session.request({
      capability: 'pull', method: 'GET', path: `/${repo}/manifests/${desc.digest}`, headers: { accept },
      scopes: [repositoryScope(repo)], signal: options.signal, subject,
    });
    const bytes = await readBody(res, Math.min(MAX_MANIFEST_SIZE, Math.max(desc.size, 0) || MAX_MANIFEST_SIZE), subject.subject);
    const got = digestOf(bytes, digestAlgorithm(desc.digest));
    if (bytes.length !== desc.size || got !== desc.digest) {
      throw new NerdtsError('failed-precondition', `${subject.subject}: content does not match its descriptor (got ${got}, ${bytes.length} bytes)`);
    }
    return bytes;
  }

  /** Opens a blob for reading, from `offset` when given (HTTP Range); the caller verifies it. */
  async fetchBlob(repo: string, desc: Descriptor, options: CallOptions & { offset?: number } = {}): Promise<BlobStream> {
    const offset = options.offset ?? 0;
    if (offset > 0 && offset >= desc.size) return { stream: Readable.from([]), offset: desc.size, length: 0 };
    const { res } = await this.session.request({
      capability: 'pull', method: 'GET', path: `/${repo}/blobs/${desc.digest}`,
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, redirects: true,
      scopes: [repositoryScope(repo)], signal: options.signal, subject: this.subject(repo, `blob ${desc.digest}`),
    });
    const start = res.statusCode === 206 ? Number(/bytes (\d+)-/.exec(res.headers['content-range'] ?? '')?.[1] ?? 0) : 0;
    const length = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
    return { stream: res, offset: start, ...(length !== undefined && { length }) };
  }

  /** True when the repository already has the blob (HEAD). */
  async blobExists(repo: string, desc: Descriptor, options: CallOptions & { push?: boolean } = {}): Promise<boolean> {
    const { res } = await this.session.request({
      capability: options.push ? 'push' : 'pull', method: 'HEAD', path: `/${repo}/blobs/${desc.digest}`, redirects: true,
      scopes: [repositoryScope(repo, options.push)], signal: options.signal, allow: [404],
      subject: this.subject(repo, `blob ${desc.digest}`, options.push ? 'push' : 'pull'),
    });
    res.resume();
    return res.statusCode !== 404;
  }

  /** Uploads a blob unless the repository has it; `open` is called for each attempt. */
  pushBlob(repo: string, desc: Descriptor, open: () => Readable, options: PushBlobOptions = {}): Promise<PushBlobResult> {
    return pushBlob(this.session, repo, desc, open, options);
  }

  /** Uploads a blob whose digest is known only after its bytes are produced; returns that digest and size. */
  pushStreamedBlob(repo: string, blob: StreamedBlob, options: CallOptions = {}): Promise<{ digest: string; size: number }> {
    return pushStreamedBlob(this.session, repo, blob, options.signal);
  }

  /** Uploads a manifest or index under the reference's tag (or digest); returns its descriptor. */
  pushManifest(ref: ImageReference, mediaType: string, bytes: Buffer, options: CallOptions = {}): Promise<Descriptor> {
    return pushManifest(this.session, ref, mediaType, bytes, options.signal);
  }

  /** All tags of a repository, following `Link: <...>; rel="next"` pages. */
  async listTags(repo: string, options: CallOptions = {}): Promise<string[]> {
    const tags: string[] = [];
    const base = { capability: 'pull' as const, method: 'GET', scopes: [repositoryScope(repo)], signal: options.signal,
      subject: this.subject(repo, `repository ${repo}`) };
    let r = await this.session.request({ ...base, path: `/${repo}/tags/list` });
    for (;;) {
      const doc = parseJson<{ tags?: string[] | null }>(await readBody(r.res, 16 << 20, 'tag list'), `tag list of ${repo}`);
      tags.push(...(doc.tags ?? []));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(r.res.headers.link ?? ''));
      if (!next) return tags;
      r = await this.session.request({ ...base, url: new URL(next[1]!, r.url), endpoint: r.endpoint });
    }
  }

  /** GET /v2/ on the registry itself (not a mirror), with authorization: checks reachability and credentials. */
  async ping(options: CallOptions = {}): Promise<void> {
    const all = await this.session.endpoints();
    const upstream = all.find((e) => !e.namespace) ?? all[all.length - 1]!;
    const { res } = await this.session.request({
      capability: 'resolve', method: 'GET', path: '/', endpoint: upstream, scopes: [], signal: options.signal,
      subject: { registry: this.registry, subject: `registry ${this.registry}` },
    });
    res.resume();
  }

  /** Releases idle connections. */
  close(): void {
    this.session.close();
  }
}
