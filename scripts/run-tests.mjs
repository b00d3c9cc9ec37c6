// Runs node's built-in test runner over the transpiled tests.
// usage: node scripts/run-tests.mjs unit|integration|all [--build DIR] [FILTER...]
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const kind = argv.shift() ?? 'all';
let buildDir = join(root, 'build');
const filters = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--build') buildDir = argv[++i];
  else filters.push(argv[i]);
}
function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const kinds = kind === 'all' ? ['unit', 'integration'] : [kind];
let files = kinds.flatMap((k) => find(join(buildDir, 'test', k)).sort());
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) { console.error('no test files found'); process.exit(1); }
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
// Builds outside the repo still resolve the repo's npm packages.
env.NERDTS_REPO = root;
env.NODE_PATH = [join(root, 'node_modules'), env.NODE_PATH].filter(Boolean).join(':');
const concurrency = kind === 'unit' ? [] : ['--test-concurrency=1'];
// TAP as before, then the failed tests once more at the very end: CI keeps only a log's tail.
const reporters = [
  '--test-reporter=tap', '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'test-fail-summary.mjs')}`, '--test-reporter-destination=stdout',
];
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...reporters, ...concurrency, ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
