// Builds the spec for `run busybox echo hi` with every mutator and checks its shape against what
// `runc spec` writes (same top-level keys), then that config.json round-trips as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oci from '../../../../src/container/spec/index';
import { ID, strictLookup } from './helpers';

const BUSYBOX_PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const BUSYBOX_GROUP = 'root:x:0:\nwheel:x:10:root\nnogroup:x:65534:\n';

function busyboxRunSpec(): oci.Spec {
  const spec = oci.defaultSpec({ id: ID, namespace: 'default' });
  oci.withImageConfig(spec, { image: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] }, args: ['echo', 'hi'] });
  oci.withEnv(spec, oci.userEnv({ env: ['GREETING=hello'], lookup: strictLookup({}) }));
  oci.withHostname(spec, { hostname: ID.slice(0, 12) });
  oci.withTerminal(spec, false);
  oci.withUser(spec, { passwd: BUSYBOX_PASSWD, group: BUSYBOX_GROUP });
  oci.withNetworkMode(spec, 'bridge');
  oci.withCgroupns(spec, 'private');
  oci.withResources(spec, {});
  oci.withMounts(spec, {
    mounts: [
      { destination: '/etc/hosts', type: 'bind', source: '/var/lib/nerdctl/1935db59/etchosts/default/x/hosts', options: ['bind', 'rprivate'], optional: true },
      { destination: '/etc/resolv.conf', type: 'bind', source: '/var/lib/nerdctl/1935db59/containers/default/x/resolv.conf', options: ['bind', 'rprivate'], optional: true },
    ],
  });
  oci.withSecurity(spec, { arch: 'amd64' });
  oci.withDefaultNetworkSysctls(spec);
  oci.withSysctls(spec, []);
  return spec;
}

test('spec keys match `runc spec` for a simple busybox run', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-spec-'));
  try {
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'runc');
    for (const d of [ours, theirs]) spawnSync('mkdir', ['-p', d]);
    writeFileSync(join(ours, 'config.json'), oci.serializeSpec(busyboxRunSpec(), 2));
    const runc = spawnSync('runc', ['spec'], { cwd: theirs, encoding: 'utf8' });
    if (runc.error || runc.status !== 0) {
      t.skip(`runc spec is not available: ${runc.error?.message ?? runc.stderr}`);
      return;
    }
    const mine = JSON.parse(readFileSync(join(ours, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const reference = JSON.parse(readFileSync(join(theirs, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(reference).sort());
    assert.equal(mine.ociVersion, reference.ociVersion);
    for (const key of Object.keys(reference.linux!)) assert.ok(key in mine.linux!, `linux.${key}`);
    for (const key of ['user', 'args', 'env', 'cwd', 'capabilities', 'noNewPrivileges']) assert.ok(key in mine.process!, `process.${key}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the busybox spec carries what run needs', () => {
  const spec = busyboxRunSpec();
  assert.deepEqual(spec.process.args, ['echo', 'hi']);
  assert.deepEqual(spec.process.env, [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${ID.slice(0, 12)}`, 'GREETING=hello',
  ]);
  assert.deepEqual(spec.process.user, { uid: 0, gid: 0, additionalGids: [0, 10] });
  assert.equal(spec.linux.sysctl?.['net.ipv4.ip_unprivileged_port_start'], '0');
  assert.ok(spec.linux.namespaces.some((n) => n.type === 'cgroup'));
  assert.equal(spec.linux.seccomp?.architectures?.[0], 'SCMP_ARCH_X86_64');
  assert.deepEqual(spec.mounts.slice(-2).map((m) => m.destination), ['/etc/hosts', '/etc/resolv.conf']);
  assert.deepEqual(JSON.parse(oci.serializeSpec(spec)), JSON.parse(JSON.stringify(spec)));
});
