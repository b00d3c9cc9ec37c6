// Image blobs in containerd's content store: JSON reads and the garbage-collection labels that
// keep an image's manifests, config, layers and snapshots alive while a record points at it.
import { createHash } from 'node:crypto';
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import type { Descriptor, ImageIndex, Manifest } from './media-types';

export const UNCOMPRESSED_LABEL = 'containerd.io/uncompressed';
export const SNAPSHOT_REF_LABEL_PREFIX = 'containerd.io/gc.ref.snapshot.';
const DISTRIBUTION_SOURCE_PREFIX = 'containerd.io/distribution.source.';

/** Reads and parses a JSON blob (manifest, index, config). */
export async function readJson<T>(client: ContainerdClient, digest: string, options?: RequestOptions): Promise<T> {
  return JSON.parse((await client.content.readAll(digest, options)).toString('utf8')) as T;
}

/** containerd's ingest ref for a blob, as its own fetcher names them (so ctr and nerdts resume each other). */
export function ingestRef(kind: 'index' | 'manifest' | 'config' | 'layer', digest: string): string {
  return `${kind}-${digest}`;
}

/** Labels on an index: one gc reference per child manifest. */
export function indexLabels(index: ImageIndex): Record<string, string> {
  const labels: Record<string, string> = {};
  index.manifests.forEach((m, i) => { labels[`containerd.io/gc.ref.content.m.${i}`] = m.digest; });
  return labels;
}

/** Labels on a manifest: gc references to its config and layers. */
export function manifestLabels(manifest: Manifest): Record<string, string> {
  const labels: Record<string, string> = { 'containerd.io/gc.ref.content.config': manifest.config.digest };
  manifest.layers.forEach((l, i) => { labels[`containerd.io/gc.ref.content.l.${i}`] = l.digest; });
  return labels;
}

/** containerd's distribution-source label, used for cross-repository blob mounts on push. */
export function sourceLabel(domain: string, path: string): Record<string, string> {
  return { [`${DISTRIBUTION_SOURCE_PREFIX}${domain}`]: path };
}

/** chain IDs of a layer stack (OCI image-spec config.md): the snapshot names. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? diffId : `sha256:${createHash('sha256').update(`${prev} ${diffId}`).digest('hex')}`);
  }
  return out;
}

/** A content descriptor in containerd's message form. */
export function toContainerdDescriptor(d: Descriptor): { mediaType: string; digest: string; size: number; annotations: Record<string, string> } {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, annotations: d.annotations ?? {} };
}
