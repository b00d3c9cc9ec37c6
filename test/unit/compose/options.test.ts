import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadOptions } from '../../../compose/index';
import { isComposeError, loadProject, resolveOptions } from '../../../compose/index';
import { memoryHost } from './memory-host';

const svc = (name: string, extra = ''): string => `services:\n  ${name}:\n    image: ${name}\n${extra}`;

function project(files: Record<string, string>, options: LoadOptions = {}, env: Record<string, string> = {}, cwd = '/project') {
  return loadProject(options, memoryHost(files, { env, cwd }));
}

function error(files: Record<string, string>, options: LoadOptions = {}, env: Record<string, string> = {}, cwd = '/project'): string {
  try {
    project(files, options, env, cwd);
  } catch (err) {
    if (isComposeError(err)) return err.message;
    throw err;
  }
  return assert.fail('expected an error');
}

test('lookup: compose.yaml wins over the other names, with a warning', () => {
  const p = project({ '/project/compose.yaml': svc('a'), '/project/docker-compose.yml': svc('b') });
  assert.deepEqual(Object.keys(p.services), ['a']);
  assert.equal(p.warnings[0]!.message, 'Found multiple config files with supported names: /project/compose.yaml, /project/docker-compose.yml\nUsing /project/compose.yaml');
});

test('lookup: docker-compose.yml is preferred to docker-compose.yaml', () => {
  const p = project({ '/project/docker-compose.yaml': svc('a'), '/project/docker-compose.yml': svc('b') });
  assert.deepEqual(Object.keys(p.services), ['b']);
});

test('lookup: the override file next to the main file is merged', () => {
  const p = project({ '/project/docker-compose.yml': svc('a'), '/project/docker-compose.override.yml': svc('b') });
  assert.deepEqual(Object.keys(p.services).sort(), ['a', 'b']);
  assert.deepEqual(p.composeFiles, ['/project/docker-compose.yml', '/project/docker-compose.override.yml']);
});

test('lookup: parent directories are searched; the project directory is the file\'s', () => {
  const p = project({ '/work/app/compose.yaml': svc('a') }, {}, {}, '/work/app/src/deep');
  assert.equal(p.workingDir, '/work/app');
  assert.equal(p.name, 'app');
});

test('lookup: nothing found', () => {
  assert.equal(error({ '/elsewhere/compose.yaml': svc('a') }), 'no configuration file provided: not found');
});

test('-f: files in order, no override file added, relative to the cwd', () => {
  const p = project({ '/project/x.yaml': svc('a'), '/project/compose.override.yaml': svc('b') }, { files: ['x.yaml'] });
  assert.deepEqual(Object.keys(p.services), ['a']);
});

test('-f: the project directory is the first file\'s directory', () => {
  const p = project({ '/other/dir/c.yaml': svc('a', '    volumes: ["./data:/data"]\n') }, { files: ['/other/dir/c.yaml'] });
  assert.equal(p.workingDir, '/other/dir');
  assert.equal(p.services.a!.volumes![0]!.source, '/other/dir/data');
});

test('-f -: stdin content, project directory is the cwd', () => {
  const p = project({}, { files: ['-'], stdin: svc('a') }, {}, '/tmp/here');
  assert.equal(p.workingDir, '/tmp/here');
  assert.equal(p.name, 'here');
  assert.deepEqual(p.composeFiles, ['-']);
});

test('COMPOSE_FILE with the default and a custom separator', () => {
  const files = { '/project/a.yaml': svc('a'), '/project/b.yaml': svc('b') };
  assert.deepEqual(Object.keys(project(files, {}, { COMPOSE_FILE: 'a.yaml:b.yaml' }).services).sort(), ['a', 'b']);
  assert.deepEqual(Object.keys(project(files, {}, { COMPOSE_FILE: 'a.yaml,b.yaml', COMPOSE_PATH_SEPARATOR: ',' }).services).sort(), ['a', 'b']);
  assert.equal(error(files, {}, { COMPOSE_FILE: 'nope.yaml' }), '/project/nope.yaml: stat /project/nope.yaml: no such file or directory');
});

test('--project-directory: lookup and .env happen there', () => {
  const p = project({ '/srv/app/compose.yaml': svc('a', '    environment: ["X=${X}"]\n'), '/srv/app/.env': 'X=from-dotenv\n' }, { projectDirectory: '/srv/app' });
  assert.equal(p.workingDir, '/srv/app');
  assert.deepEqual(p.services.a!.environment, { X: 'from-dotenv' });
});

