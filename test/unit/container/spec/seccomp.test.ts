import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CAPABILITIES } from '../../../../src/container/spec/defaults';
import {
  dockerDefaultSeccomp, kernelAtLeast, parseSeccompProfile, seccompFromProfile,
} from '../../../../src/container/spec/seccomp/profile';
import type { Seccomp, SeccompSyscall } from '../../../../src/container/spec/types';
import { assertInvalid } from './helpers';

const DEFAULTS = [...DEFAULT_CAPABILITIES];

/** Rules that mention the syscall. */
const rulesFor = (s: Seccomp, name: string): SeccompSyscall[] => (s.syscalls ?? []).filter((r) => r.names.includes(name));
/** True when some rule allows the syscall with no argument condition. */
const allowsFully = (s: Seccomp, name: string): boolean =>
  rulesFor(s, name).some((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args);
const mentions = (s: Seccomp, name: string): boolean => rulesFor(s, name).length > 0;

describe('docker default seccomp profile', () => {
  const amd64 = dockerDefaultSeccomp({ arch: 'amd64', capabilities: DEFAULTS });

  test('header: EPERM by default, x86_64 with its 32-bit ABIs', () => {
    assert.equal(amd64.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(amd64.defaultErrnoRet, 1);
    assert.deepEqual(amd64.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    assert.deepEqual(dockerDefaultSeccomp({ arch: 'arm64', capabilities: DEFAULTS }).architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    assert.deepEqual(dockerDefaultSeccomp({ arch: 'x64', capabilities: DEFAULTS }).architectures, amd64.architectures);
  });

  const allowed = ['read', 'write', 'openat', 'execve', 'exit_group', 'futex', 'epoll_wait', 'getrandom', 'statx',
    'close_range', 'clone3' /* as ENOSYS, checked below */, 'chroot', 'io_submit', 'rseq', 'ptrace'];
  for (const name of allowed.filter((n) => n !== 'clone3')) {
    test(`allows ${name} with default capabilities`, () => assert.ok(allowsFully(amd64, name), name));
  }

  const blocked = ['mount', 'umount2', 'reboot', 'kexec_load', 'init_module', 'unshare', 'setns', 'swapon',
    'pivot_root', 'bpf', 'add_key', 'keyctl', 'io_uring_setup', 'open_by_handle_at', 'settimeofday', 'acct',
    'perf_event_open', 'userfaultfd', 'process_madvise', 'kcmp', 'vhangup', 'sethostname'];
  for (const name of blocked) {
    test(`blocks ${name} without extra capabilities`, () => assert.ok(!allowsFully(amd64, name), name));
  }
  test('kexec_load and io_uring are never allowed, whatever the capabilities', () => {
    const all = dockerDefaultSeccomp({ arch: 'amd64', capabilities: ['CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_MODULE'] });
    for (const name of ['kexec_load', 'kexec_file_load', 'io_uring_setup', 'add_key', 'userfaultfd']) assert.ok(!mentions(all, name), name);
  });

  test('clone: namespace flags masked out, clone3 answers ENOSYS', () => {
    const [clone] = rulesFor(amd64, 'clone');
    assert.deepEqual(clone, {
      names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }],
    });
    assert.deepEqual(rulesFor(amd64, 'clone3'), [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
    const s390 = dockerDefaultSeccomp({ arch: 's390x', capabilities: DEFAULTS });
    assert.equal(rulesFor(s390, 'clone')[0]!.args![0]!.index, 1);
  });

  test('CAP_SYS_ADMIN allows mount, unshare, setns and plain clone/clone3', () => {
    const admin = dockerDefaultSeccomp({ arch: 'amd64', capabilities: [...DEFAULTS, 'CAP_SYS_ADMIN'] });
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'clone', 'clone3', 'sethostname', 'bpf']) {
      assert.ok(allowsFully(admin, name), name);
    }
    assert.ok(!rulesFor(admin, 'clone3').some((r) => r.action === 'SCMP_ACT_ERRNO'));
    assert.ok(!rulesFor(admin, 'clone').some((r) => r.args));
  });

  test('CAP_SYS_PTRACE adds kcmp, process_madvise, pidfd_getfd; ptrace itself needs kernel >= 4.8 otherwise', () => {
    const ptracer = dockerDefaultSeccomp({ arch: 'amd64', capabilities: [...DEFAULTS, 'CAP_SYS_PTRACE'] });
    for (const name of ['kcmp', 'process_madvise', 'pidfd_getfd', 'ptrace']) assert.ok(allowsFully(ptracer, name), name);
    const oldKernel = dockerDefaultSeccomp({ arch: 'amd64', capabilities: DEFAULTS, kernelVersion: '4.4.0-210-generic' });
    assert.ok(!mentions(oldKernel, 'ptrace'));
    const newKernel = dockerDefaultSeccomp({ arch: 'amd64', capabilities: DEFAULTS, kernelVersion: '6.1.0' });
    assert.ok(allowsFully(newKernel, 'ptrace'));
  });

  const capabilityGated: Array<[string, string]> = [
    ['CAP_SYS_BOOT', 'reboot'], ['CAP_SYS_MODULE', 'init_module'], ['CAP_SYS_TIME', 'settimeofday'],
    ['CAP_SYS_RAWIO', 'iopl'], ['CAP_SYS_PACCT', 'acct'], ['CAP_SYS_TTY_CONFIG', 'vhangup'],
    ['CAP_SYS_NICE', 'mbind'], ['CAP_SYSLOG', 'syslog'], ['CAP_BPF', 'bpf'], ['CAP_PERFMON', 'perf_event_open'],
    ['CAP_DAC_READ_SEARCH', 'open_by_handle_at'], ['CAP_SYS_CHROOT', 'chroot'],
  ];
  for (const [cap, name] of capabilityGated) {
    test(`${cap} gates ${name}`, () => {
      const without = dockerDefaultSeccomp({ arch: 'amd64', capabilities: DEFAULTS.filter((c) => c !== cap) });
      const withCap = dockerDefaultSeccomp({ arch: 'amd64', capabilities: [...DEFAULTS, cap] });
      assert.ok(!allowsFully(without, name));
      assert.ok(allowsFully(withCap, name));
    });
  }

  test('architecture-specific calls', () => {
    const arm64 = dockerDefaultSeccomp({ arch: 'arm64', capabilities: DEFAULTS });
    assert.ok(allowsFully(amd64, 'arch_prctl'));
    assert.ok(allowsFully(amd64, 'modify_ldt'));
    assert.ok(!mentions(amd64, 'cacheflush'));
    assert.ok(!mentions(arm64, 'arch_prctl'));
    assert.ok(allowsFully(arm64, 'cacheflush'));
    assert.ok(allowsFully(arm64, 'set_tls'));
  });

  test('personality only for safe personas; socket refuses AF_ALG and AF_VSOCK', () => {
    const personas = rulesFor(amd64, 'personality').map((r) => r.args![0]!.value);
    assert.deepEqual(personas, [0, 8, 131072, 131080, 4294967295]);
    const socket = rulesFor(amd64, 'socket').map((r) => `${r.args![0]!.op} ${r.args![0]!.value}`);
    assert.deepEqual(socket, ['SCMP_CMP_LT 38', 'SCMP_CMP_EQ 39', 'SCMP_CMP_GT 40']);
  });

  test('shape is what runc decodes', () => {
    const parsed = JSON.parse(JSON.stringify(amd64)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed).sort(), ['architectures', 'defaultAction', 'defaultErrnoRet', 'syscalls']);
    for (const rule of amd64.syscalls ?? []) {
      for (const key of Object.keys(rule)) assert.ok(['names', 'action', 'errnoRet', 'args'].includes(key), key);
      assert.ok(rule.names.length > 0 && rule.names.every((n) => /^[a-z0-9_]+$/.test(n)));
      assert.match(rule.action, /^SCMP_ACT_/);
      for (const arg of rule.args ?? []) {
        assert.ok(Number.isSafeInteger(arg.value) && arg.value >= 0);
        assert.match(arg.op, /^SCMP_CMP_/);
      }
    }
    const names = (amd64.syscalls ?? []).flatMap((r) => r.names);
    assert.ok(names.length > 350);
  });
});

describe('custom seccomp profiles', () => {
  const ctx = { arch: 'amd64', capabilities: DEFAULTS };

  test('plain OCI profile passes through', () => {
    const profile = parseSeccompProfile(JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'],
      syscalls: [{ name: 'mkdir', action: 'SCMP_ACT_ERRNO' }, { names: ['chmod'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }],
    }));
    assert.deepEqual(seccompFromProfile(profile, ctx), {
      defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'],
      syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }, { names: ['chmod'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }],
    });
  });

  test('an empty profile disables seccomp', () => {
    assert.equal(seccompFromProfile(parseSeccompProfile('{}'), ctx), undefined);
  });

  test('errors use docker wording', () => {
    assertInvalid(() => parseSeccompProfile('{nope'), /^Decoding seccomp profile failed: /);
    assertInvalid(() => seccompFromProfile({ defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], archMap: [{ architecture: 'SCMP_ARCH_X86_64' }] }, ctx),
      "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
    assertInvalid(() => seccompFromProfile({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ name: 'a', names: ['b'], action: 'SCMP_ACT_ERRNO' }] }, ctx),
      "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
  });

  test('kernelAtLeast', () => {
    assert.ok(kernelAtLeast('4.8.0', '4.8'));
    assert.ok(kernelAtLeast('5.4.0-150-generic', '4.8'));
    assert.ok(!kernelAtLeast('4.4.0', '4.8'));
    assert.ok(!kernelAtLeast('3.10.0-1160.el7.x86_64', '4.8'));
    assert.ok(kernelAtLeast(undefined, '4.8'));
  });
});
