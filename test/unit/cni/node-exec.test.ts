import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPlugin, nodePluginExec } from '../../../cni/node-exec';
import { PluginExitError } from '../../../cni/invoke';
import { addNetworkList } from '../../../cni/chain';
import type { CniError } from '../../../cni/errors';

const scratch = mkdtempSync(join(tmpdir(), 'nerdts-cni-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function pluginDir(scripts: Record<string, string | [string, number]>): string {
  const dir = mkdtempSync(join(scratch, 'cni-bin-'));
  for (const [name, body] of Object.entries(scripts)) {
    const [text, mode] = typeof body === 'string' ? [body, 0o755] : body;
    writeFileSync(join(dir, name), `#!/bin/sh\n${text}\n`);
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

test('find takes the first directory with an executable of that name', async () => {
  const a = pluginDir({ bridge: ['exit 0', 0o644] });
  const b = pluginDir({ bridge: 'exit 0' });
  mkdirSync(join(a, 'tuning'));
  assert.equal(await findPlugin('bridge', [a, b]), join(b, 'bridge'));
  await assert.rejects(findPlugin('tuning', [a]), (err: CniError) => err.kind === 'plugin-not-found' && err.message === `failed to find plugin "tuning" in path [${a}]`);
  await assert.rejects(findPlugin('../bridge', [b]), (err: CniError) => err.kind === 'invalid-config');
});

test('exec passes env and stdin, returns stdout, and reports failures with both streams', async () => {
  const dir = pluginDir({
    echo: 'printf "{\\"cmd\\":\\"%s\\",\\"stdin\\":%s}" "$CNI_COMMAND" "$(cat)"; echo note >&2',
    fail: 'echo \'{"code":7,"msg":"nope"}\'; echo oops >&2; exit 3',
  });
  const stderr: string[] = [];
  const exec = nodePluginExec({ onStderr: (text) => stderr.push(text) });
  const out = await exec.exec(join(dir, 'echo'), { CNI_COMMAND: 'ADD', PATH: process.env.PATH ?? '' }, '{"a":1}');
  assert.deepEqual(JSON.parse(out), { cmd: 'ADD', stdin: { a: 1 } });
  assert.deepEqual(stderr, ['note\n']);
  await assert.rejects(exec.exec(join(dir, 'fail'), {}, ''), (err: PluginExitError) => {
    assert.ok(err instanceof PluginExitError);
    assert.equal(err.exitCode, 3);
    assert.equal(err.stdout.trim(), '{"code":7,"msg":"nope"}');
    assert.equal(err.stderr, 'oops\n');
    return true;
  });
});

test('a plugin past its time limit is killed and reported', async () => {
  const dir = pluginDir({ slow: 'exec sleep 30' });
  await assert.rejects(nodePluginExec({ timeoutMs: 50 }).exec(join(dir, 'slow'), {}, ''), /timed out after 50ms/);
});

test('a script plugin end to end: error JSON becomes a CniError', async () => {
  const dir = pluginDir({ broken: 'cat >/dev/null; echo \'{"cniVersion":"1.0.0","code":5,"msg":"io","details":"disk"}\'; exit 1' });
  const rt = { cniPath: [dir], exec: nodePluginExec(), cacheDir: mkdtempSync(join(scratch, 'cni-c-')) };
  const list = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'broken' }] };
  await assert.rejects(addNetworkList(rt, list, { containerId: 'c', netns: '/x', ifname: 'eth0' }), (err: CniError) => err.code === 5 && err.message.endsWith(': io: disk'));
});