// [case, files, options, env, expected project name or error]
const NAMES: [string, Record<string, string>, LoadOptions, Record<string, string>, string | { error: string }][] = [
  ['directory name, normalized', { '/srv/My_App.Dir/compose.yaml': svc('a') }, { projectDirectory: '/srv/My_App.Dir' }, {}, 'my_appdir'],
  ['leading - and _ trimmed', { '/srv/_-x/compose.yaml': svc('a') }, { projectDirectory: '/srv/_-x' }, {}, 'x'],
  ['name: wins over the directory', { '/project/compose.yaml': `name: Named-Project\n${svc('a')}` }, {}, {}, 'named-project'],
  ['name: is interpolated', { '/project/compose.yaml': `name: \${N:-fallback}\n${svc('a')}` }, {}, {}, 'fallback'],
  ['the last file with name: wins', { '/project/compose.yaml': `name: one\n${svc('a')}`, '/project/compose.override.yaml': 'name: two\n' }, {}, {}, 'two'],
  ['COMPOSE_PROJECT_NAME wins over name:', { '/project/compose.yaml': `name: one\n${svc('a')}` }, {}, { COMPOSE_PROJECT_NAME: 'env' }, 'env'],
  ['COMPOSE_PROJECT_NAME from .env', { '/project/compose.yaml': svc('a'), '/project/.env': 'COMPOSE_PROJECT_NAME=dotenv\n' }, {}, {}, 'dotenv'],
  ['-p wins over everything', { '/project/compose.yaml': `name: one\n${svc('a')}` }, { projectName: 'cli' }, { COMPOSE_PROJECT_NAME: 'env' }, 'cli'],
  ['-p is validated, not normalized', { '/project/compose.yaml': svc('a') }, { projectName: 'My App' }, {},
    { error: 'invalid project name "My App": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number' }],
  ['COMPOSE_PROJECT_NAME is validated too', { '/project/compose.yaml': svc('a') }, {}, { COMPOSE_PROJECT_NAME: 'Bad' },
    { error: 'invalid project name "Bad": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number' }],
  ['a name that normalizes to nothing', { '/project/compose.yaml': `name: "!!!"\n${svc('a')}` }, {}, {}, { error: 'project name must not be empty' }],
];

for (const [name, files, options, env, expected] of NAMES) {
  test(`project name: ${name}`, () => {
    if (typeof expected === 'string') assert.equal(project(files, options, env).name, expected);
    else assert.equal(error(files, options, env), expected.error);
  });
}

test('the project name is available to the file as COMPOSE_PROJECT_NAME', () => {
  const p = project({ '/project/compose.yaml': svc('a', '    container_name: ${COMPOSE_PROJECT_NAME}-a\n') }, { projectName: 'demo' });
  assert.equal(p.services.a!.container_name, 'demo-a');
});

test('.env: the shell wins; later env files win over earlier ones', () => {
  const files = {
    '/project/compose.yaml': svc('a', '    environment: [A=$A, B=$B, C=$C]\n'),
    '/project/.env': 'A=dotenv\nB=dotenv\n',
    '/project/one.env': 'C=one\nB=one\n',
    '/project/two.env': 'C=two\n',
  };
  assert.deepEqual(project(files, {}, { A: 'shell' }).services.a!.environment, { A: 'shell', B: 'dotenv', C: '' });
  assert.deepEqual(project(files, { envFiles: ['one.env', 'two.env'] }).services.a!.environment, { A: '', B: 'one', C: 'two' });
  assert.deepEqual(project(files, {}, { COMPOSE_ENV_FILES: 'one.env,two.env' }).services.a!.environment, { A: '', B: 'one', C: 'two' });
  assert.deepEqual(project(files, {}, { COMPOSE_DISABLE_ENV_FILE: 'true' }).services.a!.environment, { A: '', B: '', C: '' });
  assert.equal(error(files, { envFiles: ['missing.env'] }), "couldn't find env file: /project/missing.env");
});

test('.env can set COMPOSE_FILE and COMPOSE_PROFILES', () => {
  const files = {
    '/project/main.yaml': `${svc('a')}  b:\n    image: b\n    profiles: [extra]\n`,
    '/project/.env': 'COMPOSE_FILE=main.yaml\nCOMPOSE_PROFILES=extra\n',
  };
  assert.deepEqual(Object.keys(project(files).services).sort(), ['a', 'b']);
});

