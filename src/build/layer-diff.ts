// Layers made locally (build steps, commit) are stored as uncompressed tars, as docker's classic
// builder keeps them: compressing a large COPY layer on one core was most of a cold build, and the
// diff ID is the blob's own digest. `push` compresses them on the way to the registry (the label
// says so: other uncompressed blobs, e.g. from `import`, go out as they are).
import type { ContainerdClient } from '../containerd/client';
import type { RequestOptions } from '../containerd/rpc';
import type { Mount } from '../containerd/types';
import { MediaTypes } from '../image/media-types';
import type { Descriptor } from '../image/media-types';
import { COMPRESS_AT_PUSH } from '../image/push-layers';

/** docker's uncompressed layer type (media-types.ts lists only the compressed ones). */
const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar';

/** The changes from `lower` to `upper` as an uncompressed OCI layer blob and its diff ID. */
export async function diffLayer(client: ContainerdClient, lower: Mount[], upper: Mount[],
  options: RequestOptions): Promise<{ layer: Descriptor; diffId: string }> {
  // containerd's walking differ writes the tar as is for the media type without +gzip
  const desc = await client.diff.diff({ left: lower, right: upper, mediaType: MediaTypes.ociLayer, labels: { [COMPRESS_AT_PUSH]: 'gzip' } }, options);
  return { layer: { mediaType: MediaTypes.ociLayer, digest: desc.digest, size: Number(desc.size) }, diffId: desc.digest };
}

const OCI_OF_DOCKER: Record<string, string> = {
  [MediaTypes.dockerLayerGzip]: MediaTypes.ociLayerGzip,
  [MediaTypes.dockerLayerZstd]: MediaTypes.ociLayerZstd,
  [DOCKER_LAYER]: MediaTypes.ociLayer,
};

/**
 * A base layer as it goes into the OCI manifests build and commit write: docker layer types become
 * their OCI twins (same bytes, same digest), so the manifest does not mix the two families.
 */
export function asOciLayer(l: Descriptor): Descriptor {
  return { mediaType: OCI_OF_DOCKER[l.mediaType] ?? l.mediaType, digest: l.digest, size: l.size };
}
