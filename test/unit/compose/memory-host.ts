// An in-memory ComposeHost for the compose tests: files from a table (or a fixture directory),
// a fixed environment and cwd. Reading a missing file fails loudly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { ComposeHost } from '../../../compose/index';

export interface MemoryHost extends ComposeHost {
  files: Map<string, string>;
  reads: string[];
}

export function memoryHost(files: Record<string, string>, opts: { cwd?: string; env?: Record<string, string> } = {}): MemoryHost {
  const table = new Map(Object.entries(files));
  const reads: string[] = [];
  return {
    files: table,
    reads,
    readFile(path) {
      const text = table.get(path);
      if (text === undefined) throw new Error(`memory host: no file ${path}`);
      reads.push(path);
      return text;
    },
    exists(path) {
      if (table.has(path)) return 'file';
      const dir = path.endsWith('/') ? path : `${path}/`;
      for (const k of table.keys()) if (k.startsWith(dir)) return 'directory';
      return path === '/' ? 'directory' : undefined;
    },
    env: () => ({ HOME: '/home/user', ...(opts.env ?? {}) }),
    cwd: () => opts.cwd ?? '/project',
  };
}

/** The files of a fixture directory (test/fixtures/compose/<name>), mounted at `at`. */
export function fixtureFiles(name: string, at = '/project'): Record<string, string> {
  const root = join(fixturesRoot(), name);
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p, posix.join(rel, e));
      else out[posix.join(at, rel, e)] = readFileSync(p, 'utf8');
    }
  };
  walk(root, '');
  return out;
}

/** test/fixtures/compose, found from the repository root (tests may be built outside the tree). */
function fixturesRoot(): string {
  for (let d = process.cwd(); ; d = dirname(d)) {
    const candidate = join(d, 'test/fixtures/compose');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error('test/fixtures/compose not found (run the tests from the repository)');
  }
}
