import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  resolveCommand, resolveWorkingDir, withHostname, withImageConfig, withInit, withTerminal,
  type ImageProcessConfig,
} from '../../../../src/container/spec/process';
import { withPidMode } from '../../../../src/container/spec/namespaces';
import { assertInvalid, baseSpec } from './helpers';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('command resolution (docker rules)', () => {
  const both: ImageProcessConfig = { Entrypoint: ['/entry', '-x'], Cmd: ['default', 'args'] };
  const cmdOnly: ImageProcessConfig = { Cmd: ['sh'] };
  const cases: Array<{ name: string; image: ImageProcessConfig; entrypoint?: string | string[]; args?: string[]; want: string[] }> = [
    { name: 'image entrypoint + cmd', image: both, want: ['/entry', '-x', 'default', 'args'] },
    { name: 'args replace cmd', image: both, args: ['a', 'b'], want: ['/entry', '-x', 'a', 'b'] },
    { name: 'cmd only', image: cmdOnly, want: ['sh'] },
    { name: 'args replace cmd-only image', image: cmdOnly, args: ['echo', 'hi'], want: ['echo', 'hi'] },
    { name: '--entrypoint drops image cmd', image: both, entrypoint: '/other', want: ['/other'] },
    { name: '--entrypoint with args', image: both, entrypoint: '/other', args: ['x'], want: ['/other', 'x'] },
    { name: '--entrypoint keeps spaces as one word', image: cmdOnly, entrypoint: 'my entry', want: ['my entry'] },
    { name: '--entrypoint "" clears it and the image cmd', image: both, entrypoint: '', args: ['ls', '/'], want: ['ls', '/'] },
    { name: 'entrypoint [] (API form) clears it but keeps image cmd', image: both, entrypoint: [], want: ['default', 'args'] },
    { name: 'entrypoint list form', image: cmdOnly, entrypoint: ['/bin/sh', '-c'], args: ['echo'], want: ['/bin/sh', '-c', 'echo'] },
    { name: 'null fields', image: { Entrypoint: null, Cmd: ['x'] }, want: ['x'] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(resolveCommand(c.image, { entrypoint: c.entrypoint, args: c.args }), c.want));
  }
  test('nothing to run', () => {
    assertInvalid(() => resolveCommand({}), 'no command specified');
    assertInvalid(() => resolveCommand(both, { entrypoint: '' }), 'no command specified');
  });
});

describe('withImageConfig', () => {
  test('args, cwd and env over the default PATH', () => {
    const spec = baseSpec();
    withImageConfig(spec, {
      image: { Env: ['FOO=1', 'PATH=/opt/bin:/bin'], Cmd: ['sh'], WorkingDir: '/srv/' }, args: ['true'],
    });
    assert.deepEqual(spec.process.args, ['true']);
    assert.equal(spec.process.cwd, '/srv');
    assert.deepEqual(spec.process.env, ['PATH=/opt/bin:/bin', 'FOO=1']);
  });
  test('image without env keeps the default PATH; -w wins over WorkingDir', () => {
    const spec = baseSpec();
    withImageConfig(spec, { image: { Cmd: ['sh'], WorkingDir: '/a' }, workdir: '/b//c/../d' });
    assert.deepEqual(spec.process.env, [PATH]);
    assert.equal(spec.process.cwd, '/b/d');
  });
  test('relative -w is refused', () => {
    assertInvalid(() => resolveWorkingDir('rel', {}), "the working directory 'rel' is invalid, it needs to be an absolute path");
    assert.equal(resolveWorkingDir(undefined, {}), '/');
  });
});

describe('hostname, terminal, init', () => {
  test('withHostname sets hostname, HOSTNAME and the domain sysctl', () => {
    const spec = baseSpec();
    withHostname(spec, { hostname: 'web', domainname: 'example.org' });
    assert.equal(spec.hostname, 'web');
    assert.deepEqual(spec.process.env, [PATH, 'HOSTNAME=web']);
    assert.equal(spec.linux.sysctl?.['kernel.domainname'], 'example.org');
  });
  test('a HOSTNAME from the user is kept', () => {
    const spec = baseSpec();
    spec.process.env.push('HOSTNAME=mine');
    withHostname(spec, { hostname: 'web' });
    assert.deepEqual(spec.process.env, [PATH, 'HOSTNAME=mine']);
  });
  test('hostname longer than 64 bytes', () => {
    assertInvalid(() => withHostname(baseSpec(), { hostname: 'x'.repeat(65) }), /is too long \(maximum 64 bytes\)/);
  });
  test('withTerminal', () => {
    const spec = baseSpec();
    withTerminal(spec, true);
    assert.equal(spec.process.terminal, true);
    assert.deepEqual(spec.process.env, [PATH, 'TERM=xterm']);
    const plain = baseSpec();
    withTerminal(plain, false);
    assert.equal(plain.process.terminal, false);
    assert.deepEqual(plain.process.env, [PATH]);
  });
  test('withInit wraps the command and mounts the binary read-only', () => {
    const spec = baseSpec();
    spec.process.args = ['sleep', '1'];
    withInit(spec, { initPath: '/usr/bin/tini' });
    assert.deepEqual(spec.process.args, ['/sbin/tini', '--', 'sleep', '1']);
    assert.deepEqual(spec.mounts.at(-1), { destination: '/sbin/tini', type: 'bind', source: '/usr/bin/tini', options: ['bind', 'ro'] });
  });
  test('withInit does nothing without a private PID namespace', () => {
    const spec = baseSpec();
    spec.process.args = ['sh'];
    withPidMode(spec, 'host');
    withInit(spec, { initPath: '/usr/bin/tini', containerPath: '/init' });
    assert.deepEqual(spec.process.args, ['sh']);
  });
});
