// Blob and manifest uploads (OCI distribution spec): HEAD to skip existing blobs, optional
// cross-repository mount, POST for an upload location, then one monolithic PUT ?digest= (or a
// streamed PATCH followed by an empty PUT).
import type { Readable } from 'node:stream';
import { NerdtsError } from '../../errors';
import type { Descriptor } from '../media-types';
import { familiarRepository, formatReference } from '../reference';
import type { ImageReference } from '../reference';
import { repositoryScope } from './auth';
import type { FailureSubject } from './errors';
import type { Endpoint, RegistryResponse, RegistrySession } from './session';
import { digestOf } from './verify';

/** Options of pushBlob. */
export interface PushBlobOptions {
  /** Another repository of the same registry that may hold the blob (cross-repository mount). */
  mountFrom?: string;
  /** `stream`: one PATCH with the whole body, then an empty PUT; default one PUT with the body. */
  mode?: 'monolithic' | 'stream';
  signal?: AbortSignal;
}

/** What pushBlob did: nothing (exists), a mount, or an upload. */
export type PushBlobResult = 'exists' | 'mounted' | 'pushed';

interface UploadContext {
  session: RegistrySession;
  repo: string;
  scopes: string[];
  subject: FailureSubject;
  signal: AbortSignal | undefined;
}

function location(r: RegistryResponse, ctx: UploadContext): URL {
  const loc = r.res.headers.location;
  r.res.resume();
  if (!loc) throw new NerdtsError('unavailable', `${ctx.subject.subject}: registry ${ctx.session.registry} sent no upload location`);
  return new URL(loc, r.url);
}

async function exists(ctx: UploadContext, desc: Descriptor): Promise<boolean> {
  const { res } = await ctx.session.request({
    capability: 'push', method: 'HEAD', path: `/${ctx.repo}/blobs/${desc.digest}`, redirects: true,
    scopes: ctx.scopes, signal: ctx.signal, allow: [404], subject: ctx.subject,
  });
  res.resume();
  return res.statusCode !== 404;
}

/** Uploads one blob; `open` gives a fresh stream of its bytes for every attempt. */
export async function pushBlob(session: RegistrySession, repo: string, desc: Descriptor, open: () => Readable, options: PushBlobOptions = {}): Promise<PushBlobResult> {
  const ctx: UploadContext = {
    session, repo, signal: options.signal,
    scopes: [repositoryScope(repo, true), ...(options.mountFrom ? [repositoryScope(options.mountFrom)] : [])],
    subject: { registry: session.registry, subject: `blob ${desc.digest}`, action: 'push', repository: familiarRepository({ domain: session.registry, path: repo }) },
  };
  if (await exists(ctx, desc)) return 'exists';
  const start = await ctx.session.request({
    capability: 'push', method: 'POST', path: `/${repo}/blobs/uploads/`, headers: { 'content-length': '0' },
    query: options.mountFrom ? { mount: desc.digest, from: options.mountFrom } : undefined,
    scopes: ctx.scopes, signal: ctx.signal, subject: ctx.subject,
  });
  if (start.res.statusCode === 201) {
    start.res.resume();
    return 'mounted';
  }
  let target = location(start, ctx);
  let body: (() => Readable) | Buffer = open;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (options.mode === 'stream') {
    target = location(await send(ctx, start.endpoint, 'PATCH', target, open, headers), ctx);
    body = Buffer.alloc(0);
  } else {
    headers['content-length'] = String(desc.size);
  }
  target.searchParams.set('digest', desc.digest);
  const done = await send(ctx, start.endpoint, 'PUT', target, body, headers);
  done.res.resume();
  return 'pushed';
}

/** A blob whose digest and size are known only once its bytes have been produced (compressed on the fly). */
export interface StreamedBlob {
  /** a fresh stream of the bytes for every attempt */
  open: () => Readable;
  /** digest and size of what the last opened stream produced, read after it ended */
  produced: () => { digest: string; size: number };
}

/** Uploads a blob of unknown digest: POST, one streamed PATCH, then PUT ?digest= of what was sent. */
export async function pushStreamedBlob(session: RegistrySession, repo: string, blob: StreamedBlob, signal?: AbortSignal): Promise<{ digest: string; size: number }> {
  const ctx: UploadContext = {
    session, repo, signal, scopes: [repositoryScope(repo, true)],
    subject: { registry: session.registry, subject: 'layer upload', action: 'push', repository: familiarRepository({ domain: session.registry, path: repo }) },
  };
  const start = await ctx.session.request({
    capability: 'push', method: 'POST', path: `/${repo}/blobs/uploads/`, headers: { 'content-length': '0' },
    scopes: ctx.scopes, signal: ctx.signal, subject: ctx.subject,
  });
  const headers = { 'content-type': 'application/octet-stream' };
  const target = location(await send(ctx, start.endpoint, 'PATCH', location(start, ctx), blob.open, headers), ctx);
  const made = blob.produced();
  target.searchParams.set('digest', made.digest);
  const done = await send(ctx, start.endpoint, 'PUT', target, Buffer.alloc(0), headers);
  done.res.resume();
  return made;
}

function send(ctx: UploadContext, endpoint: Endpoint, method: string, url: URL, body: Buffer | (() => Readable), headers: Record<string, string>): Promise<RegistryResponse> {
  return ctx.session.request({
    capability: 'push', method, url, endpoint, body, headers, scopes: ctx.scopes, signal: ctx.signal, subject: ctx.subject,
  });
}

/** PUTs a manifest under the reference's tag, or its digest; returns the manifest's descriptor. */
export async function pushManifest(session: RegistrySession, ref: ImageReference, mediaType: string, bytes: Buffer, signal?: AbortSignal): Promise<Descriptor> {
  const digest = digestOf(bytes);
  if (ref.digest && ref.digest !== digest) {
    throw new NerdtsError('invalid-argument', `${formatReference(ref)}: manifest bytes do not match the reference digest (${digest})`);
  }
  const { res } = await session.request({
    capability: 'push', method: 'PUT', path: `/${ref.path}/manifests/${ref.tag ?? digest}`,
    headers: { 'content-type': mediaType }, body: bytes, scopes: [repositoryScope(ref.path, true)], signal,
    subject: { registry: session.registry, subject: formatReference(ref), action: 'push', repository: familiarRepository(ref) },
  });
  res.resume();
  return { mediaType, digest, size: bytes.length };
}
