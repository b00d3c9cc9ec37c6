// Lazy loading of heavy subsystems. Each area's src/<area>/chunk.ts is bundled on its own into
// dist/chunks/<area>.js and required only when a command runs, so `nerdts --help` or `nerdts ps`
// never pay for compose, registry TLS or tar code. Types come from type-only imports.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NerdtsError } from '../errors';
import { requireCached } from './chunk-cache';

// esbuild defines this: true for dist/ bundles, false for the file-by-file test build.
declare const NERDTS_BUNDLED: boolean;

// Contracts for chunks that are not written yet. When src/<area>/chunk.ts exists, replace the
// entry below with `typeof import('../<area>/chunk')` (type-only, never part of the main bundle).

/** Every loadable chunk and its module type. Add one line per new src/<area>/chunk.ts. */
export interface ChunkModules {
  image: typeof import('../image/chunk');
  'image-transfer': typeof import('../image/chunk-transfer');
  system: typeof import('../system/chunk');
  container: typeof import('../container/chunk');
  'container-list': typeof import('../container/chunk-list');
  compose: typeof import('../compose/chunk');
  'compose-runtime': typeof import('../compose/chunk-runtime');
  logging: typeof import('../logging/chunk');
  hook: typeof import('../hook/chunk');
  build: typeof import('../build/chunk');
  volume: typeof import('../volume/chunk');
}
export type ChunkName = keyof ChunkModules;
export type LoadChunk = <K extends ChunkName>(name: K) => ChunkModules[K];

/** Where the chunk lives: next to the bundle when bundled, as transpiled source otherwise. */
export function chunkPath(name: string, bundled: boolean = NERDTS_BUNDLED, dir: string = __dirname): string {
  return bundled ? join(dir, 'chunks', `${name}.js`) : join(dir, '..', name, 'chunk');
}

// Chunks compiled into the start-up snapshot (dist/nerdts.blob) are registered here at build time.
const preloaded = new Map<string, unknown>();

/** Registers a chunk bundled into the snapshot, so loadChunk does not read it from disk. */
export function preloadChunk<K extends ChunkName>(name: K, module: ChunkModules[K]): void {
  preloaded.set(name, module);
}

/** Chunks that scripts/build.mjs warms up and ships with a V8 code cache (chunk-cache.ts). */
export const CODE_CACHED: ReadonlySet<string> = new Set(['compose', 'build', 'container', 'compose-runtime']);

// Inside a snapshot, __dirname is where the blob was built: the launcher's NERDTS_HOME wins.
function chunkDir(): string {
  const home = process.env.NERDTS_HOME;
  return home ? join(home, 'dist') : __dirname;
}

/** Loads a chunk synchronously (it is CJS); a build without it fails with a clear message. */
export const loadChunk: LoadChunk = <K extends ChunkName>(name: K): ChunkModules[K] => {
  const early = preloaded.get(name);
  if (early) return early as ChunkModules[K];
  const file = NERDTS_BUNDLED ? chunkPath(name, true, chunkDir()) : chunkPath(name);
  try {
    if (NERDTS_BUNDLED && CODE_CACHED.has(name)) return requireCached(file) as ChunkModules[K];
    return createRequire(__filename)(file) as ChunkModules[K];
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(file)) {
      throw new NerdtsError('unimplemented', `this nerdts build has no '${name}' component (${file} is missing)`,
        { hint: 'rebuild with `npm run build`, or this feature is not implemented yet', cause: err });
    }
    throw err;
  }
};
