import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch, type DispatchDeps, type DispatchState } from '../../../src/cli/dispatch';
import type { CommandIO } from '../../../src/cli/command';
import { defineCommand } from '../../../src/cli/command';
import { buildRegistry, checkFlagTables } from '../../../src/cli/registry';
import { commands } from '../../../src/cli/commands/index';
import { chunkPath, type LoadChunk } from '../../../src/cli/chunks';
import { ArgvError } from '../../../src/cli/usage';
import { registry, ran } from './fixtures';

interface Fake { deps: DispatchDeps; out: string[]; err: string[]; chunkCalls: unknown[][] }

function fake(env: Record<string, string> = {}, files: Record<string, string> = {}, withRegistry = true): Fake {
  const out: string[] = [];
  const err: string[] = [];
  const chunkCalls: unknown[][] = [];
  const io: CommandIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, stdinIsTTY: false, stderrIsTTY: false, columns: 80 };
  const loadChunk = ((name: string) => ({
    runLogger: async (argv: string[]) => { chunkCalls.push([name, 'runLogger', argv[1]]); },
    runOciHook: async (event: string, globals: unknown) => { chunkCalls.push([name, 'runOciHook', event, globals]); },
    serverVersion: async () => [{ Name: 'containerd', Version: 'fake' }],
    formatVersion: (format: string, info: { Client: { Os: string } }) => format === '{{.Client.Os}}' ? `${info.Client.Os}\n` : 'unsupported\n',
  })) as unknown as LoadChunk;
  const deps: DispatchDeps = { env, io, readFile: (p) => files[p], exists: () => false, loadChunk, ...(withRegistry ? { registry } : {}) };
  return { deps, out, err, chunkCalls };
}

async function go(line: string, f = fake(), state: DispatchState = { debug: false }): Promise<number> {
  return dispatch(line.split(' ').filter(Boolean), f.deps, state);
}

describe('dispatch', () => {
  test('a command receives typed flags with defaults, its args, globals and its path', async () => {
    assert.equal(await go('-n k8s.io images -q --format json x'), 0);
    const ctx = ran.at(-1)!;
    assert.deepEqual(ctx.flags, { all: false, digests: false, filter: [], format: 'json', noTrunc: false, quiet: true });
    assert.deepEqual(ctx.args, ['x']);
    assert.equal(ctx.globals.namespace, 'k8s.io');
    assert.equal(ctx.commandPath, 'nerdts images');
    assert.deepEqual(ctx.groupFlags, {});
  });

  test('defaults of every type; env fallback below the command line', async () => {
    await go('run alpine', fake({ FIXTURE_PULL: 'never' }));
    const flags = ran.at(-1)!.flags as Record<string, unknown>;
    assert.deepEqual(flags, {
      detach: false, interactive: false, tty: false, publish: [], env: [], name: undefined, rm: false, hostname: undefined,
      cpus: undefined, restart: 'no', pull: 'never', stopTimeout: undefined, healthInterval: 30_000, sigProxy: true, secret: undefined,
    });
    await go('run --pull always alpine', fake({ FIXTURE_PULL: 'never' }));
    assert.equal((ran.at(-1)!.flags as Record<string, unknown>).pull, 'always');
    await assert.rejects(go('run alpine', fake({ FIXTURE_PULL: 'sometimes' })), (e: unknown) =>
      e instanceof ArgvError && e.exitCode === 125
      && e.message === 'invalid value "sometimes" in environment variable FIXTURE_PULL for "--pull" flag: must be one of always, missing, never');
  });

  test('group flags reach the subcommand', async () => {
    await go('compose -f a.yml up -p proj -d');
    const ctx = ran.at(-1)!;
    assert.deepEqual(ctx.groupFlags, { file: ['a.yml'], projectName: 'proj', projectDirectory: undefined, profile: [], envFile: [] });
    assert.deepEqual(ctx.flags, { detach: true });
  });

  test('help goes to stdout when asked for, to stderr when a command is missing (docker)', async () => {
    let f = fake();
    assert.equal(await go('images --help', f), 0);
    assert.match(f.out.join(''), /^Usage: {2}nerdts images/);
    assert.deepEqual(f.err, []);
    f = fake();
    assert.equal(await go('image', f), 0);
    assert.match(f.err.join(''), /^Usage: {2}nerdts image COMMAND/);
    assert.deepEqual(f.out, []);
    f = fake();
    assert.equal(await go('', f), 0);
    assert.match(f.err.join(''), /^Usage: {2}nerdts \[OPTIONS\] COMMAND/);
  });

  test('--version prints one line', async () => {
    const f = fake();
    await go('--version', f);
    assert.match(f.out.join(''), /^nerdts version \S+\n$/);
  });

  test('debug state and command path are known before the command runs', async () => {
    const failing = defineCommand({ name: 'fail', summary: 'fails', run: () => { throw new Error('boom'); } });
    const f = fake({}, { '/etc/nerdts/nerdts.toml': 'debug = true' }, false);
    f.deps.registry = buildRegistry([failing]);
    const state: DispatchState = { debug: false };
    await assert.rejects(go('fail', f, state), /boom/);
    assert.deepEqual(state, { debug: true, commandPath: 'nerdts fail' });
    const f2 = fake({}, {}, false);
    f2.deps.registry = buildRegistry([failing]);
    const state2: DispatchState = { debug: false };
    await assert.rejects(go('--debug fail', f2, state2));
    assert.equal(state2.debug, true);
  });

  test('the per-container logger mode goes straight to its chunk', async () => {
    const f = fake();
    assert.equal(await go('_NERDCTL_INTERNAL_LOGGING /var/lib/nerdctl/1935db59', f), 0);
    assert.deepEqual(f.chunkCalls, [['logging', 'runLogger', '/var/lib/nerdctl/1935db59']]);
  });

  test('__complete prints one candidate per line and the shell directive last', async () => {
    let f = fake();
    await dispatch(['__complete', 'ima'], f.deps, { debug: false });
    assert.equal(f.out.join(''), 'image\nimages\n');
    f = fake();
    await dispatch(['__complete', '--address', ''], f.deps, { debug: false });
    assert.equal(f.out.join(''), ':files\n');
    f = fake();
    await dispatch(['__complete'], f.deps, { debug: false });
    assert.match(f.out.join(''), /^help\n/);
  });
});

