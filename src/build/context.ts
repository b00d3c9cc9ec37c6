// The build context: a directory filtered by .dockerignore. COPY/ADD sources are resolved inside it
// (globs included; nothing outside it) and hashed for the cache key.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { NerdtsError } from '../errors';
import type { FileDigests } from './content-hash';
import { isIgnored, mayReincludeBelow, parseDockerignore } from './dockerignore';
import type { IgnoreRule } from './dockerignore';

export interface BuildContext {
  root: string;
  rules: IgnoreRule[];
  /** the stat cache of file digests; without it every file is read */
  digests?: FileDigests;
}

/** A file or directory of the context that a COPY reads. */
export interface ContextEntry {
  /** slash-separated path relative to the context root ('' for the root) */
  rel: string;
  abs: string;
  stat: Stats;
}

/** Opens a context directory with its ignore file (`<Dockerfile>.dockerignore` first, then `.dockerignore`). */
export function openContext(root: string, dockerfilePath: string | undefined, read: (p: string) => string | undefined): BuildContext {
  const specific = dockerfilePath ? read(`${dockerfilePath}.dockerignore`) : undefined;
  const text = specific ?? read(join(root, '.dockerignore')) ?? '';
  const ctx = { root, rules: parseDockerignore(text) };
  if (dockerfilePath) {
    const rel = posix.relative(root, dockerfilePath);
    if (!rel.startsWith('..') && !rel.startsWith('/') && isIgnored(ctx.rules, rel)) {
      throw new NerdtsError('invalid-argument', `the Dockerfile (${rel}) is excluded by .dockerignore`,
        { hint: `remove the pattern matching ${rel} from .dockerignore, or add !${rel}` });
    }
  }
  return ctx;
}

const GLOB = /[*?[]/;

/** The context-relative form of a COPY source; throws when it leaves the context. */
export function cleanSource(source: string): string {
  const clean = posix.normalize(`/${source}`).slice(1).replace(/\/+$/, '');
  if (posix.normalize(source.replace(/^\/+/, '')).startsWith('..')) {
    throw new NerdtsError('invalid-argument', `forbidden path outside the build context: ${source}`);
  }
  return clean === '.' ? '' : clean;
}

/** Every non-ignored path of the context below `rel` (depth first, directories before content). */
export function walkContext(ctx: BuildContext, rel = ''): ContextEntry[] {
  const out: ContextEntry[] = [];
  const visit = (r: string): void => {
    const abs = r ? join(ctx.root, r) : ctx.root;
    for (const name of readdirSync(abs).sort()) {
      const child = r ? `${r}/${name}` : name;
      const stat = lstatSync(join(abs, name));
      const ignored = isIgnored(ctx.rules, child);
      if (!ignored) out.push({ rel: child, abs: join(abs, name), stat });
      if (stat.isDirectory() && (!ignored || mayReincludeBelow(ctx.rules, child))) visit(child);
    }
  };
  visit(rel);
  return out;
}

function globRegex(pattern: string): RegExp {
  const re = pattern.split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : /[.+^${}()|\\]/.test(c) ? `\\${c}` : c)).join('');
  return new RegExp(`^${re}$`);
}

/** The context entries a COPY source names; throws docker's "not found" when none. */
export function resolveSource(ctx: BuildContext, source: string): ContextEntry[] {
  const rel = cleanSource(source);
  if (GLOB.test(rel)) {
    const re = globRegex(rel);
    const found = walkContext(ctx).filter((e) => re.test(e.rel));
    if (!found.length) throw notFound(source);
    return found;
  }
  if (rel !== '' && isIgnored(ctx.rules, rel)) throw notFound(source);
  try {
    return [{ rel, abs: rel ? join(ctx.root, rel) : ctx.root, stat: lstatSync(rel ? join(ctx.root, rel) : ctx.root) }];
  } catch {
    throw notFound(source);
  }
}

const notFound = (source: string): NerdtsError =>
  new NerdtsError('not-found', `failed to compute cache key: "/${cleanSourceLoose(source)}": not found`,
    { hint: 'the path must exist in the build context and not be excluded by .dockerignore' });
const cleanSourceLoose = (s: string): string => posix.normalize(`/${s}`).slice(1);

/** A digest of what the entries hold (names, modes, owners' absence, link targets, contents). */
export function hashEntries(ctx: BuildContext, entries: readonly ContextEntry[]): string {
  const h = createHash('sha256');
  const add = (e: ContextEntry, name: string): void => {
    h.update(`${name}\0${e.stat.mode}\0`);
    if (e.stat.isFile()) h.update(ctx.digests ? ctx.digests.digest(e.abs, e.stat) : createHash('sha256').update(readFileSync(e.abs)).digest());
    else if (e.stat.isSymbolicLink()) h.update(readlinkSync(e.abs));
    h.update('\n');
  };
  for (const e of entries) {
    add(e, e.rel);
    if (e.stat.isDirectory()) for (const c of walkContext(ctx, e.rel)) add(c, c.rel);
  }
  return h.digest('hex');
}
