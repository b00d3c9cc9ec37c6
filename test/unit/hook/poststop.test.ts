import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkHooks } from '../../../src/container/oci-hooks';
import { postStopHookGlobals } from '../../../src/hook/hook-args';

const globals = { address: '/run/containerd/containerd.sock', namespace: 'ns1', dataRoot: '/var/lib/nerdctl', cniPath: '/usr/lib/cni', cniNetconfPath: '/etc/cni/net.d' };
const hooks = networkHooks('/opt/nerdts/bin/nerdts', globals, { PATH: '/usr/bin' }, 'abc123');
const scratch = mkdtempSync(join(tmpdir(), 'nerdts-poststop-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('createRuntime runs nerdts itself; postStop goes through /bin/sh with the same command line', () => {
  const create = hooks.createRuntime![0]!;
  assert.equal(create.path, '/opt/nerdts/bin/nerdts');
  assert.deepEqual(create.args!.slice(-3), ['internal', 'oci-hook', 'createRuntime']);
  const post = hooks.poststop![0]!;
  assert.equal(post.path, '/bin/sh');
  assert.deepEqual(post.args!.slice(4, 7), ['/var/lib/cni/results', 'ns1-abc123', '/opt/nerdts/bin/nerdts']);
  assert.deepEqual(post.args!.slice(-3), ['internal', 'oci-hook', 'postStop']);
  assert.ok(post.env!.includes('PATH=/usr/bin:/usr/sbin:/sbin'));
});

test('the postStop script starts nerdts only while a CNI result is cached for the container', () => {
  const post = hooks.poststop![0]!;
  const [, flag, script, name] = post.args!;
  const run = () => spawnSync('/bin/sh', [flag!, script!, name!, scratch, 'ns1-abc123', '/bin/echo', 'detach'], { input: '{}', encoding: 'utf8' });
  assert.deepEqual([run().status, run().stdout], [0, '']);
  writeFileSync(join(scratch, 'other-ns1-abc1234-eth0'), '{}');
  assert.equal(run().stdout, '', 'another container ID does not count');
  writeFileSync(join(scratch, 'bridge-ns1-abc123-eth0'), '{}');
  assert.deepEqual([run().status, run().stdout], [0, 'detach\n']);
});

test('postStopHookGlobals reads the flags back from a spec, and nothing without our hook', () => {
  assert.deepEqual(postStopHookGlobals({ hooks: { poststop: hooks.poststop! } }), globals);
  assert.equal(postStopHookGlobals({ hooks: { poststop: [{ path: '/bin/true', args: ['true'] }] } }), undefined);
  assert.equal(postStopHookGlobals({}), undefined);
  const partial = hooks.poststop![0]!.args!.filter((a) => !a.startsWith('--cni-path='));
  assert.equal(postStopHookGlobals({ hooks: { poststop: [{ args: partial }] } }), undefined);
});

test('with a pinned namespace, createRuntime starts nerdts only while no CNI result is cached', () => {
  const pinned = networkHooks('/opt/nerdts/bin/nerdts', globals, { PATH: '/usr/bin' }, 'def456', true);
  const create = pinned.createRuntime![0]!;
  assert.equal(create.path, '/bin/sh');
  assert.deepEqual(create.args!.slice(4, 7), ['/var/lib/cni/results', 'ns1-def456', '/opt/nerdts/bin/nerdts']);
  assert.deepEqual(create.args!.slice(-3), ['internal', 'oci-hook', 'createRuntime']);
  const [, flag, script, name] = create.args!;
  const run = () => spawnSync('/bin/sh', [flag!, script!, name!, scratch, 'ns1-def456', '/bin/echo', 'attach'], { input: '{}', encoding: 'utf8' });
  assert.deepEqual([run().status, run().stdout], [0, 'attach\n'], 'a restart by containerd: the hook attaches');
  writeFileSync(join(scratch, 'bridge-ns1-def456-eth0'), '{}');
  assert.deepEqual([run().status, run().stdout], [0, ''], 'attached by the starting client');
});
