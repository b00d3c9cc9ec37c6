import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgv, type Invocation } from '../../../src/cli/argv';
import { ArgvError } from '../../../src/cli/usage';
import type { RawValue } from '../../../src/cli/flags';
import { registry } from './fixtures';

const parse = (line: string): Invocation => parseArgv(line === '' ? [] : line.split(' '), registry);
const obj = (m: Map<string, RawValue>): Record<string, RawValue> => Object.fromEntries(m);

describe('parseArgv: commands, flags and arguments', () => {
  // [command line, path, args, command flags, global flags, group flags]
  const cases: Array<[string, string, string[], Record<string, RawValue>, Record<string, RawValue>?, Record<string, RawValue>?]> = [
    ['images', 'nerdts images', [], {}],
    ['image ls', 'nerdts image ls', [], {}],
    ['image list -q', 'nerdts image ls', [], { quiet: true }],
    ['ps -a', 'nerdts ps', [], { all: true }],
    ['container ps', 'nerdts container ls', [], {}],
    ['container list', 'nerdts container ls', [], {}],
    ['rmi -f a b', 'nerdts rmi', ['a', 'b'], { force: true }],
    ['image remove a', 'nerdts image rm', ['a'], {}],
    ['ns ls', 'nerdts namespace ls', [], {}],
    ['namespace list', 'nerdts namespace ls', [], {}],
    // grouped short booleans, short with value attached, separate or after '='
    ['run -dit alpine sh', 'nerdts run', ['alpine', 'sh'], { detach: true, interactive: true, tty: true }],
    ['run -p 80:80 -p8080:80 -p=9090:90 alpine', 'nerdts run', ['alpine'], { publish: ['80:80', '8080:80', '9090:90'] }],
    ['run -itp 80 alpine', 'nerdts run', ['alpine'], { interactive: true, tty: true, publish: ['80'] }],
    ['run -e A=1 --env B=2 --env=C=3 alpine', 'nerdts run', ['alpine'], { env: ['A=1', 'B=2', 'C=3'] }],
    ['run --name=web --rm alpine', 'nerdts run', ['alpine'], { name: 'web', rm: true }],
    ['run --name web alpine', 'nerdts run', ['alpine'], { name: 'web' }],
    ['run -d=false --rm=false --sig-proxy=false alpine', 'nerdts run', ['alpine'], { detach: false, rm: false, 'sig-proxy': false }],
    ['run --rm=1 alpine', 'nerdts run', ['alpine'], { rm: true }],
    // the container's command keeps its own flags, even --help and --
    ['run alpine ls -la --help -- x', 'nerdts run', ['alpine', 'ls', '-la', '--help', '--', 'x'], {}],
    ['run -d -- alpine -x', 'nerdts run', ['alpine', '-x'], { detach: true }],
    ['run -h myhost alpine', 'nerdts run', ['alpine'], { hostname: 'myhost' }],
    // negative numbers as values and as arguments
    ['ps -n -1', 'nerdts ps', [], { last: -1 }],
    ['ps --last=-5', 'nerdts ps', [], { last: -5 }],
    ['run --cpus -1.5 alpine', 'nerdts run', ['alpine'], { cpus: -1.5 }],
    ['run --stop-timeout=-1 alpine', 'nerdts run', ['alpine'], { 'stop-timeout': -1 }],
    ['tag -1 b', 'nerdts tag', ['-1', 'b'], {}],
    ['images -- -weird', 'nerdts images', ['-weird'], {}],
    ['run --health-interval 1m30s alpine', 'nerdts run', ['alpine'], { 'health-interval': 90_000 }],
    ['run --restart always alpine', 'nerdts run', ['alpine'], { restart: 'always' }],
    ['images --format json -f dangling=true --filter label=a', 'nerdts images', [], { format: 'json', filter: ['dangling=true', 'label=a'] }],
    ['images --format=', 'nerdts images', [], { format: '' }],
    // interspersed positionals for ordinary commands
    ['rmi a -f b', 'nerdts rmi', ['a', 'b'], { force: true }],
    ['rmi -', 'nerdts rmi', ['-'], {}],
    // global flags before and after the command; local flags shadow them
    ['-n foo images', 'nerdts images', [], {}, { namespace: 'foo' }],
    ['--namespace=foo images', 'nerdts images', [], {}, { namespace: 'foo' }],
    ['images -n foo', 'nerdts images', [], {}, { namespace: 'foo' }],
    ['images --namespace foo -q', 'nerdts images', [], { quiet: true }, { namespace: 'foo' }],
    ['ps -n 3', 'nerdts ps', [], { last: 3 }, {}],
    ['-n k8s.io ps -n 3', 'nerdts ps', [], { last: 3 }, { namespace: 'k8s.io' }],
    ['--debug image --namespace x ls', 'nerdts image ls', [], {}, { debug: true, namespace: 'x' }],
    ['-H unix:///x.sock images', 'nerdts images', [], {}, { address: 'unix:///x.sock' }],
    ['--host /x.sock -a /y.sock images', 'nerdts images', [], {}, { address: '/y.sock' }],
    ['--storage-driver native images', 'nerdts images', [], {}, { snapshotter: 'native' }],
    ['--insecure-registry pull x', 'nerdts pull', ['x'], {}, { 'insecure-registry': ['*'] }],
    ['--insecure-registry=a:5000 pull --insecure-registry=b x', 'nerdts pull', ['x'], {}, { 'insecure-registry': ['a:5000', 'b'] }],
    ['--hosts-dir=/a,/b --hosts-dir /c images', 'nerdts images', [], {}, { 'hosts-dir': ['/a', '/b', '/c'] }],
    ['-- images', 'nerdts images', [], {}, {}],
    // a group's own flags, before or after the subcommand
    ['compose -f a.yml up -d', 'nerdts compose up', [], { detach: true }, {}, { file: ['a.yml'] }],
    ['compose up -f a.yml -p proj web', 'nerdts compose up', ['web'], {}, {}, { file: ['a.yml'], 'project-name': 'proj' }],
  ];
  for (const [line, path, args, flags, globals, group] of cases) {
    test(line, () => {
      const inv = parse(line);
      assert.equal(inv.kind, 'run');
      if (inv.kind !== 'run') return;
      assert.equal(inv.path, path);
      assert.deepEqual(inv.args, args);
      assert.deepEqual(obj(inv.flags.command), flags);
      if (globals) assert.deepEqual(obj(inv.flags.global), globals);
      if (group) assert.deepEqual(obj(inv.flags.group), group);
    });
  }
});

