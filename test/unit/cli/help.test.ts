import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgv } from '../../../src/cli/argv';
import { renderHelp } from '../../../src/cli/help';
import { formatFlagList, goDuration, wrap } from '../../../src/cli/help-flags';
import { registry } from './fixtures';

const help = (line: string, columns = 80): string => {
  const inv = parseArgv(line.split(' ').filter(Boolean), registry);
  assert.equal(inv.kind, 'help');
  return inv.kind === 'help' ? renderHelp(inv.target, registry, columns) : '';
};

test('command help in docker layout', () => {
  assert.equal(help('images --help'), `Usage:  nerdts images [OPTIONS] [REPOSITORY[:TAG]]

List images

Aliases:
  nerdts image ls, nerdts image list, nerdts images

Options:
  -a, --all             Show all images (default hides intermediate images)
      --digests         Show digests
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template
      --no-trunc        Don't truncate output
  -q, --quiet           Only show image IDs
`);
});

test('the usage line follows the invoked path; aliases list every name', () => {
  assert.match(help('image list --help'), /^Usage: {2}nerdts image ls \[OPTIONS\] \[REPOSITORY\[:TAG\]\]\n/);
  assert.match(help('ps --help'), /Aliases:\n {2}nerdts container ls, nerdts container list, nerdts container ps, nerdts ps\n/);
  assert.doesNotMatch(help('help version'), /Aliases:/);
});

test('defaults, value names, durations and hidden flags; one description column', () => {
  const text = help('run --help');
  assert.match(text, /\n {6}--cpus decimal +Number of CPUs\n/);
  assert.match(text, /--health-interval duration {3}Time between running the check\n {35}\(default 30s\)\n/);
  assert.match(text, /--pull string +Pull image before running \(default\n {35}"missing"\)\n/);
  assert.match(text, /--sig-proxy +Proxy received signals to the process\n {35}\(default true\)\n/);
  assert.match(text, /-p, --publish list +Publish/);
  assert.doesNotMatch(text, /secret|--help/);
  const options = text.slice(text.indexOf('Options:\n') + 9).trimEnd().split('\n');
  const columns = new Set(options.map((l) => /^(\s*-\S.*?\s{2,}|\s+)/.exec(l)![0].length));
  assert.deepEqual([...columns], [35]);
});

test('group help lists subcommands; groups with flags show Options', () => {
  assert.equal(help('image --help'), `Usage:  nerdts image COMMAND

Manage images

Commands:
  ls          List images
  pull        Download an image from a registry
  rm          Remove one or more images
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Run 'nerdts image COMMAND --help' for more information on a command.
`);
  assert.match(help('help ns'), /Aliases:\n {2}nerdts namespace, nerdts ns\n/);
  const compose = help('compose --help');
  assert.match(compose, /^Usage: {2}nerdts compose \[OPTIONS\] COMMAND\n/);
  assert.match(compose, /\nOptions:\n.*--env-file list[\s\S]*\nCommands:\n {2}up {10}Create and start containers\n/);
});

test('root help: common, management and other commands, global options', () => {
  const text = help('--help');
  const sections = [...text.matchAll(/^([A-Z][A-Za-z ]+):/gm)].map((m) => m[1]);
  assert.deepEqual(sections, ['Usage', 'Common Commands', 'Management Commands', 'Commands', 'Global Options']);
  assert.match(text, /Common Commands:\n {2}run {9}Create and run a new container from an image\n {2}ps {10}List containers\n {2}pull {8}Download an image from a registry\n {2}images {6}List images\n {2}version {5}Show/);
  assert.match(text, /Management Commands:\n {2}compose {5}Define[^\n]*\n {2}container {3}Manage containers\n {2}image {7}Manage images\n {2}namespace {3}Manage containerd namespaces\n\n/);
  assert.match(text, /Commands:\n {2}cp {10}Copy files\n {2}rmi {9}Remove one or more images\n {2}tag {9}Create a tag/);
  assert.match(text, /\n {2}-n, --namespace string {11}containerd namespace/);
  assert.match(text, /\n {2}-v, --version {20}Print version information and quit\n/);
  assert.doesNotMatch(text, /secret-thing|internal/);
  assert.match(text, /\n\nRun 'nerdts COMMAND --help' for more information on a command.\n$/);
});

test('descriptions wrap like pflag', () => {
  const flags = { format: { type: 'string', description: 'Format output using a custom template: table, json or a Go template' } } as const;
  assert.equal(formatFlagList(flags, 60), `      --format string   Format output using a custom
                        template: table, json or a Go
                        template`);
  // Too narrow for the column: the text moves under it at column 16.
  assert.equal(wrap(40, 50, 'short text here'), '\n                short text here');
  assert.equal(wrap(10, 0, 'x'), 'x');
});

test('goDuration prints Go durations', () => {
  const cases: Array<[number, string]> = [[0, '0s'], [500, '500ms'], [1500, '1.5s'], [30_000, '30s'], [90_000, '1m30s'], [3_600_000, '1h0m0s'], [5_400_000, '1h30m0s']];
  for (const [ms, want] of cases) assert.equal(goDuration(ms), want, String(ms));
});