test('resolveOptions reports files, directory, environment and profiles without loading', () => {
  const r = resolveOptions({ profiles: ['p'] }, memoryHost({ '/project/compose.yaml': svc('a'), '/project/.env': 'K=v\n' }));
  assert.deepEqual(r.files, ['/project/compose.yaml']);
  assert.equal(r.workingDir, '/project');
  assert.equal(r.environment.K, 'v');
  assert.deepEqual(r.envFiles, ['/project/.env']);
  assert.deepEqual(r.profiles, ['p']);
});

const PROFILES = `services:
  web:
    image: web
  debug:
    image: debug
    profiles: [debug]
  tools:
    image: tools
    profiles: [tools, all]
    depends_on: [helper]
  helper:
    image: helper
    profiles: [tools]
`;

// [case, options, env, enabled services]
const PROFILE_CASES: [string, LoadOptions, Record<string, string>, string[]][] = [
  ['no profile: services without profiles only', {}, {}, ['web']],
  ['--profile debug', { profiles: ['debug'] }, {}, ['debug', 'web']],
  ['several profiles', { profiles: ['debug', 'tools'] }, {}, ['debug', 'helper', 'tools', 'web']],
  ['COMPOSE_PROFILES', {}, { COMPOSE_PROFILES: 'debug, tools' }, ['debug', 'helper', 'tools', 'web']],
  ['--profile wins over COMPOSE_PROFILES', { profiles: ['debug'] }, { COMPOSE_PROFILES: 'tools' }, ['debug', 'web']],
  ['* enables every profile', { profiles: ['*'] }, {}, ['debug', 'helper', 'tools', 'web']],
  ['a service named explicitly enables its profiles (and keeps its dependencies)', { services: ['tools'] }, {}, ['helper', 'tools']],
  ['selection keeps dependencies only', { services: ['web'] }, {}, ['web']],
  ['selection by pattern', { services: ['w*'] }, {}, ['web']],
];

for (const [name, options, env, enabled] of PROFILE_CASES) {
  test(`profiles: ${name}`, () => {
    const p = project({ '/project/compose.yaml': PROFILES }, options, env);
    assert.deepEqual(Object.keys(p.services).sort(), enabled);
    assert.deepEqual([...Object.keys(p.services), ...Object.keys(p.disabledServices)].sort(), ['debug', 'helper', 'tools', 'web']);
  });
}

test('selection: unknown service', () => {
  assert.equal(error({ '/project/compose.yaml': PROFILES }, { services: ['nope'] }), 'no such service: nope');
});

test('unused networks and volumes are dropped unless allResources', () => {
  const yaml = `${svc('a')}volumes:\n  unused: {}\nnetworks:\n  unused: {}\n`;
  const p = project({ '/project/compose.yaml': yaml });
  assert.deepEqual(Object.keys(p.volumes), []);
  assert.deepEqual(Object.keys(p.networks), ['default']);
  const all = project({ '/project/compose.yaml': yaml }, { allResources: true });
  assert.deepEqual(Object.keys(all.volumes), ['unused']);
  assert.deepEqual(Object.keys(all.networks).sort(), ['default', 'unused']);
});

test('env_file is read into environment (environment wins, ${VAR} from the project environment)', () => {
  const files = {
    '/project/compose.yaml': svc('a', '    env_file: [a.env, {path: opt.env, required: false}]\n    environment: {B: own, D: null}\n'),
    '/project/a.env': 'A=1\nB=file\nC=${SHELL_VAR}-x\nD=file\n',
  };
  const p = project(files, {}, { SHELL_VAR: 'sv' });
  assert.deepEqual(p.services.a!.environment, { A: '1', B: 'own', C: 'sv-x', D: null });
  assert.deepEqual(p.services.a!.env_file, [{ path: '/project/a.env', required: true }, { path: '/project/opt.env', required: false }]);
  const discarded = project(files, { discardEnvFiles: true }, { SHELL_VAR: 'sv' });
  assert.equal(discarded.services.a!.env_file, undefined);
  assert.equal(error({ '/project/compose.yaml': svc('a', '    env_file: nope.env\n') }),
    '/project/compose.yaml:4:5: services.a.env_file[0]: env file /project/nope.env not found');
});

test('label_file is read into labels (labels win)', () => {
  const p = project({
    '/project/compose.yaml': svc('a', '    label_file: l.txt\n    labels: {b: own}\n'),
    '/project/l.txt': 'a=1\nb=file\n',
  }, { discardEnvFiles: true });
  assert.deepEqual(p.services.a!.labels, { a: '1', b: 'own' });
  assert.equal(p.services.a!.label_file, undefined);
});
