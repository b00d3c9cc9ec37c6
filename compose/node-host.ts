// The default ComposeHost over node:fs and process, for real use (tests pass fakes instead).
import { readFileSync, statSync } from 'node:fs';
import type { ComposeHost } from './host';

/** A ComposeHost reading the real file system and process environment. */
export function nodeHost(): ComposeHost {
  return {
    readFile: (path) => readFileSync(path, 'utf8'),
    exists: (path) => {
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) return undefined;
      return st.isDirectory() ? 'directory' : 'file';
    },
    env: () => process.env,
    cwd: () => process.cwd(),
  };
}
