import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_CAPABILITIES } from '../../../../src/container/spec/capabilities';
import { DEFAULT_CAPABILITIES } from '../../../../src/container/spec/defaults';
import { parseSecurityOpts, withSecurity } from '../../../../src/container/spec/security';
import type { Device } from '../../../../src/container/spec/types';
import { assertInvalid, baseSpec } from './helpers';

const allows = (names: string[] | undefined, n: string): boolean => names?.includes(n) ?? false;
const allowedNames = (spec: ReturnType<typeof baseSpec>): string[] =>
  (spec.linux.seccomp?.syscalls ?? []).filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r) => r.names);

describe('--security-opt parsing', () => {
  test('known options', () => {
    const o = parseSecurityOpts(['seccomp=unconfined', 'apparmor=my-prof', 'no-new-privileges', 'systempaths=unconfined',
      'label=disable', 'writable-cgroups=true']);
    assert.deepEqual(o, {
      seccomp: 'unconfined', apparmor: 'my-prof', noNewPrivileges: true, systemPathsUnconfined: true,
      writableCgroups: true, privilegedWithoutHostDevices: false, labels: ['disable'],
    });
    assert.equal(parseSecurityOpts(['no-new-privileges=false']).noNewPrivileges, false);
    assert.equal(parseSecurityOpts(['apparmor:legacy']).apparmor, 'legacy');
  });
  test('errors', () => {
    assertInvalid(() => parseSecurityOpts(['seccomp']), 'invalid --security-opt: "seccomp"');
    assertInvalid(() => parseSecurityOpts(['apparmor=']), 'invalid --security-opt: "apparmor="');
    assertInvalid(() => parseSecurityOpts(['bogus=1']), 'invalid --security-opt 2: "bogus=1"');
    assertInvalid(() => parseSecurityOpts(['no-new-privileges=maybe']), 'invalid --security-opt 2: "no-new-privileges=maybe"');
    assertInvalid(() => parseSecurityOpts(['systempaths=confined']), 'invalid --security-opt 2: "systempaths=confined"');
  });
});

