// Shell completion end to end: a real bash sources `nerdts completion bash`, gets COMP_WORDS,
// COMP_CWORD, COMP_LINE and COMP_POINT as bash would set them, runs the completion function (which
// calls the built CLI) and prints COMPREPLY. The CLI is $NERDTS_BIN (default <repo>/bin/nerdts;
// a .js path runs under node).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBin(): string {
  if (process.env.NERDTS_BIN) return process.env.NERDTS_BIN;
  const beside = join(__dirname, '..', '..', '..', '..', 'bin', 'nerdts');
  return existsSync(beside) ? beside : join(process.cwd(), 'bin', 'nerdts');
}
const BIN = findBin();
const CALL = BIN.endsWith('.js') ? `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}` : JSON.stringify(BIN);
const hasBash = spawnSync('bash', ['-c', 'type complete compgen mapfile >/dev/null'], { stdio: 'ignore' }).status === 0;

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** bash's own split of a command line: blanks separate words, and '=' and ':' are words of their own. */
function compWords(line: string): string[] {
  const words: string[] = [];
  for (const blank of line.split(' ')) {
    const parts = blank.split(/([=:]+)/).filter((p) => p !== '');
    words.push(...(parts.length ? parts : ['']));
  }
  return words;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** COMPREPLY for `line`, the cursor at `point` (default: end of line). */
function completeInBash(line: string, env: Record<string, string> = {}, point = line.length): string[] {
  const before = compWords(line.slice(0, point));
  const all = compWords(line);
  const script = [
    `nerdts() { ${CALL} "$@"; }`,
    'source <(nerdts completion bash)',
    `COMP_WORDS=(${all.map(q).join(' ')})`,
    `COMP_CWORD=${before.length - 1}`,
    `COMP_LINE=${q(line)}`,
    `COMP_POINT=${point}`,
    '_nerdts_completion',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', env: cleanEnv(env) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const sorted = (xs: string[]): string[] => [...xs].sort();

describe('bash completion', { skip: hasBash ? false : 'bash with programmable completion is not installed' }, () => {
  const fixture = JSON.stringify({ namespaces: ['default', 'k8s.io', 'a:b1', 'a:b2'] });
  // [line, expected COMPREPLY, env]
  const cases: Array<[string, string[], Record<string, string>?]> = [
    ['nerdts ver', ['version']],
    ['nerdts compl', ['completion']],
    ['nerdts version --fo', ['--format']],
    ['nerdts version -', ['--format', '-f', '--address', '-a', '--namespace', '-n', '--snapshotter', '--data-root', '--cni-path',
      '--cni-netconfpath', '--hosts-dir', '--insecure-registry', '--cgroup-manager', '--debug', '--no-autostart']],
    ['nerdts version --format ', ['json', '{{json .}}']],
    ['nerdts version --format j', ['json']],
    // bash splits at '=' and ':'; the script trims what bash already has in front of the word
    ['nerdts version --format=', ['=json', '={{json .}}']],
    ['nerdts version --format=j', ['json']],
    ['nerdts --cgroup-manager=sy', ['systemd']],
    ['nerdts completion ', ['bash', 'fish', 'zsh']],
    ['nerdts completion z', ['zsh']],
    ['nerdts help v', ['version', 'volume']],
    ['nerdts nosuch ', []],
    ['nerdts --namespace k8', ['k8s.io'], { NERDTS_COMPLETION_FIXTURE: fixture }],
    ['nerdts -n ', ['default', 'k8s.io', 'a:b1', 'a:b2'], { NERDTS_COMPLETION_FIXTURE: fixture }],
    ['nerdts --namespace a:', [':b1', ':b2'], { NERDTS_COMPLETION_FIXTURE: fixture }],
    ['nerdts --namespace a:b', ['b1', 'b2'], { NERDTS_COMPLETION_FIXTURE: fixture }],
    ['nerdts --namespace=a:b', ['b1', 'b2'], { NERDTS_COMPLETION_FIXTURE: fixture }],
  ];
  for (const [line, want, env] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(sorted(completeInBash(line, env)), sorted(want)));
  }

  test('the root lists commands but not hidden ones', () => {
    const got = completeInBash('nerdts ');
    for (const w of ['completion', 'help', 'version']) assert.ok(got.includes(w), w);
    assert.ok(!got.includes('internal'));
  });

  test('cursor inside a word completes what is before the cursor', () => {
    assert.deepEqual(completeInBash('nerdts version --debug', {}, 'nerdts ver'.length), ['version']);
  });

  test('file names come from bash itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-completion-'));
    try {
      writeFileSync(join(dir, 'sock1'), '');
      writeFileSync(join(dir, 'sock2'), '');
      writeFileSync(join(dir, 'other'), '');
      assert.deepEqual(sorted(completeInBash(`nerdts --address ${dir}/so`)), [`${dir}/sock1`, `${dir}/sock2`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Checked once the image commands exist in the table.
  const hasImages = spawnSync('bash', ['-c', `${CALL} images --help`], { stdio: 'ignore', env: cleanEnv() }).status === 0;
  test('nerdts ima<TAB> and nerdts images --fo<TAB>', { skip: hasImages ? false : 'no images command yet' }, () => {
    assert.deepEqual(sorted(completeInBash('nerdts ima')), ['image', 'images']);
    assert.deepEqual(completeInBash('nerdts images --fo'), ['--format']);
  });
});

const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'true'], { stdio: 'ignore' }).status === 0;

/** zsh outside a terminal: compadd and _files are stubbed to print what they are given. */
function completeInZsh(line: string, env: Record<string, string> = {}): string[] {
  const script = [
    `nerdts() { ${CALL} "$@" }`,
    'compdef() { : }',
    'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }',
    '_files() { print -- ":files $*" }',
    'source <(nerdts completion zsh)',
    `LINE=${q(line)}`,
    'words=("${(@Q)${(z)LINE}}")',
    "[[ $LINE == *' ' ]] && words+=('')",
    'CURRENT=${#words}',
    '_nerdts',
  ].join('\n');
  const r = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', env: cleanEnv(env) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** fish answers `complete -C LINE` with the candidates, one per line (descriptions after a tab). */
function completeInFish(line: string, env: Record<string, string> = {}): string[] {
  const script = `function nerdts; ${CALL} $argv; end; nerdts completion fish | source; complete -C ${q(line)}`;
  const r = spawnSync('fish', ['--no-config', '-c', script], { encoding: 'utf8', env: cleanEnv(env) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
}

const otherShellCases: Array<[string, string[]]> = [
  ['nerdts ver', ['version']],
  ['nerdts version --fo', ['--format']],
  ['nerdts completion ', ['bash', 'fish', 'zsh']],
  ['nerdts --namespace=k8', ['--namespace=k8s.io']],
  ['nerdts -n ', ['a:b1', 'a:b2', 'default', 'k8s.io']],
];
const shellFixture = { NERDTS_COMPLETION_FIXTURE: JSON.stringify({ namespaces: ['default', 'k8s.io', 'a:b1', 'a:b2'] }) };

describe('zsh completion', { skip: hasShell('zsh') ? false : 'zsh is not installed' }, () => {
  for (const [line, want] of otherShellCases) {
    test(JSON.stringify(line), () => assert.deepEqual(sorted(completeInZsh(line, shellFixture)), sorted(want)));
  }
  test('file names are left to _files', () => assert.deepEqual(completeInZsh('nerdts --address '), [':files ']));
});

describe('fish completion', { skip: hasShell('fish') ? false : 'fish is not installed' }, () => {
  for (const [line, want] of otherShellCases) {
    test(JSON.stringify(line), () => assert.deepEqual(sorted(completeInFish(line, shellFixture)), sorted(want)));
  }
  test('file names come from fish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-completion-'));
    try {
      writeFileSync(join(dir, 'sock1'), '');
      assert.deepEqual(completeInFish(`nerdts --address ${dir}/so`), [`${dir}/sock1`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built CLI: exit codes and messages', () => {
  // [argv, exit code, stderr pattern]
  const cases: Array<[string[], number, RegExp]> = [
    [['nosuch'], 1, /^nerdts: unknown command: nerdts nosuch\n\nRun 'nerdts --help' for more information\n$/],
    [['version', '--fomat'], 125, /^unknown flag: --fomat\n\nDid you mean this\?\n\t--format\n\nUsage: {2}nerdts version \[OPTIONS\]\n/],
    [['version', 'extra'], 1, /^nerdts: 'nerdts version' accepts no arguments\n/],
    [['completion'], 1, /^nerdts: 'nerdts completion' requires 1 argument\n/],
    [['completion', 'tcsh'], 125, /^Error: unsupported shell "tcsh"\nHint: use one of: bash, zsh, fish\nRun 'nerdts completion --help' for more information\n$/],
    [['--namespace', 'bad/ns', 'version'], 1, /^Error: invalid namespace "bad\/ns"\n/],
    [['help', 'nosuch'], 1, /^unknown help topic: nosuch\n$/],
    [['version'], 0, /^$/],
    [['--help'], 0, /^$/],
  ];
  for (const [argv, code, stderr] of cases) {
    test(argv.join(' '), () => {
      const r = spawnSync('sh', ['-c', `${CALL} "$@"`, 'nerdts', ...argv], { encoding: 'utf8', env: cleanEnv() });
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, stderr);
    });
  }
});
