import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportError } from '../../../src/cli/error-report';
import { ArgvError } from '../../../src/cli/usage';
import { ExitStatus, NerdtsError, notFound, usageError } from '../../../src/errors';

test('error texts and exit codes', () => {
  const sysErr = Object.assign(new Error("EACCES: permission denied, mkdir '/var/lib/nerdctl'"), { code: 'EACCES', syscall: 'mkdir' });
  // [error, command path, text, exit code]
  const cases: Array<[unknown, string | undefined, string, number]> = [
    [new ExitStatus(137), 'nerdts run', '', 137],
    [new ExitStatus(0), undefined, '', 0],
    [new ArgvError('unknown flag: --x\n\nUsage:  nerdts ps [OPTIONS]', 125), 'nerdts ps', 'unknown flag: --x\n\nUsage:  nerdts ps [OPTIONS]\n', 125],
    [notFound('no such image: foo'), 'nerdts rmi', 'Error: no such image: foo\n', 1],
    [new NerdtsError('unavailable', 'cannot connect to containerd at /run/containerd/containerd.sock', { hint: 'start containerd or pass --address' }),
      'nerdts ps', 'Error: cannot connect to containerd at /run/containerd/containerd.sock\nHint: start containerd or pass --address\n', 1],
    [usageError('conflicting options: -d and --rm'), 'nerdts run',
      "Error: conflicting options: -d and --rm\nRun 'nerdts run --help' for more information\n", 125],
    [new NerdtsError('invalid-argument', 'bad volume spec', { exitCode: 125 }), 'nerdts run', 'Error: bad volume spec\n', 125],
    [sysErr, 'nerdts ps', "Error: EACCES: permission denied, mkdir '/var/lib/nerdctl'\nHint: nerdts needs root privileges (rootless mode is not supported)\n", 1],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), 'nerdts ps',
      "Error: internal error: Cannot read properties of undefined (reading 'x')\nThis is a bug in nerdts; run with --debug to see the stack trace.\n", 1],
    ['a string', undefined, 'Error: internal error: a string\nThis is a bug in nerdts; run with --debug to see the stack trace.\n', 1],
  ];
  for (const [err, commandPath, text, code] of cases) {
    assert.deepEqual(reportError(err, { debug: false, ...(commandPath ? { commandPath } : {}) }), { text, exitCode: code }, String(err));
  }
});

test('--debug adds stacks and causes', () => {
  const bug = reportError(new TypeError('oops'), { debug: true });
  assert.match(bug.text, /^Error: internal error: oops\nTypeError: oops\n\s+at /);
  const wrapped = reportError(new NerdtsError('internal', 'pull failed', { cause: new Error('socket hang up') }), { debug: true });
  assert.match(wrapped.text, /^Error: pull failed\nCaused by: Error: socket hang up\n\s+at /);
  assert.equal(reportError(new NerdtsError('internal', 'pull failed', { cause: new Error('x') }), { debug: false }).text, 'Error: pull failed\n');
});
