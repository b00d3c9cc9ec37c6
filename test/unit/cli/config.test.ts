import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isInsecureRegistry, resolveGlobals, type GlobalFlagValues, type GlobalOptions } from '../../../src/config';
import { parseTomlSubset } from '../../../src/config-toml';
import { isNerdtsError } from '../../../src/errors';

const files = (map: Record<string, string>) => (path: string): string | undefined => map[path];
const none = files({});
const resolve = (flags: GlobalFlagValues, env: Record<string, string> = {}, toml?: string): GlobalOptions =>
  resolveGlobals(flags, env, toml === undefined ? none : files({ '/etc/nerdts/nerdts.toml': toml }));

describe('resolveGlobals', () => {
  test('defaults', () => {
    assert.deepEqual(resolve({}), {
      address: '/run/containerd/containerd.sock', namespace: 'default', snapshotter: 'overlayfs',
      dataRoot: '/var/lib/nerdctl', cniPath: '/opt/cni/bin', cniNetconfPath: '/etc/cni/net.d',
      hostsDir: ['/etc/containerd/certs.d', '/etc/docker/certs.d'], insecureRegistry: [], debug: false,
      cgroupManager: 'cgroupfs', autostartContainerd: true, configPath: '/etc/nerdts/nerdts.toml',
    });
  });

  test('precedence: flag > env > nerdts.toml > default', () => {
    const toml = 'namespace = "from-file"\nsnapshotter = "native"\ndata_root = "/file"\naddress = "/file.sock"';
    // [flags, env, field, expected]
    const cases: Array<[GlobalFlagValues, Record<string, string>, keyof GlobalOptions, unknown]> = [
      [{ namespace: 'flag' }, { CONTAINERD_NAMESPACE: 'env' }, 'namespace', 'flag'],
      [{}, { CONTAINERD_NAMESPACE: 'env' }, 'namespace', 'env'],
      [{}, { CONTAINERD_NAMESPACE: '' }, 'namespace', 'from-file'],
      [{}, {}, 'namespace', 'from-file'],
      [{}, { CONTAINERD_SNAPSHOTTER: 'zfs' }, 'snapshotter', 'zfs'],
      [{}, {}, 'snapshotter', 'native'],
      [{ dataRoot: '/flag' }, {}, 'dataRoot', '/flag'],
      [{}, {}, 'dataRoot', '/file'],
      [{}, { CONTAINERD_ADDRESS: 'unix:///env.sock' }, 'address', '/env.sock'],
      [{ address: 'unix:///flag.sock' }, { CONTAINERD_ADDRESS: '/env.sock' }, 'address', '/flag.sock'],
      [{}, {}, 'address', '/file.sock'],
      [{}, { CNI_PATH: '/env/cni' }, 'cniPath', '/env/cni'],
      [{}, { NETCONFPATH: '/env/net.d' }, 'cniNetconfPath', '/env/net.d'],
    ];
    for (const [flags, env, field, want] of cases) assert.deepEqual(resolve(flags, env, toml)[field], want, `${JSON.stringify(flags)} ${JSON.stringify(env)} ${field}`);
  });

  test('booleans and lists from each source', () => {
    assert.equal(resolve({}, {}, 'debug = true').debug, true);
    assert.equal(resolve({ debug: false }, {}, 'debug = true').debug, false);
    assert.equal(resolve({}, {}, 'autostart = false').autostartContainerd, false);
    assert.equal(resolve({}, { NERDTS_NO_AUTOSTART: '1' }).autostartContainerd, false);
    assert.equal(resolve({}, { NERDTS_NO_AUTOSTART: '0' }).autostartContainerd, true);
    assert.equal(resolve({ noAutostart: true }).autostartContainerd, false);
    assert.equal(resolve({ noAutostart: false }, { NERDTS_NO_AUTOSTART: '1' }).autostartContainerd, true);
    assert.deepEqual(resolve({}, {}, 'hosts_dir = ["/a", "/b"]').hostsDir, ['/a', '/b']);
    assert.deepEqual(resolve({}, {}, 'hosts_dir = "/a"').hostsDir, ['/a']);
    assert.deepEqual(resolve({ hostsDir: ['/x'] }, {}, 'hosts_dir = ["/a"]').hostsDir, ['/x']);
    assert.equal(resolve({ cgroupManager: 'systemd' }).cgroupManager, 'systemd');
    assert.equal(resolve({}, {}, 'cgroup_manager = "none"').cgroupManager, 'none');
  });

  test('insecure registries: bare flag, hosts, nerdctl booleans', () => {
    const cases: Array<[GlobalFlagValues, string | undefined, string[]]> = [
      [{ insecureRegistry: ['*'] }, undefined, ['*']],
      [{ insecureRegistry: ['a:5000', 'b'] }, undefined, ['a:5000', 'b']],
      [{ insecureRegistry: ['true'] }, undefined, ['*']],
      [{ insecureRegistry: ['*', 'false'] }, 'insecure_registry = true', []],
      [{}, 'insecure_registry = true', ['*']],
      [{}, 'insecure_registry = false', []],
      [{}, 'insecure_registry = ["r:5000"]', ['r:5000']],
    ];
    for (const [flags, toml, want] of cases) assert.deepEqual(resolve(flags, {}, toml).insecureRegistry, want, JSON.stringify([flags, toml]));
    const g = { insecureRegistry: ['localhost:5000', 'reg'] };
    assert.equal(isInsecureRegistry(g, 'localhost:5000'), true);
    assert.equal(isInsecureRegistry(g, 'localhost:5001'), false);
    assert.equal(isInsecureRegistry(g, 'reg:443'), true);
    assert.equal(isInsecureRegistry({ insecureRegistry: ['*'] }, 'docker.io'), true);
    assert.equal(isInsecureRegistry({ insecureRegistry: [] }, 'docker.io'), false);
  });

  test('host-dependent defaults use the exists() probe', () => {
    const present = new Set(['/usr/libexec/cni', '/usr/lib/cni', '/sys/fs/cgroup/cgroup.controllers', '/run/systemd/system']);
    const g = resolveGlobals({}, {}, none, (p) => present.has(p));
    assert.equal(g.cniPath, '/usr/libexec/cni');
    assert.equal(g.cgroupManager, 'systemd');
  });

  test('NERDTS_TOML chooses the file', () => {
    const g = resolveGlobals({}, { NERDTS_TOML: '/tmp/x.toml' }, files({ '/tmp/x.toml': 'namespace = "x"' }));
    assert.equal(g.namespace, 'x');
    assert.equal(g.configPath, '/tmp/x.toml');
  });

  test('mistakes name the file, the key and what to do', () => {
    const cases: Array<[GlobalFlagValues, string | undefined, RegExp]> = [
      [{}, 'debug_full = true', /^\/etc\/nerdts\/nerdts.toml: unknown key "debug_full"$/],
      [{}, 'debug = "yes"', /"debug" must be true or false/],
      [{}, 'hosts_dir = [1]', /"hosts_dir" must be an array of strings/],
      [{}, '[section]', /nerdts.toml:1: tables are not supported/],
      [{ namespace: 'a/b' }, undefined, /invalid namespace "a\/b"/],
      [{ namespace: 'x'.repeat(77) }, undefined, /invalid namespace/],
      [{ address: 'tcp://1.2.3.4:2375' }, undefined, /only unix sockets are supported/],
      [{ address: 'unix://' }, undefined, /address is empty/],
      [{ cgroupManager: 'magic' }, undefined, /invalid cgroup manager "magic"/],
    ];
    for (const [flags, toml, re] of cases) {
      assert.throws(() => resolve(flags, {}, toml), (e: unknown) => isNerdtsError(e) && re.test(e.message) && e.code === 'invalid-argument', re.source);
    }
    assert.doesNotThrow(() => resolve({ namespace: 'k8s.io' }));
    assert.doesNotThrow(() => resolve({ namespace: 'a_b-c.d1' }));
  });
});

