// Chunks loaded through a V8 code cache (<chunk>.js.cache, written by scripts/build.mjs after a
// warm-up run of the chunk): the functions the warm-up ran are deserialized already compiled, which
// saves ~15 ms on a cold `compose config`, without growing the start-up snapshot every command pays for.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Script } from 'node:vm';

/** The module wrapper; scripts/build.mjs compiles the chunk with exactly this text to make the cache. */
export const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
export const WRAP_TAIL = '\n});';

type VmModule = { Script: typeof Script };

const loaded = new Map<string, unknown>();

/** The cache, unless it is missing or older than the chunk (a chunk rebuilt without its cache). */
function readCache(file: string): Buffer | undefined {
  const cache = statSync(`${file}.cache`, { throwIfNoEntry: false });
  const chunk = statSync(file, { throwIfNoEntry: false });
  if (!cache || !chunk || cache.mtimeMs < chunk.mtimeMs) return undefined;
  return readFileSync(`${file}.cache`);
}

/** Loads a CJS chunk like require() does (once), with its code cache when one fits this node binary. */
export function requireCached(file: string): unknown {
  if (loaded.has(file)) return loaded.get(file);
  const req = createRequire(file);
  const cachedData = readCache(file);
  if (!cachedData) return req(file);
  const { Script: VmScript } = req('node:vm') as VmModule;
  const source = WRAP_HEAD + readFileSync(file, 'utf8') + WRAP_TAIL;
  // lineOffset keeps stack traces on the chunk's own lines. A rejected cache (another node binary
  // or V8 flags) only means the chunk is compiled as usual.
  const script = new VmScript(source, { filename: file, lineOffset: -1, cachedData });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, req, module, file, dirname(file));
  loaded.set(file, module.exports);
  return module.exports;
}