describe('parseArgv: help and version', () => {
  // [command line, target, to stderr]
  const cases: Array<[string, string, boolean]> = [
    ['', 'root', true],
    ['--help', 'root', false],
    ['-h', 'root', false],
    ['help', 'root', false],
    ['images --help', 'nerdts images', false],
    ['images -h', 'nerdts images', false],
    ['ps -a --help', 'nerdts ps', false],
    ['help images', 'nerdts images', false],
    ['help image ls', 'nerdts image ls', false],
    ['help image list', 'nerdts image ls', false],
    ['--help images', 'nerdts images', false],
    ['image ls --help', 'nerdts image ls', false],
    ['image --help', 'group image', false],
    ['image', 'group image', true],
    ['help ns', 'group namespace', false],
    ['-n foo image -h', 'group image', false],
  ];
  for (const [line, want, toStderr] of cases) {
    test(line || '(nothing)', () => {
      const inv = parse(line);
      assert.equal(inv.kind, 'help');
      if (inv.kind !== 'help') return;
      const t = inv.target;
      assert.equal(t.kind === 'root' ? 'root' : t.kind === 'group' ? `group ${t.group.name}` : t.path, want);
      assert.equal(inv.toStderr, toStderr);
    });
  }
  test('-v and --version', () => {
    assert.equal(parse('-v').kind, 'version');
    assert.equal(parse('--version').kind, 'version');
    assert.equal(parse('version').kind, 'run');
  });
});