describe('the real command table', () => {
  test('builds without clashes', () => {
    assert.doesNotThrow(() => buildRegistry(commands).root);
    assert.doesNotThrow(() => checkFlagTables(commands));
  });

  test('version, completion and the OCI hook', async () => {
    let f = fake({}, {}, false);
    await go('version', f);
    assert.match(f.out.join(''), /^Client:\n Version: {11}\S+\n Node\.js version: {3}v\d+/);
    f = fake({}, {}, false);
    await go('version --format {{.Client.Os}}', f);
    assert.equal(f.out.join(''), 'linux\n');
    f = fake({}, {}, false);
    await go('completion bash', f);
    assert.match(f.out.join(''), /\ncomplete -F _nerdts_completion nerdts\n$/);
    await assert.rejects(go('completion tcsh', fake({}, {}, false)), /unsupported shell "tcsh"/);
    f = fake({}, {}, false);
    await go('--data-root /d internal oci-hook createRuntime', f);
    assert.equal(f.chunkCalls[0]![2], 'createRuntime');
    assert.equal((f.chunkCalls[0]![3] as { dataRoot: string }).dataRoot, '/d');
  });

  test('hidden things stay out of help', async () => {
    const f = fake({}, {}, false);
    await go('--help', f);
    assert.doesNotMatch(f.out.join(''), /internal|oci-hook/);
  });
});

describe('command table mistakes are caught when the index is built', () => {
  const mk = (name: string, extra: object = {}) => defineCommand({ name, summary: name, run: () => undefined, ...extra });
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['two commands, one name', () => buildRegistry([mk('a'), mk('a')]).root, /"a" declared twice/],
    ['alias clashes with a command', () => buildRegistry([mk('a'), mk('b', { aliases: ['a'] })]).root, /"a" declared twice/],
    ['help is reserved', () => buildRegistry([mk('help')]).root, /"help" declared twice/],
    ['two flags, one letter', () => checkFlagTables([mk('a', { flags: { x: { type: 'boolean', short: 'q', description: '' }, y: { type: 'boolean', short: 'q', description: '' } } })]), /flag "q" declared twice in a/],
    ['short flag of two letters', () => checkFlagTables([mk('a', { flags: { x: { type: 'boolean', short: 'qq', description: '' } } })]), /must be one letter/],
  ];
  for (const [name, f, re] of cases) test(name, () => assert.throws(f, re));
});

test('chunk paths: next to the bundle, or the transpiled source', () => {
  assert.equal(chunkPath('image', true, '/opt/nerdts/dist'), '/opt/nerdts/dist/chunks/image.js');
  assert.equal(chunkPath('image', false, '/b/src/cli'), '/b/src/image/chunk');
});
