// Builds nerdts: one lean CJS bundle for the CLI entry plus one bundle per lazily loaded chunk
// (src/<area>/chunk.ts -> dist/chunks/<area>.js). With --tests, also transpiles every TypeScript
// file file-by-file into build/ so node's test runner can load the unit and integration tests.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const args = new Set(argv);
// --tests-outdir DIR lets several people (or helpers) build tests side by side without clashing.
const testsOut = argv.includes('--tests-outdir') ? resolveOut(argv[argv.indexOf('--tests-outdir') + 1]) : join(root, 'build');
function resolveOut(p) { return p.startsWith('/') ? p : join(process.cwd(), p); }
// --home DIR builds a private install (DIR/dist + DIR/bin/nerdts) for side-by-side work; run it
// as DIR/bin/nerdts (tests: NERDTS_BIN=DIR/bin/nerdts).
const home = argv.includes('--home') ? resolveOut(argv[argv.indexOf('--home') + 1]) : root;
const dist = join(home, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !args.has('--no-minify'),
  keepNames: false,
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { NERDTS_BUNDLED: 'true' },
  legalComments: 'none',
};

function chunkEntries() {
  const entries = {};
  for (const dir of readdirSync(join(root, 'src'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    // src/<area>/chunk.ts -> chunks/<area>.js; src/<area>/chunk-<part>.ts -> chunks/<area>-<part>.js
    for (const f of readdirSync(join(root, 'src', dir.name))) {
      const m = /^chunk(?:-([a-z0-9-]+))?\.ts$/.exec(f);
      if (m) entries[`chunks/${dir.name}${m[1] ? `-${m[1]}` : ''}`] = join(root, 'src', dir.name, f);
    }
  }
  return entries;
}

function listTs(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) listTs(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// The `yaml` package is only the compose loader's fallback (compose/parse/library.ts): its own chunk,
// so the compose chunk does not parse 115 KB of it on every `compose` command.
const yamlChunk = {
  name: 'yaml-chunk',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: './yaml.js', external: true }));
  },
};

async function buildDist() {
  rmSync(dist, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: {
      nerdts: join(root, 'src/cli/entry.ts'), hook: join(root, 'src/hook/entry.ts'), snapshot: join(root, 'src/cli/snapshot-entry.ts'), ...chunkEntries(),
      'chunks/logger': join(root, 'src/logging/entry.ts'),
      'chunks/yaml': join(root, 'node_modules/yaml/dist/index.js'),
    },
    outdir: dist,
    plugins: [yamlChunk],
  });
  if (home !== root) {
    mkdirSync(join(home, 'bin'), { recursive: true });
    copyFileSync(join(root, 'bin/nerdts'), join(home, 'bin/nerdts'));
    copyFileSync(join(root, 'bin/log-stub.sh'), join(home, 'bin/log-stub.sh'));
  }
}

async function buildTests() {
  rmSync(testsOut, { recursive: true, force: true });
  const files = ['src', 'compose', 'cni', 'test'].flatMap((d) => existsSync(join(root, d)) ? listTs(join(root, d)) : []);
  await build({
    entryPoints: files,
    outdir: testsOut,
    outbase: root,
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    define: { NERDTS_BUNDLED: 'false' },
  });
}

if (!args.has('--no-typecheck')) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/check-imports.mjs')], { stdio: 'inherit' });
}
// V8 flags the blob is built with; bin/nerdts reads them from nerdts.blob.node and runs the blob with
// the same ones (V8 loads a blob only under the flags it was built with). --no-rehash-snapshot: by
// default V8 re-hashes every string and hash table of a deserialized blob to draw a fresh hash seed,
// ~8-10 ms of every command for nerdts' blob; the seed is then the one drawn when the blob was built.
const SNAPSHOT_FLAGS = ['--no-rehash-snapshot'];

/**
 * The start-up snapshot (docs/performance.md): dist/snapshot.js run once by this very node binary
 * with --build-snapshot. bin/nerdts uses the blob only while it is newer than that binary, and
 * falls back to dist/nerdts.js otherwise, so a failure here costs speed, not function.
 */
function buildSnapshot() {
  const blob = join(dist, 'nerdts.blob');
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  try {
    const out = execFileSync(process.execPath, [...SNAPSHOT_FLAGS, '--snapshot-blob', blob, '--build-snapshot', join(dist, 'snapshot.js')],
      { stdio: ['ignore', 'ignore', 'pipe'], env, cwd: dist });
    if (out && String(out).trim()) console.warn(String(out).trim());
    writeFileSync(join(dist, 'nerdts.blob.node'), `${process.execPath}\n${SNAPSHOT_FLAGS.join(' ')}\n`);
  } catch (err) {
    rmSync(blob, { force: true });
    console.warn(`start-up snapshot not built (nerdts still works, only slower): ${String(err.stderr ?? err).split('\n')[0]}`);
  }
}

// Chunks shipped with a V8 code cache (src/cli/chunk-cache.ts, CODE_CACHED in src/cli/chunks.ts):
// each is compiled with chunk-cache.ts's module wrapper, its warmUp() export runs (if it has one:
// without, the cache still spares parsing the chunk), and the cache then holds the bytecode of
// everything that ran. Made by this node binary (a cache from another one is rejected at run
// time, which only costs speed).
const codeCached = ['compose', 'build', 'container', 'compose-runtime'];
const cacheWriter = `const { Script } = require('node:vm');
const { readFileSync, writeFileSync } = require('node:fs');
const file = process.argv[1];
const source = '(function (exports, require, module, __filename, __dirname) {\\n' + readFileSync(file, 'utf8') + '\\n});';
const script = new Script(source, { filename: file, lineOffset: -1 });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, require('node:module').createRequire(file), module, file, require('node:path').dirname(file));
if (typeof module.exports.warmUp === 'function') module.exports.warmUp();
writeFileSync(file + '.cache', script.createCachedData());`;

function buildCodeCaches() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  for (const name of codeCached) {
    const file = join(dist, 'chunks', `${name}.js`);
    try {
      // Under the blob's flags: the CLI that loads these chunks runs with them, and V8 rejects a
      // code cache made under other flags.
      execFileSync(process.execPath, [...SNAPSHOT_FLAGS, '-e', cacheWriter, file], { stdio: ['ignore', 'ignore', 'pipe'], env });
    } catch (err) {
      rmSync(`${file}.cache`, { force: true });
      console.warn(`code cache for ${name} not built (nerdts still works, only slower): ${String(err.stderr ?? err).split('\n')[0]}`);
    }
  }
}

if (!args.has('--tests-only')) {
  await buildDist();
  buildCodeCaches();
  if (!args.has('--no-snapshot')) buildSnapshot();
}
if (args.has('--tests') || args.has('--tests-only')) await buildTests();
console.log(`built ${relative(process.cwd(), dist) || 'dist'}${args.has('--tests') ? ' and build/' : ''}`);