describe('parseArgv: mistakes, in docker words and with docker exit codes', () => {
  const usage = (path: string, useLine: string): string => `\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information`;
  const imagesUsage = usage('nerdts images', 'nerdts images [OPTIONS] [REPOSITORY[:TAG]]');
  const runUsage = usage('nerdts run', 'nerdts run [OPTIONS] IMAGE [COMMAND] [ARG...]');
  // [command line, exit code, full text]
  const cases: Array<[string, number, string]> = [
    ['imags', 1, "nerdts: unknown command: nerdts imags\n\nDid you mean this?\n\timage\n\timages\n\nRun 'nerdts --help' for more information"],
    ['frobnicate', 1, "nerdts: unknown command: nerdts frobnicate\n\nRun 'nerdts --help' for more information"],
    ['image lss', 1, "nerdts: unknown command: nerdts image lss\n\nDid you mean this?\n\tls\n\nUsage:  nerdts image COMMAND\n\nRun 'nerdts image --help' for more information"],
    ['images --fomat x', 125, `unknown flag: --fomat\n\nDid you mean this?\n\t--format${imagesUsage}`],
    ['images --zzz', 125, `unknown flag: --zzz${imagesUsage}`],
    ['images -z', 125, `unknown shorthand flag: 'z' in -z${imagesUsage}`],
    ['images -qz', 125, `unknown shorthand flag: 'z' in -qz${imagesUsage}`],
    ['pull --platform', 125, `flag needs an argument: --platform${usage('nerdts pull', 'nerdts pull [OPTIONS] NAME[:TAG|@DIGEST]')}`],
    ['run -p', 125, `flag needs an argument: 'p' in -p${runUsage}`],
    ['run -dp', 125, `flag needs an argument: 'p' in -dp${runUsage}`],
    ['ps -n abc', 125, `invalid argument "abc" for "-n, --last" flag: strconv.ParseFloat: parsing "abc": invalid syntax${usage('nerdts ps', 'nerdts ps [OPTIONS]')}`],
    ['run --rm=maybe alpine', 125, `invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax${runUsage}`],
    ['run --restart sometimes alpine', 125, `invalid argument "sometimes" for "--restart" flag: must be one of no, always, on-failure, unless-stopped${runUsage}`],
    ['run --health-interval 10 alpine', 125, `invalid argument "10" for "--health-interval" flag: time: invalid duration "10"${runUsage}`],
    ['--bogus images', 125, "unknown flag: --bogus\n\nUsage:  nerdts [OPTIONS] COMMAND\n\nRun 'nerdts --help' for more information"],
    ['--namespace', 125, "flag needs an argument: --namespace\n\nUsage:  nerdts [OPTIONS] COMMAND\n\nRun 'nerdts --help' for more information"],
    ['tag a', 1, "nerdts: 'nerdts tag' requires 2 arguments\n\nUsage:  nerdts tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'nerdts tag --help' for more information"],
    ['run', 1, "nerdts: 'nerdts run' requires at least 1 argument\n\nUsage:  nerdts run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'nerdts run --help' for more information"],
    ['images a b', 1, `nerdts: 'nerdts images' requires at most 1 argument${imagesUsage}`],
    ['ns ls x', 1, "nerdts: 'nerdts namespace ls' accepts no arguments\n\nUsage:  nerdts namespace ls\n\nRun 'nerdts namespace ls --help' for more information"],
    ['help nosuch', 1, 'unknown help topic: nosuch'],
    ['help image nosuch', 1, 'unknown help topic: image nosuch'],
    ['secret-thing-x', 1, "nerdts: unknown command: nerdts secret-thing-x\n\nRun 'nerdts --help' for more information"],
  ];
  for (const [line, code, text] of cases) {
    test(line, () => {
      assert.throws(() => parse(line), (err: unknown) => {
        assert.ok(err instanceof ArgvError, String(err));
        assert.equal(err.message, text);
        assert.equal(err.exitCode, code);
        return true;
      });
    });
  }
  test('a hidden command still runs', () => {
    assert.equal(parse('secret-thing').kind, 'run');
  });
});
