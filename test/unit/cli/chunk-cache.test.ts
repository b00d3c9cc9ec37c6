import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { WRAP_HEAD, WRAP_TAIL, requireCached } from '../../../src/cli/chunk-cache';

function chunk(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

function writeCache(file: string): void {
  const script = new Script(WRAP_HEAD + readFileSync(file, 'utf8') + WRAP_TAIL, { filename: file, lineOffset: -1 });
  const module = { exports: {} as Record<string, unknown> };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, '');
  writeFileSync(`${file}.cache`, script.createCachedData());
}

/** scripts/build.mjs, found from the repository root (tests may be built outside the tree). */
function buildScript(): string {
  for (let d = process.cwd(); ; d = dirname(d)) {
    if (existsSync(join(d, 'scripts/build.mjs'))) return join(d, 'scripts/build.mjs');
    if (dirname(d) === d) throw new Error('scripts/build.mjs not found (run the tests from the repository)');
  }
}

describe('chunks with a V8 code cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-chunk-cache-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('a chunk with a fresh cache loads through it, once', () => {
    const file = chunk(dir, 'a.js', 'exports.n = (exports.n ?? 0) + 1; exports.dir = __dirname; exports.line = new Error().stack.split("\\n")[1];\n');
    writeCache(file);
    const m = requireCached(file) as { n: number; dir: string; line: string };
    assert.equal(m.n, 1);
    assert.equal(m.dir, dir);
    assert.match(m.line, /a\.js:1:/, 'stack traces keep the chunk\'s own line numbers');
    assert.equal(requireCached(file), m);
  });

  test('without a cache, or with one older than the chunk, the chunk is required as usual', () => {
    const plain = chunk(dir, 'b.js', 'module.exports = { kind: "plain" };\n');
    assert.deepEqual(requireCached(plain), { kind: 'plain' });
    const stale = chunk(dir, 'c.js', 'module.exports = { kind: "old" };\n');
    writeCache(stale);
    writeFileSync(stale, 'module.exports = { kind: "new" };\n');
    utimesSync(`${stale}.cache`, new Date(1000), new Date(1000));
    assert.deepEqual(requireCached(stale), { kind: 'new' });
  });

  test('scripts/build.mjs writes caches with the same module wrapper', () => {
    const build = readFileSync(buildScript(), 'utf8');
    const head = WRAP_HEAD.replace('\n', '\\\\n');
    const tail = WRAP_TAIL.replace('\n', '\\\\n');
    assert.ok(build.includes(`'${head}' + readFileSync(file, 'utf8') + '${tail}'`), 'wrapper text differs');
    assert.ok(build.includes('lineOffset: -1'));
  });
});
