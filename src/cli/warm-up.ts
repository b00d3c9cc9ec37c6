// Work done once while building the start-up snapshot, so the code of the hot paths is compiled
// (and its inline caches warm) in the blob instead of on every command: argv parsing, and
// `images` end to end against an in-memory containerd (warm-up-server.ts), and `ps` (warm-up-ps.ts).
import { createHash } from 'node:crypto';
import { ContainerdClient } from '../containerd/client';
import { ListImagesResponse } from '../containerd/generated/api/services/images/v1/images';
import { InfoResponse, ReadContentRequest, ReadContentResponse } from '../containerd/generated/api/services/content/v1/content';
import { UsageResponse } from '../containerd/generated/api/services/snapshots/v1/snapshots';
import { VersionResponse } from '../containerd/generated/api/services/version/v1/version';
import { connect } from '../containerd/transport/client';
import { listImages } from '../image/list';
import { SUMMARY_LABEL } from '../image/summary';
import { renderImages } from '../image/ops/images';
import { parseArgv } from './argv';
import { commands } from './commands';
import { buildRegistry } from './registry';
import { warmUpPs } from './warm-up-ps';
import { warmUpSocket } from './warm-up-server';

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function fakeStore(): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  const put = (value: unknown): string => {
    const b = Buffer.from(JSON.stringify(value));
    blobs.set(digestOf(b), b);
    return digestOf(b);
  };
  const diffId = `sha256:${'1'.repeat(64)}`;
  const config = put({ architecture: 'amd64', os: 'linux', created: '2024-01-01T00:00:00Z', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [diffId] } });
  const manifest = put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: blobs.get(config)!.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'2'.repeat(64)}`, size: 100 }] });
  const index = put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifest, size: blobs.get(manifest)!.length, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'3'.repeat(64)}`, size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }] });
  blobs.set('manifest', Buffer.from(manifest));
  blobs.set('index', Buffer.from(index));
  return blobs;
}

/** The cached listing row label (summary.ts), so the fast path of `images` is warmed too. */
function summaryLabel(target: string): Record<string, string> {
  return { [SUMMARY_LABEL]: JSON.stringify({ target, id: target, created: '2024-01-01T00:00:00Z', platform: 'linux/amd64', size: 1, blobSize: 1, labels: {} }) };
}

function handler(blobs: Map<string, Buffer>): (path: string, request: Buffer) => Buffer[] {
  const manifest = blobs.get('manifest')!.toString();
  const index = blobs.get('index')!.toString();
  const time = { seconds: 1_700_000_000, nanos: 1 };
  const enc = <T>(type: { encode(m: T): { finish(): Uint8Array } }, m: T): Buffer => Buffer.from(type.encode(m).finish());
  return (path, request) => {
    switch (path.slice(path.lastIndexOf('/') + 1)) {
      case 'List': return [enc(ListImagesResponse, { images: ['a:1', 'b:2', 'c:3', 'd:4'].map((n, i) => ({
        name: `docker.io/library/${n}`, createdAt: time, updatedAt: time,
        labels: i === 0 ? summaryLabel(manifest) : {},
        target: i === 3
          ? { mediaType: 'application/vnd.oci.image.index.v1+json', digest: index, size: blobs.get(index)!.length, annotations: {} }
          : { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifest, size: blobs.get(manifest)!.length, annotations: {} } })) })];
      case 'Read': return [enc(ReadContentResponse, { offset: 0, data: blobs.get(ReadContentRequest.decode(request).digest) ?? new Uint8Array(0) })];
      case 'Info': return [enc(InfoResponse, { info: { digest: manifest, size: 1, createdAt: time, updatedAt: time, labels: {} } })];
      case 'Usage': return [enc(UsageResponse, { size: 1000, inodes: 3 })];
      case 'Version': return [enc(VersionResponse, { version: 'warm-up', revision: 'warm-up' })];
      default: return [];
    }
  };
}

/** Runs the hot paths once; resolves when done (the snapshot is taken after the event loop drains). */
export async function warmUp(): Promise<void> {
  const registry = buildRegistry(commands);
  for (const line of ['images', 'image ls -q', 'ps -a', 'version', '-n x images --format json', 'pull -q x', '--help']) {
    try { parseArgv(line.split(' '), registry); } catch { /* a command that does not exist yet */ }
  }
  const client = ContainerdClient.over(connect(warmUpSocket(handler(fakeStore()))), 'warm-up', 'default');
  try {
    for (let i = 0; i < 3; i++) {
      const rows = await listImages(client, 'overlayfs');
      renderImages(rows, { quiet: false, digests: false, noTrunc: false });
      renderImages(rows, { quiet: true, digests: false, noTrunc: false });
      await client.version.get();
    }
  } finally {
    client.close();
  }
  await warmUpPs();
}
