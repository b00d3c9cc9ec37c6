// The logger loads other areas' chunks only when a container needs them (health and restart
// monitor, network release at exit). In dist/ they sit next to the logging chunk; in the
// file-by-file test build, at src/<area>/<file>.
import { createRequire } from 'node:module';
import * as path from 'node:path';

// esbuild defines this: true for dist/ bundles, false for the file-by-file test build.
declare const NERDTS_BUNDLED: boolean;

/** Requires chunk `bundledName` (dist/chunks/<bundledName>.js), or <area>/<file> unbundled. */
export function requireSiblingChunk<T>(bundledName: string, area: string, file: string): T {
  const target = NERDTS_BUNDLED ? path.join(__dirname, `${bundledName}.js`) : path.join(__dirname, '..', area, file);
  return createRequire(__filename)(target) as T;
}
