import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { complete, type CompletionResult } from '../../../src/cli/complete';
import { registerCompletionProvider, type CompletionContext } from '../../../src/cli/completion-providers';
import { resolveGlobals } from '../../../src/config';
import type { LoadChunk } from '../../../src/cli/chunks';
import { registry } from './fixtures';

const fixture = JSON.stringify({ images: ['alpine:3.18', 'busybox:latest'], containers: ['web', 'db'], namespaces: ['default', 'k8s.io'] });
const env = { NERDTS_COMPLETION_FIXTURE: fixture };
const noChunks: LoadChunk = () => { throw new Error('no chunks in unit tests'); };
const deps = {
  registry,
  context: (given: Record<string, unknown>) => ({ globals: resolveGlobals(given, env, () => undefined), loadChunk: noChunks, env }),
  timeoutMs: 50,
};
const run = (line: string): Promise<CompletionResult> => complete(line.split(' '), deps);
const sorted = (xs: string[]): string[] => [...xs].sort();

describe('complete', () => {
  // [words joined by single spaces (the last is the word being completed), candidates, shell kind]
  const cases: Array<[string, string[], string?]> = [
    ['', ['compose', 'container', 'cp', 'help', 'image', 'images', 'namespace', 'ps', 'pull', 'rmi', 'run', 'tag', 'version']],
    ['ima', ['image', 'images']],
    ['nosuch ', []],
    ['images --fo', ['--format']],
    ['images --format ', ['json', 'table']],
    ['images --format=j', ['--format=json']],
    ['images --no-trunc=', ['--no-trunc=true', '--no-trunc=false']],
    ['image ', ['ls', 'pull', 'rm', 'tag']],
    ['image l', ['ls']],
    ['ns ', ['ls']],
    ['image nosuch ', []],
    // -a is --all here: the command's flag shadows the global --address shorthand
    ['images -', ['--all', '-a', '--digests', '--filter', '-f', '--format', '--no-trunc', '--quiet', '-q',
      '--address', '--namespace', '-n', '--snapshotter', '--data-root', '--cni-path', '--cni-netconfpath',
      '--hosts-dir', '--insecure-registry', '--cgroup-manager', '--debug', '--no-autostart']],
    ['ps --l', ['--last']],
    ['pull --platform linux/arm', ['linux/arm64', 'linux/arm/v7', 'linux/arm/v6']],
    ['run --restart ', ['no', 'always', 'on-failure', 'unless-stopped']],
    ['run --rm ', ['alpine:3.18', 'busybox:latest']],
    ['run --rm=true bu', ['busybox:latest']],
    ['run -d --name x alp', ['alpine:3.18']],
    ['run -e A=1 -itd ', ['alpine:3.18', 'busybox:latest']],
    ['run -itp ', []],
    ['run alpine ', []],
    ['run alpine -', []],
    ['images alpine ', []],
    ['tag a b ', []],
    ['tag a ', ['alpine:3.18', 'busybox:latest']],
    ['rmi x y ', ['alpine:3.18', 'busybox:latest']],
    ['cp ', ['web', 'db']],
    ['cp web:/etc ', [], 'files'],
    ['--namespace ', ['default', 'k8s.io']],
    ['--namespace=k8', ['--namespace=k8s.io']],
    ['-n ', ['default', 'k8s.io']],
    ['--cgroup-manager ', ['cgroupfs', 'systemd', 'none']],
    ['--debug ', ['compose', 'container', 'cp', 'help', 'image', 'images', 'namespace', 'ps', 'pull', 'rmi', 'run', 'tag', 'version']],
    ['--debug=', ['--debug=true', '--debug=false']],
    ['--address ', [], 'files'],
    ['--hosts-dir ', [], 'directories'],
    ['help ', ['compose', 'container', 'cp', 'image', 'images', 'namespace', 'ps', 'pull', 'rmi', 'run', 'tag', 'version']],
    ['help image ', ['ls', 'pull', 'rm', 'tag']],
    ['help image ls ', []],
    ['compose -f ', [], 'files'],
    ['compose up --pro', ['--project-name', '--project-directory', '--profile']],
    ['version --format ', []],
  ];
  for (const [line, want, shell] of cases) {
    test(JSON.stringify(line), async () => {
      const r = await run(line);
      assert.deepEqual(sorted(r.candidates), sorted(want));
      assert.equal(r.shell, shell);
    });
  }

  test('providers see the global flags typed so far', async () => {
    const seen: CompletionContext[] = [];
    registerCompletionProvider('services', (ctx) => { seen.push(ctx); return ['web', 'worker']; });
    const r = await run('-n k8s.io compose up --address=/x.sock w');
    assert.deepEqual(r.candidates, ['web', 'worker']);
    assert.equal(seen[0]!.globals.namespace, 'k8s.io');
    assert.equal(seen[0]!.globals.address, '/x.sock');
    assert.equal(seen[0]!.current, 'w');
    assert.deepEqual(seen[0]!.words, ['-n', 'k8s.io', 'compose', 'up', '--address=/x.sock']);
  });

  test('a slow or failing provider yields nothing', async () => {
    registerCompletionProvider('services', () => new Promise<string[]>(() => undefined));
    assert.deepEqual((await run('compose up ')).candidates, []);
    registerCompletionProvider('services', () => { throw new Error('containerd is down'); });
    assert.deepEqual((await run('compose up ')).candidates, []);
    registerCompletionProvider('services', () => Promise.reject(new Error('containerd is down')));
    assert.deepEqual((await run('compose up ')).candidates, []);
  });

  test('bad global values skip live providers instead of failing', async () => {
    assert.deepEqual((await run('--namespace bad/ns images ')).candidates, []);
  });
});
