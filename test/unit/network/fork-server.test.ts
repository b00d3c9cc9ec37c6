import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { envChanges, ForkServer, jobLine, shellQuote } from '../../../src/network/fork-server';

test('shellQuote: what sh reads back is the word', () => {
  for (const word of ['plain', '', 'two words', "it's", "'", '$HOME `x` "q" \\ \n end']) {
    const r = spawnSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' });
    assert.equal(r.stdout, word);
  }
});

test('envChanges: unset what goes, export what differs, skip names sh cannot take', () => {
  assert.equal(envChanges({ A: '1', B: '2' }, { A: '1', B: '2' }), '');
  assert.equal(envChanges({ A: '1', B: '2', U: undefined }, { A: '1', C: "x'y" }), `unset B; export C='x'\\''y'`);
  assert.equal(envChanges({}, { 'BAD-NAME': 'v', OK: 'v' }), `export OK='v'`);
});

test('jobLine: one background line, pid first, status last', () => {
  const line = jobLine(7, { file: '/usr/bin/ip', args: ['-batch', '-'], env: { PATH: '/bin' } }, { PATH: '/bin' }, '/run/x');
  assert.equal(line, `( ( exec '/usr/bin/ip' '-batch' '-' <'/run/x/7.in' >'/run/x/7.out' 2>'/run/x/7.err' ) & echo "p 7 $!"; wait $!; echo "d 7 $?" ) &\n`);
});

test('ForkServer runs programs: input, output, status, environment, signals, timeouts, missing programs', async () => {
  const server = ForkServer.shared();
  const env = { PATH: '/usr/bin:/bin', ONLY_HERE: 'yes' };
  const [cat, fail, vars, slow] = await Promise.all([
    server.run({ file: 'cat', env, input: 'line one\nline two\n' }),
    server.run({ file: 'sh', args: ['-c', 'echo out; echo err >&2; exit 3'], env }),
    server.run({ file: 'sh', args: ['-c', 'echo "$ONLY_HERE:${HOME-unset}"'], env }),
    server.run({ file: 'sleep', args: ['10'], env, timeoutMs: 200 }),
  ]);
  assert.deepEqual(cat, { code: 0, signal: null, stdout: 'line one\nline two\n', stderr: '' });
  assert.deepEqual(fail, { code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
  assert.equal(vars.stdout, 'yes:unset\n', 'the job has exactly its environment');
  assert.deepEqual([slow.code, slow.signal], [null, 'SIGKILL']);
  await assert.rejects(server.run({ file: '/no/such/program', env }), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
  const sent = await server.run({ file: 'sh', args: ['-c', 'kill -TERM $$'], env });
  assert.deepEqual([sent.code, sent.signal], [null, 'SIGTERM']);
});

test('ForkServer leaves no files of finished jobs', async () => {
  const server = ForkServer.shared();
  await Promise.all([server.run({ file: 'true', env: { PATH: '/usr/bin:/bin' } }), server.run({ file: 'false', env: { PATH: '/usr/bin:/bin' } })]);
  assert.deepEqual(fs.readdirSync(server.dir), []);
});
