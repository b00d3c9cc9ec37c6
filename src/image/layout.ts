// Names and shapes shared by save and load: the OCI image layout (oci-layout, index.json,
// blobs/<alg>/<hex>) and docker-archive's manifest.json and repositories files.
import type { Descriptor } from './media-types';

/** containerd's annotation with the full image name (`docker.io/library/busybox:latest`). */
export const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';
/** OCI's ref name annotation: docker writes the tag alone, other tools a full reference. */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** The fixed file names of both formats, and the oci-layout file's content. */
export const OCI_LAYOUT_FILE = 'oci-layout';
export const INDEX_FILE = 'index.json';
export const DOCKER_MANIFEST_FILE = 'manifest.json';
export const REPOSITORIES_FILE = 'repositories';
export const OCI_LAYOUT_CONTENT = '{"imageLayoutVersion":"1.0.0"}';

/** One image of docker-archive's manifest.json. */
export interface DockerManifestItem {
  /** path of the config inside the archive */
  Config: string;
  RepoTags: string[] | null;
  /** paths of the layer tars, bottom first */
  Layers: string[];
  Parent?: string;
  LayerSources?: Record<string, Descriptor>;
}

/** The archive path of a blob: `blobs/sha256/<hex>`. */
export function blobPath(digest: string): string {
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

/** The digest a `blobs/<alg>/<hex>` path names, or undefined for other paths. */
export function blobDigest(path: string): string | undefined {
  const m = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(path);
  return m ? `${m[1]}:${m[2]}` : undefined;
}