describe('parseTomlSubset', () => {
  test('values', () => {
    const text = [
      '# nerdts config',
      'address = "unix:///run/x.sock"  # trailing comment',
      "literal = 'C:\\no\\escapes'",
      'escaped = "tab\\there \\"q\\" \\u00e9 # not a comment"',
      'yes = true',
      'no=false',
      'n = 1_000',
      'f = -2.5',
      'list = ["a", \'b\', 3, true, ["n"]]',
      'empty = []',
      '"quoted-key" = "v"',
      '',
    ].join('\n');
    assert.deepEqual(parseTomlSubset(text, 'f.toml'), {
      address: 'unix:///run/x.sock', literal: 'C:\\no\\escapes', escaped: 'tab\there "q" é # not a comment',
      yes: true, no: false, n: 1000, f: -2.5, list: ['a', 'b', 3, true, ['n']], empty: [], 'quoted-key': 'v',
    });
  });

  test('errors carry file and line', () => {
    const cases: Array<[string, RegExp]> = [
      ['a = "open', /^f.toml:1: unterminated string$/],
      ['\n\nb = [1,\n2]', /^f.toml:3: arrays must be on one line$/],
      ['c = 1 2', /^f.toml:1: unexpected text after the value: 2$/],
      ['d = nope', /^f.toml:1: cannot read value: nope$/],
      ['e = 1\ne = 2', /^f.toml:2: duplicate key "e"$/],
      ['just words', /^f.toml:1: expected key = value$/],
      ['[t]', /tables are not supported/],
      ['g = "bad \\q"', /bad escape \\q/],
      ['h = [1 2]', /expected , or \] in array/],
    ];
    for (const [text, re] of cases) assert.throws(() => parseTomlSubset(text, 'f.toml'), { message: re }, text);
  });
});
