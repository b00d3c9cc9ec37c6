import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerdClient } from '../../../src/containerd/client';
import { NerdtsError } from '../../../src/errors';
import { createImage } from '../../../src/image/create';
import type { Descriptor, ImageConfig } from '../../../src/image/media-types';
import { exportImage, expectedImage } from '../../../src/build/export-image';
import { LazyLease } from '../../../src/build/lease';

const D = (c: string): string => `sha256:${c.repeat(64)}`;
const layers: Descriptor[] = [
  { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D('a'), size: 10 },
  { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D('b'), size: 20 },
];
const config: ImageConfig = {
  created: '2024-01-01T00:00:00Z', architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] },
  rootfs: { type: 'layers', diff_ids: [D('c'), D('d')] }, history: [{ created_by: 'x' }],
};

/** A containerd that records calls; blobs and records are kept in maps. */
function fakeClient(records: Map<string, { name: string; target: Descriptor; labels: Record<string, string> }>, blobs: Set<string>) {
  const calls: string[] = [];
  const notFound = (): Error => new NerdtsError('not-found', 'not found');
  const client = {
    images: {
      get: async (name: string) => { calls.push('images.get'); const r = records.get(name); if (!r) throw notFound(); return r; },
      create: async () => { calls.push('images.create'); },
    },
    content: {
      info: async (digest: string) => { calls.push('content.info'); if (!blobs.has(digest)) throw notFound(); return { digest, labels: {} }; },
      write: async (w: { digest: string }) => { calls.push('content.write'); blobs.add(w.digest); },
    },
    snapshots: { stat: async () => { calls.push('snapshots.stat'); return {}; } },
    leases: { create: async () => { calls.push('leases.create'); return {}; }, delete: async () => { calls.push('leases.delete'); } },
  };
  return { client: client as unknown as ContainerdClient, calls };
}

describe('exportImage', () => {
  test('expectedImage predicts the manifest digest and image ID createImage stores', async () => {
    const { client } = fakeClient(new Map(), new Set());
    const made = await createImage(client, { config, layers, snapshotter: 'overlayfs' }, {});
    assert.deepEqual(expectedImage(config, layers), made);
  });

  test('records already pointing at the image (with a summary) and present blobs: no lease, no writes', async () => {
    const e = expectedImage(config, layers);
    const summary = JSON.stringify({ target: e.manifest.digest, id: e.id, created: '', platform: '', size: 1, blobSize: 1, labels: {} });
    const records = new Map([['docker.io/library/x:latest', { name: 'docker.io/library/x:latest', target: e.manifest, labels: { 'nerdts/image.summary': summary } }]]);
    const { client, calls } = fakeClient(records, new Set([e.manifest.digest, e.id]));
    const out = await exportImage({ client, snapshotter: 'overlayfs', lease: new LazyLease(client), config, layers, names: ['docker.io/library/x:latest'] });
    assert.equal(out.id, e.id);
    assert.deepEqual(calls.sort(), ['content.info', 'content.info', 'images.get']);
  });

  test('a record pointing elsewhere, or a missing blob, takes the full path under a lease', async () => {
    const e = expectedImage(config, layers);
    const records = new Map([['x', { name: 'x', target: { ...e.manifest, digest: D('f') }, labels: {} }]]);
    const { client, calls } = fakeClient(records, new Set([e.manifest.digest, e.id]));
    const lease = new LazyLease(client);
    await exportImage({ client, snapshotter: 'overlayfs', lease, config, layers, names: ['x'] });
    await lease.release();
    assert.ok(calls.includes('leases.create') && calls.includes('content.write') && calls.includes('images.create') && calls.includes('leases.delete'));
  });
});
