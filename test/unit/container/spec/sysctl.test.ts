import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withIpcMode, withNetworkMode } from '../../../../src/container/spec/namespaces';
import {
  checkSysctlNamespaces, parseSysctlFlag, withDefaultNetworkSysctls, withSysctls,
} from '../../../../src/container/spec/sysctl';
import { assertInvalid, baseSpec } from './helpers';

describe('--sysctl', () => {
  const allowed = ['net.ipv4.ip_forward=1', 'net.core.somaxconn=1024', 'kernel.shmmax=1000', 'kernel.sem=1 2 3 4',
    'fs.mqueue.msg_max=20', 'kernel.shm_rmid_forced=1', 'net.ipv4.conf.all.rp_filter=a=b'];
  for (const v of allowed) test(`allows ${v}`, () => assert.equal(parseSysctlFlag(v).join('='), v));

  const refused = ['kernel.hostname=x', 'vm.swappiness=1', 'fs.file-max=1', 'noequals', '=1', 'kernel.domainname=x'];
  for (const v of refused) {
    test(`refuses ${v}`, () => assertInvalid(() => parseSysctlFlag(v), `invalid argument "${v}" for "--sysctl" flag: sysctl '${v}' is not allowed`));
  }

  test('withSysctls sets values (the user wins over defaults)', () => {
    const spec = baseSpec();
    withDefaultNetworkSysctls(spec);
    withSysctls(spec, ['net.ipv4.ip_unprivileged_port_start=1024', 'kernel.msgmax=65536']);
    assert.deepEqual(spec.linux.sysctl, {
      'net.ipv4.ip_unprivileged_port_start': '1024', 'net.ipv4.ping_group_range': '0 2147483647', 'kernel.msgmax': '65536',
    });
  });

  test('net.* with --network host, IPC ones with --ipc host are refused', () => {
    const host = baseSpec();
    withNetworkMode(host, 'host');
    assertInvalid(() => withSysctls(host, ['net.core.somaxconn=1']), 'sysctl "net.core.somaxconn" is not allowed in the hosts network namespace');
    const ipcHost = baseSpec();
    withIpcMode(ipcHost, { mode: 'host' });
    assertInvalid(() => withSysctls(ipcHost, ['fs.mqueue.msg_max=1']), 'sysctl "fs.mqueue.msg_max" is not allowed in the hosts ipc namespace');
    const joined = baseSpec();
    withNetworkMode(joined, 'container:/proc/42/ns/net');
    withSysctls(joined, ['net.core.somaxconn=1']);
    assert.equal(joined.linux.sysctl?.['net.core.somaxconn'], '1');
  });

  test('kernel.domainname needs a private UTS namespace', () => {
    const spec = baseSpec();
    spec.linux.sysctl = { 'kernel.domainname': 'x' };
    checkSysctlNamespaces(spec);
    spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== 'uts');
    assertInvalid(() => checkSysctlNamespaces(spec), 'sysctl "kernel.domainname" is not in a separate kernel namespace');
  });
});

describe('default network sysctls', () => {
  test('private network gets unprivileged ports (and ping unless disabled)', () => {
    const spec = baseSpec();
    withDefaultNetworkSysctls(spec, { pingGroupRange: false });
    assert.deepEqual(spec.linux.sysctl, { 'net.ipv4.ip_unprivileged_port_start': '0' });
  });
  test('host network or a joined namespace gets none', () => {
    for (const mode of ['host', 'ns:/var/run/netns/x']) {
      const spec = baseSpec();
      withNetworkMode(spec, mode);
      withDefaultNetworkSysctls(spec);
      assert.equal(spec.linux.sysctl, undefined, mode);
    }
  });
});
