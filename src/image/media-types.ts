// Media types of docker schema2 and OCI images, and the JSON shapes of manifests, indexes and configs.
import type { ImageConfigFile } from '../inspect/image';
import type { Platform } from './platform';

/** Every media type nerdts reads or writes. */
export const MediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** schema1, which nerdts (like containerd 2.x) does not pull. */
  dockerManifestV1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerManifestV1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  dockerLayerForeignGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociLayerNondistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  inToto: 'application/vnd.in-toto+json',
} as const;

/** The Accept list for manifest requests, indexes first so multi-platform images resolve to the index. */
export const MANIFEST_ACCEPT: readonly string[] = [
  MediaTypes.dockerManifestList, MediaTypes.ociIndex, MediaTypes.dockerManifest, MediaTypes.ociManifest,
];

/** A content descriptor (OCI image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

/** An image manifest (OCI or docker schema2). */
export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An image index or docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** The image config blob: runtime config plus rootfs diff IDs and history. */
export type ImageConfig = ImageConfigFile & { variant?: string; 'os.version'?: string; 'os.features'?: string[] };

/** OCI index or docker manifest list. */
export function isIndexType(mediaType: string): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList;
}

/** OCI or docker schema2 image manifest. */
export function isManifestType(mediaType: string): boolean {
  return mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest;
}

/** OCI or docker image config. */
export function isConfigType(mediaType: string): boolean {
  return mediaType === MediaTypes.ociConfig || mediaType === MediaTypes.dockerConfig;
}

/** True for layer media types nerdts can unpack (OCI and docker, any compression). */
export function isLayerType(mediaType: string): boolean {
  return layerCompression(mediaType) !== undefined;
}

/** Layers whose blobs live outside the registry (docker foreign / OCI non-distributable). */
export function isForeignLayer(mediaType: string): boolean {
  return mediaType === MediaTypes.dockerLayerForeignGzip || mediaType.startsWith(MediaTypes.ociLayerNondistributable);
}

/** The compression of a layer media type, or undefined when it is not a layer. */
export function layerCompression(mediaType: string): 'none' | 'gzip' | 'zstd' | undefined {
  switch (mediaType) {
    case MediaTypes.ociLayer: case MediaTypes.ociLayerNondistributable:
      return 'none';
    case MediaTypes.ociLayerGzip: case MediaTypes.ociLayerNondistributableGzip:
    case MediaTypes.dockerLayerGzip: case MediaTypes.dockerLayerForeignGzip:
      return 'gzip';
    case MediaTypes.ociLayerZstd: case MediaTypes.ociLayerNondistributableZstd: case MediaTypes.dockerLayerZstd:
      return 'zstd';
    default:
      return undefined;
  }
}

/**
 * The media type of manifest bytes whose Content-Type was missing or generic: the `mediaType`
 * field, else the shape (`manifests` means index, `config` means manifest). Undefined when unknown.
 */
export function detectManifestType(bytes: Uint8Array): string | undefined {
  let doc: { mediaType?: unknown; manifests?: unknown; config?: unknown; schemaVersion?: unknown; fsLayers?: unknown };
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof doc;
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  if (typeof doc.mediaType === 'string' && doc.mediaType) return doc.mediaType;
  if (doc.schemaVersion === 1 || doc.fsLayers !== undefined) return MediaTypes.dockerManifestV1;
  if (Array.isArray(doc.manifests)) return MediaTypes.ociIndex;
  if (doc.config !== undefined) return MediaTypes.ociManifest;
  return undefined;
}
