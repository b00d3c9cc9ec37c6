// Black-box tests of `nerdts compose config` and `compose version` through the built CLI
// (bin/nerdts or NERDTS_BIN). Pure file work: no containerd needed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = process.env['NERDTS_REPO'] ?? process.cwd();
const BIN = process.env['NERDTS_BIN'] ?? join(REPO, 'bin', 'nerdts');
const FIXTURES = join(REPO, 'test', 'fixtures', 'compose');
const skip = existsSync(BIN) ? false : `${BIN} missing: npm run build`;

interface Result { status: number; stdout: string; stderr: string }

/** Runs nerdts with a clean COMPOSE_* environment (the caller's shell must not leak in). */
function nerdts(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Result {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('COMPOSE_') || k === 'NODE_EXTRA_CA_CERTS') delete env[k];
  Object.assign(env, opts.env);
  const r = spawnSync(BIN, args, { env, cwd: opts.cwd ?? REPO, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[], opts?: Parameters<typeof nerdts>[1]): string {
  const r = nerdts(args, opts);
  assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('nerdts compose config', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'nerdts-compose-config-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  /** Writes a project directory with a compose.yaml; returns the directory. */
  const project = (name: string, text: string): string => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'compose.yaml'), text);
    return dir;
  };
  const render = join(FIXTURES, 'render');
  const expected = (ext: string): string => readFileSync(join(render, `expected.${ext}`), 'utf8');
  const asProject = (text: string): string => text.replaceAll(render, '/project');

  test('prints the normalized model as docker compose does (YAML and JSON)', () => {
    assert.equal(asProject(ok(['compose', '-f', join(render, 'compose.yaml'), 'config'])), expected('yaml'));
    const json = ok(['compose', '-f', join(render, 'compose.yaml'), 'config', '--format', 'json']);
    assert.equal(asProject(json), expected('json'));
    assert.equal((JSON.parse(json) as { name: string }).name, 'demo');
  });

  test('group flags work after the subcommand too; -o writes a file', () => {
    const out = join(work, 'out.yaml');
    assert.equal(ok(['compose', 'config', '-f', join(render, 'compose.yaml'), '-o', out]), '');
    assert.equal(asProject(readFileSync(out, 'utf8')), expected('yaml'));
  });

  test('--services lists dependencies first; --volumes, --profiles, --images', () => {
    const dir = project('lists', `services:
  web:
    image: nginx:1
    depends_on: [api]
    volumes: [data:/data]
  api:
    build: .
    depends_on: [db]
  db:
    image: postgres:16
  debug:
    image: busybox
    profiles: [debug, tools]
volumes:
  data: {}
`);
    const f = join(dir, 'compose.yaml');
    assert.equal(ok(['compose', '-f', f, 'config', '--services']), 'db\napi\nweb\n');
    assert.equal(ok(['compose', '-f', f, '--profile', 'debug', 'config', '--services']).split('\n').filter(Boolean).sort().join(','), 'api,db,debug,web');
    assert.equal(ok(['compose', '-f', f, 'config', '--volumes']), 'data\n');
    assert.equal(ok(['compose', '-f', f, 'config', '--profiles']), 'debug\ntools\n');
    // sorted by service name (api, db, web); a service without image gets <project>-<service>
    assert.equal(ok(['compose', '-f', f, 'config', '--images']), 'lists-api\npostgres:16\nnginx:1\n');
  });

  test('--hash prints "service hash" lines, stable across runs', () => {
    const f = join(render, 'compose.yaml');
    const all = ok(['compose', '-f', f, 'config', '--hash', '*']);
    const lines = all.trim().split('\n');
    assert.equal(lines.length, 2, all);
    for (const l of lines) assert.match(l, /^[a-z]+ [0-9a-f]{64}$/);
    assert.equal(ok(['compose', '-f', f, 'config', '--hash', '*']), all);
    assert.equal(ok(['compose', '-f', f, 'config', '--hash', 'web']), `${lines.find((l) => l.startsWith('web '))}\n`);
    const r = nerdts(['compose', '-f', f, 'config', '--hash', 'nope']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no such service: nope/);
  });

  test('-p beats COMPOSE_PROJECT_NAME, which beats name: and the directory', () => {
    const dir = project('Named-Dir', 'name: fromfile\nservices:\n  a:\n    image: busybox\n');
    const f = join(dir, 'compose.yaml');
    const name = (args: string[], env?: Record<string, string>): string => (JSON.parse(ok(['compose', '-f', f, ...args, 'config', '--format', 'json'], { env })) as { name: string }).name;
    assert.equal(name([]), 'fromfile');
    assert.equal(name([], { COMPOSE_PROJECT_NAME: 'fromenv' }), 'fromenv');
    assert.equal(name(['-p', 'fromflag'], { COMPOSE_PROJECT_NAME: 'fromenv' }), 'fromflag');
    const anon = project('Anon_Dir', 'services:\n  a:\n    image: busybox\n');
    assert.match(ok(['compose', 'config'], { cwd: anon }), /^name: anon_dir\n/);
  });

  test('COMPOSE_FILE and the project directory lookup are honoured', () => {
    const dir = project('envfile', 'services:\n  a:\n    image: busybox:${TAG:-latest}\n');
    writeFileSync(join(dir, '.env'), 'TAG=1.36\n');
    assert.match(ok(['compose', 'config'], { cwd: dir }), /image: busybox:1\.36/);
    assert.match(ok(['compose', 'config'], { env: { COMPOSE_FILE: join(dir, 'compose.yaml') } }), /image: busybox:1\.36/);
    assert.match(ok(['compose', 'config'], { cwd: dir, env: { TAG: 'shell' } }), /image: busybox:shell/);
    assert.match(ok(['compose', 'config', '--no-interpolate'], { cwd: dir }), /image: busybox:\$\{TAG:-latest\}/);
  });

  test('a required variable that is missing gives its message', () => {
    const dir = project('required', 'services:\n  a:\n    image: "busybox:${X:?x is required}"\n');
    const r = nerdts(['compose', 'config'], { cwd: dir });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /x is required/);
    assert.match(ok(['compose', 'config'], { cwd: dir, env: { X: '1' } }), /image: busybox:1/);
  });

  test('an invalid file: exit 15 with file and path; -q prints nothing on success', () => {
    const dir = project('broken', 'services:\n  web:\n    image: nginx\n    ports: [{target: "x"}]\n    bogus: 1\n');
    const f = join(dir, 'compose.yaml');
    const r = nerdts(['compose', '-f', f, 'config', '-q']);
    assert.equal(r.status, 15, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Error: .*compose\.yaml.*services\.web/m);
    const good = project('good', 'services:\n  web:\n    image: nginx\n');
    const q = nerdts(['compose', 'config', '-q'], { cwd: good });
    assert.deepEqual([q.status, q.stdout], [0, '']);
  });

  test('no compose file: exit 14, as docker compose', () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const r = nerdts(['compose', 'config'], { cwd: empty });
    assert.equal(r.status, 14, r.stderr);
    assert.match(r.stderr, /no configuration file provided: not found/);
  });

  test('warnings go to stderr in docker compose style; -f - reads stdin', () => {
    const r = nerdts(['compose', '-p', 'stdin', '-f', '-', 'config', '--services'], { input: 'version: "3"\nservices:\n  a:\n    image: busybox\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'a\n');
    assert.match(r.stderr, /^WARN\[0000\] .*the attribute `version` is obsolete/m);
  });

  test('unsupported things are refused clearly', () => {
    const f = join(render, 'compose.yaml');
    const d = nerdts(['compose', '-f', f, 'config', '--resolve-image-digests']);
    assert.notEqual(d.status, 0);
    assert.match(d.stderr, /--resolve-image-digests is not supported/);
    const fmt = nerdts(['compose', '-f', f, 'config', '--format', 'toml']);
    assert.notEqual(fmt.status, 0);
    assert.match(fmt.stderr, /unsupported format "toml"/);
  });
});

describe('nerdts compose version', { skip }, () => {
  test('prints a version line, --short and --format json', () => {
    assert.match(ok(['compose', 'version']), /^nerdts Compose version v\S+\n$/);
    assert.match(ok(['compose', 'version', '--short']), /^[^v\s]\S*\n$/);
    assert.match((JSON.parse(ok(['compose', 'version', '--format', 'json'])) as { version: string }).version, /^v/);
  });
});