describe('withSecurity', () => {
  test('defaults: docker caps, default seccomp, no AppArmor unless offered, new privileges allowed', () => {
    const spec = baseSpec();
    withSecurity(spec, { arch: 'amd64' });
    assert.deepEqual(spec.process.capabilities?.bounding, [...DEFAULT_CAPABILITIES]);
    assert.equal(spec.linux.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
    assert.ok(!allows(allowedNames(spec), 'mount'));
    assert.equal(spec.process.apparmorProfile, undefined);
    assert.equal(spec.process.noNewPrivileges, false);
    assert.ok(spec.linux.maskedPaths?.length);
    const withAa = baseSpec();
    withSecurity(withAa, { arch: 'amd64', defaultAppArmorProfile: 'nerdctl-default' });
    assert.equal(withAa.process.apparmorProfile, 'nerdctl-default');
  });

  test('--cap-add SYS_ADMIN opens mount in the seccomp filter', () => {
    const spec = baseSpec();
    withSecurity(spec, { arch: 'amd64', capAdd: ['sys_admin'] });
    assert.ok(spec.process.capabilities?.bounding?.includes('CAP_SYS_ADMIN'));
    assert.ok(allows(allowedNames(spec), 'mount'));
  });

  test('unknown capability', () => {
    assertInvalid(() => withSecurity(baseSpec(), { arch: 'amd64', capAdd: ['CAP_FOO'] }), 'unknown capability: "CAP_FOO"');
  });

  test('--privileged: all caps, no masks, rw /sys and cgroup, all devices, no seccomp, no AppArmor', () => {
    const spec = baseSpec();
    const hostDevices: Device[] = [{ path: '/dev/sda', type: 'b', major: 8, minor: 0 }, { path: '/dev/kvm', type: 'c', major: 10, minor: 232 }];
    withSecurity(spec, { arch: 'amd64', privileged: true, hostDevices, defaultAppArmorProfile: 'nerdctl-default' });
    assert.deepEqual(spec.process.capabilities?.bounding, [...KNOWN_CAPABILITIES]);
    assert.equal(spec.linux.maskedPaths, undefined);
    assert.equal(spec.linux.readonlyPaths, undefined);
    assert.equal(spec.linux.seccomp, undefined);
    assert.equal(spec.process.apparmorProfile, undefined);
    assert.deepEqual(spec.linux.resources?.devices, [{ allow: true, access: 'rwm' }]);
    assert.deepEqual(spec.linux.devices?.map((d) => d.path), ['/dev/sda', '/dev/kvm']);
    for (const m of spec.mounts.filter((x) => x.type === 'sysfs' || x.type === 'cgroup')) assert.ok(!m.options?.includes('ro'), m.destination);
  });

  test('--privileged with privileged-without-host-devices adds no host devices', () => {
    const spec = baseSpec();
    withSecurity(spec, { arch: 'amd64', privileged: true, securityOpt: ['privileged-without-host-devices=true'],
      hostDevices: [{ path: '/dev/sda', type: 'b', major: 8, minor: 0 }] });
    assert.equal(spec.linux.devices, undefined);
    assertInvalid(() => withSecurity(baseSpec(), { arch: 'amd64', securityOpt: ['privileged-without-host-devices=true'] }),
      /can't be used without `--privileged` enabled/);
  });

  test('seccomp=unconfined, no-new-privileges, apparmor name, systempaths', () => {
    const spec = baseSpec();
    withSecurity(spec, { arch: 'arm64', securityOpt: ['seccomp=unconfined', 'no-new-privileges', 'apparmor=my-prof', 'systempaths=unconfined'] });
    assert.equal(spec.linux.seccomp, undefined);
    assert.equal(spec.process.noNewPrivileges, true);
    assert.equal(spec.process.apparmorProfile, 'my-prof');
    assert.equal(spec.linux.maskedPaths, undefined);
    assert.equal(spec.linux.readonlyPaths, undefined);
    const unconfined = baseSpec();
    withSecurity(unconfined, { arch: 'amd64', securityOpt: ['apparmor=unconfined'], defaultAppArmorProfile: 'nerdctl-default' });
    assert.equal(unconfined.process.apparmorProfile, undefined);
  });

  test('seccomp=<file> reads and filters the profile; bad files fail', () => {
    const profile = JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] });
    const files: Record<string, string> = { '/p.json': profile };
    const readFile = (p: string): string => {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return files[p]!;
    };
    const spec = baseSpec();
    withSecurity(spec, { arch: 'amd64', securityOpt: ['seccomp=/p.json'], readFile });
    assert.deepEqual(spec.linux.seccomp, { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] });
    const inline = baseSpec();
    withSecurity(inline, { arch: 'amd64', securityOpt: [`seccomp=${profile}`] });
    assert.equal(inline.linux.seccomp?.defaultAction, 'SCMP_ACT_ALLOW');
    assertInvalid(() => withSecurity(baseSpec(), { arch: 'amd64', securityOpt: ['seccomp=/missing.json'], readFile }),
      "opening seccomp profile (/missing.json) failed: ENOENT: no such file or directory, open '/missing.json'");
    const privileged = baseSpec();
    withSecurity(privileged, { arch: 'amd64', privileged: true, securityOpt: ['seccomp=/p.json'], readFile });
    assert.equal(privileged.linux.seccomp?.defaultAction, 'SCMP_ACT_ALLOW', 'an explicit profile applies even when privileged');
  });

  test('writable-cgroups without privileged', () => {
    const spec = baseSpec();
    withSecurity(spec, { arch: 'amd64', securityOpt: ['writable-cgroups=true'] });
    assert.ok(!spec.mounts.find((m) => m.type === 'cgroup')?.options?.includes('ro'));
    assert.ok(spec.mounts.find((m) => m.type === 'sysfs')?.options?.includes('ro'));
  });
});
