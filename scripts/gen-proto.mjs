// Generates TypeScript message code for containerd's API into src/containerd/generated/ with protoc
// and ts-proto. The .proto files are read from Debian packages at generation time (never at run
// time, never committed); the generated .ts files are committed.
//
// usage: node scripts/gen-proto.mjs [--check]
//   --check  generate into a temporary directory and fail if the committed files differ.
//
// Needs: protoc (apt-get install protobuf-compiler), containerd's protos
// (apt-get install golang-github-containerd-containerd-dev, which pulls gogo protobuf and
// gogo googleapis), the well-known types in /usr/include/google/protobuf (libprotobuf-dev).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'src/containerd/generated');
const gocode = '/usr/share/gocode/src';
const containerdPrefix = 'github.com/containerd/containerd/';
const includes = [
  gocode,
  join(gocode, 'github.com/gogo/protobuf'), // gogoproto/gogo.proto
  join(gocode, 'github.com/gogo/googleapis'), // google/rpc/status.proto
  '/usr/include', // google/protobuf/*.proto
];
const services = ['version', 'namespaces', 'introspection', 'images', 'content', 'leases', 'snapshots',
  'diff', 'containers', 'tasks', 'events'];
// Roots of generation, relative to the gocode include. Their imports come along; everything else
// protoc emits (gogo.proto, fieldpath.proto, descriptor.proto: options only, weakly imported) is dropped.
const extraRoots = [
  'api/events', // event payloads carried in Envelope.event (TaskExit, ImageCreate, ...)
  'runtime/v2/runc/options', // containerd.runc.v1.Options, the io.containerd.runc.v2 runtime options
];

// Choices (see the header written into each file and docs in src/containerd/README.md):
// - no services, JSON or fromPartial code: our own transport and adapters; smaller bundles.
// - env=browser: bytes fields are Uint8Array views into the received message (env=node would copy
//   each one with Buffer.from, which dominates decode of big lists with OCI specs).
// - forceLong=number: containerd's int64 are sizes, offsets and timestamps, all far below 2^53.
// - useDate=false: Timestamp stays {seconds, nanos}; cheaper than Date and keeps containerd's nanoseconds.
// - useOptionals=messages: nested messages may be absent; scalars always have their proto3 default.
const tsProtoOptions = [
  'outputServices=false', 'outputJsonMethods=false', 'outputPartialMethods=false', 'outputClientImpl=false',
  'env=browser', 'forceLong=number', 'esModuleInterop=true', 'useOptionals=messages', 'useDate=false',
  'unrecognizedEnum=false', 'useExactTypes=false',
].join(',');

function fail(message) {
  console.error(`gen-proto: ${message}`);
  process.exit(1);
}

function protoFiles() {
  const base = join(gocode, containerdPrefix);
  if (!existsSync(join(base, 'api'))) fail(`${base}api not found; apt-get install golang-github-containerd-containerd-dev`);
  const dirs = [...services.map((s) => `api/services/${s}/v1`), ...extraRoots];
  return dirs.flatMap((d) => readdirSync(join(base, d)).filter((f) => f.endsWith('.proto')).sort()
    .map((f) => containerdPrefix + posix.join(d, f)));
}

function runProtoc(files, dest) {
  const plugin = join(root, 'node_modules/.bin/protoc-gen-ts_proto');
  if (!existsSync(plugin)) fail('ts-proto is not installed; run npm ci');
  try {
    execFileSync('protoc', [
      `--plugin=protoc-gen-ts_proto=${plugin}`,
      ...includes.map((i) => `-I${i}`),
      `--ts_proto_out=${dest}`,
      `--ts_proto_opt=${tsProtoOptions}`,
      ...files,
    ], { stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (err) {
    if (err.code === 'ENOENT') fail('protoc not found; apt-get install protobuf-compiler');
    // protoc warns about the unused weak gogo imports; show only real failures.
    fail(`protoc failed:\n${err.stderr?.toString() ?? err.message}`);
  }
}

function listFiles(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, base, out);
    else out.push(relative(base, p));
  }
  return out.sort();
}

// github.com/containerd/containerd/api/types/mount.ts -> api/types/mount.ts; google/... unchanged.
const flatten = (path) => path.startsWith(containerdPrefix) ? path.slice(containerdPrefix.length) : path;
const importRe = /(from\s+")(\.{1,2}\/[^"]+)(")/g;

function importsOf(file, text) {
  return [...text.matchAll(importRe)].map((m) => posix.normalize(posix.join(posix.dirname(file), m[2])) + '.ts');
}

function reachable(roots, texts) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    if (!texts.has(f)) fail(`generated import of missing file ${f}`);
    seen.add(f);
    for (const dep of importsOf(f, texts.get(f))) visit(dep);
  };
  roots.forEach(visit);
  return seen;
}

function rewrite(file, text) {
  const to = flatten(file);
  const body = text.replace(importRe, (_, a, spec, c) => {
    const target = flatten(posix.normalize(posix.join(posix.dirname(file), spec)));
    let rel = posix.relative(posix.dirname(to), target);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return a + rel + c;
  });
  return body.replace('/* eslint-disable */\n', '/* eslint-disable */\n// Regenerate with `npm run gen:proto` (scripts/gen-proto.mjs); do not edit.\n');
}

function generate(dest) {
  const files = protoFiles();
  const raw = mkdtempSync(join(tmpdir(), 'nerdts-proto-'));
  try {
    runProtoc(files, raw);
    const texts = new Map(listFiles(raw).map((f) => [f, readFileSync(join(raw, f), 'utf8')]));
    const keep = reachable(files.map((f) => f.replace(/\.proto$/, '.ts')), texts);
    for (const f of [...keep].sort()) {
      const target = join(dest, flatten(f));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, rewrite(f, texts.get(f)));
    }
    return [...keep].map(flatten).sort();
  } finally {
    rmSync(raw, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  const tmp = mkdtempSync(join(tmpdir(), 'nerdts-proto-check-'));
  try {
    const fresh = generate(tmp);
    const committed = existsSync(outDir) ? listFiles(outDir) : [];
    const stale = fresh.filter((f) => !existsSync(join(outDir, f))
      || readFileSync(join(outDir, f), 'utf8') !== readFileSync(join(tmp, f), 'utf8'));
    const extra = committed.filter((f) => !fresh.includes(f));
    if (stale.length || extra.length) fail(`src/containerd/generated is out of date: ${[...stale, ...extra].join(', ')}`);
    console.log(`gen-proto: ${fresh.length} files up to date`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  rmSync(outDir, { recursive: true, force: true });
  const written = generate(outDir);
  console.log(`gen-proto: wrote ${written.length} files to ${relative(root, outDir)}`);
}
