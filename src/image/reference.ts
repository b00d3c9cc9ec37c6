// Image references with docker's normalization (distribution/reference ParseNormalizedNamed):
// `busybox` is `docker.io/library/busybox:latest`; errors use docker's wording.
import { invalidArgument } from '../errors';

/** A parsed, normalized reference: `domain/path[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host with optional port, e.g. `docker.io`, `127.0.0.1:5000`, `[::1]:5000`. */
  readonly domain: string;
  /** Repository path inside the registry, e.g. `library/busybox`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Docker Hub's name in references, and the tag a bare name gets. */
export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
/** distribution/reference RepositoryNameTotalLengthMax. */
export const MAX_PATH_LENGTH = 255;
// Not a docker limit; keeps the regular expressions away from pathological input.
const MAX_INPUT_LENGTH = 4096;

const DOMAIN_COMPONENT = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^\w[\w.-]{0,127}$/;
const DIGEST_SHAPE_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
/** Hex length per supported digest algorithm. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

const INVALID_FORMAT = 'invalid reference format';

/** Parses a reference the way docker does, without adding a default tag. */
export function parseNamedReference(raw: string): ImageReference {
  if (IDENTIFIER_RE.test(raw)) {
    throw invalidArgument(`invalid repository name (${raw}), cannot specify 64-byte hexadecimal strings`);
  }
  if (raw.length > MAX_INPUT_LENGTH) throw invalidArgument(INVALID_FORMAT);
  const [domain, remainder] = splitDockerDomain(raw);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw invalidArgument(`${INVALID_FORMAT}: repository name (${remote}) must be lowercase`);
  }
  return parseParts(domain, remainder);
}

/** Parses and normalizes a reference, adding `:latest` when it has neither tag nor digest (nerdctl). */
export function parseImageReference(raw: string): ImageReference {
  const ref = parseNamedReference(raw);
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_PREFIX + name];
  const first = name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remainder] = [first, name.slice(slash + 1)];
  } else if (first === LEGACY_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, name.slice(slash + 1)];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return [domain, remainder];
}

function parseParts(domain: string, remainder: string): ImageReference {
  const at = remainder.indexOf('@');
  const namePart = at >= 0 ? remainder.slice(0, at) : remainder;
  const digest = at >= 0 ? remainder.slice(at + 1) : undefined;
  const colon = namePart.lastIndexOf(':');
  const tag = colon > namePart.lastIndexOf('/') ? namePart.slice(colon + 1) : undefined;
  const path = tag === undefined ? namePart : namePart.slice(0, colon);
  const shapeOk = DOMAIN_RE.test(domain) && (tag === undefined || TAG_RE.test(tag))
    && (digest === undefined || DIGEST_SHAPE_RE.test(digest));
  if (!shapeOk || !PATH_RE.test(path)) {
    if (shapeOk && PATH_RE.test(path.toLowerCase())) throw invalidArgument('repository name must be lowercase');
    throw invalidArgument(INVALID_FORMAT);
  }
  if (path.length > MAX_PATH_LENGTH) {
    throw invalidArgument(`repository name must not be more than ${MAX_PATH_LENGTH} characters`);
  }
  if (digest !== undefined) validateDigest(digest);
  return { domain, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** Throws go-digest's errors for a digest that is not `algorithm:hex` of a supported algorithm. */
export function validateDigest(digest: string): void {
  const colon = digest.indexOf(':');
  if (colon <= 0 || !DIGEST_SHAPE_RE.test(digest)) throw invalidArgument('invalid checksum digest format');
  const want = DIGEST_HEX_LENGTH[digest.slice(0, colon)];
  if (want === undefined) throw invalidArgument('unsupported digest algorithm');
  const hex = digest.slice(colon + 1);
  if (hex.length !== want) throw invalidArgument('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw invalidArgument('invalid checksum digest format');
}

/** True when `s` is a valid `algorithm:hex` digest (sha256, sha384, sha512). */
export function isDigest(s: string): boolean {
  try {
    validateDigest(s);
    return true;
  } catch {
    return false;
  }
}

/** True for a full 64-hex image/container ID without algorithm prefix. */
export function isFullId(s: string): boolean {
  return IDENTIFIER_RE.test(s);
}

/**
 * The hex part of an ID or ID prefix (`abc123`, `sha256:abc123`, full IDs), or undefined when `s`
 * cannot be one. Callers decide whether a short prefix is ambiguous.
 */
export function idPrefix(s: string): string | undefined {
  const hex = s.startsWith('sha256:') ? s.slice(7) : s;
  return /^[a-f0-9]{1,64}$/.test(hex) ? hex : undefined;
}

/** `domain/path` (containerd's and docker's "name"). */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The full normalized string: `docker.io/library/busybox:latest`. */
export function formatReference(ref: ImageReference): string {
  return repositoryName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '')
    + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** The repository as docker shows it: `busybox`, `user/img`, `127.0.0.1:5000/busybox`. */
export function familiarRepository(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  if (ref.path.startsWith(OFFICIAL_PREFIX) && !ref.path.slice(OFFICIAL_PREFIX.length).includes('/')) {
    return ref.path.slice(OFFICIAL_PREFIX.length);
  }
  return ref.path;
}

/** The reference as docker shows it: `busybox:latest`, `127.0.0.1:5000/busybox:latest`. */
export function familiarName(ref: ImageReference | string): string {
  const r = typeof ref === 'string' ? parseNamedReference(ref) : ref;
  return familiarRepository(r) + (r.tag !== undefined ? `:${r.tag}` : '')
    + (r.digest !== undefined ? `@${r.digest}` : '');
}

/** The same repository with another tag (and no digest), e.g. for `tag` and `push`. */
export function withTag(ref: ImageReference, tag: string): ImageReference {
  if (!TAG_RE.test(tag)) throw invalidArgument('invalid tag format');
  return { domain: ref.domain, path: ref.path, tag };
}

/** The same repository pinned to a digest (and no tag). */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  validateDigest(digest);
  return { domain: ref.domain, path: ref.path, digest };
}
