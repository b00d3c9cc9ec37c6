// docker's default seccomp profile as data: an allow-list with EPERM for everything else, plus
// rules that depend on the architecture, the container's capabilities and the kernel version.
import type { SeccompArg } from '../types';
import type { SeccompProfile, SeccompRule } from './profile';
import { alwaysAllowedSyscalls } from './syscalls';

const EPERM = 1;
const ENOSYS = 38;

// clone(2) flags that create namespaces; without CAP_SYS_ADMIN clone may not set any of them.
const CLONE_NEWNS = 0x00020000;
const CLONE_NEWCGROUP = 0x02000000;
const CLONE_NEWUTS = 0x04000000;
const CLONE_NEWIPC = 0x08000000;
const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWPID = 0x20000000;
const CLONE_NEWNET = 0x40000000;
const NAMESPACE_FLAGS = CLONE_NEWNS + CLONE_NEWCGROUP + CLONE_NEWUTS + CLONE_NEWIPC + CLONE_NEWUSER
  + CLONE_NEWPID + CLONE_NEWNET;

// personality(2) personas that are harmless: Linux, 32-bit Linux, the 2.6 uname quirk, and a query.
const PER_LINUX = 0x0;
const PER_LINUX32 = 0x8;
const UNAME26 = 0x20000;
const PERSONALITY_QUERY = 0xffffffff;

// socket(2) families refused: AF_ALG (38, kernel crypto) and AF_VSOCK (40, host sockets).
const AF_ALG = 38;
const AF_NFC = 39;
const AF_VSOCK = 40;

const allow = (names: string[], extra: Partial<SeccompRule> = {}): SeccompRule => ({ names, action: 'SCMP_ACT_ALLOW', ...extra });
const arg0 = (op: SeccompArg['op'], value: number): SeccompArg[] => [{ index: 0, value, op }];
const withCap = (cap: string, names: string[]): SeccompRule => allow(names, { includes: { caps: [cap] } });
const onArches = (arches: string[], names: string[]): SeccompRule => allow(names, { includes: { arches } });

function argumentRules(): SeccompRule[] {
  return [
    allow(['socket'], { args: arg0('SCMP_CMP_LT', AF_ALG) }),
    allow(['socket'], { args: arg0('SCMP_CMP_EQ', AF_NFC) }),
    allow(['socket'], { args: arg0('SCMP_CMP_GT', AF_VSOCK) }),
    ...[PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32 | UNAME26, PERSONALITY_QUERY]
      .map((persona) => allow(['personality'], { args: arg0('SCMP_CMP_EQ', persona) })),
  ];
}

function archRules(): SeccompRule[] {
  return [
    onArches(['ppc64le'], ['sync_file_range2', 'swapcontext']),
    onArches(['arm', 'arm64'], ['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls']),
    onArches(['amd64', 'x32'], ['arch_prctl']),
    onArches(['amd64', 'x32', 'x86'], ['modify_ldt']),
    onArches(['s390', 's390x'], ['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr']),
    onArches(['riscv64'], ['riscv_flush_icache']),
  ];
}

// Without CAP_SYS_ADMIN: clone without namespace flags, and clone3 fails with ENOSYS so libc
// falls back to clone (its flags live in memory, where seccomp cannot inspect them).
function cloneRules(): SeccompRule[] {
  const noAdmin = { caps: ['CAP_SYS_ADMIN'] };
  return [
    allow(['clone'], {
      args: [{ index: 0, value: NAMESPACE_FLAGS, op: 'SCMP_CMP_MASKED_EQ' }],
      excludes: { ...noAdmin, arches: ['s390', 's390x'] },
    }),
    allow(['clone'], {
      args: [{ index: 1, value: NAMESPACE_FLAGS, op: 'SCMP_CMP_MASKED_EQ' }],
      comment: 's390 parameter ordering for clone is different',
      includes: { arches: ['s390', 's390x'] },
      excludes: noAdmin,
    }),
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, excludes: noAdmin },
  ];
}

function capabilityRules(): SeccompRule[] {
  return [
    withCap('CAP_DAC_READ_SEARCH', ['open_by_handle_at']),
    withCap('CAP_SYS_ADMIN', [
      'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick',
      'lookup_dcookie', 'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'mount',
      'mount_setattr', 'move_mount', 'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd',
      'setdomainname', 'sethostname', 'setns', 'syslog', 'umount', 'umount2', 'unshare',
    ]),
    ...cloneRules(),
    withCap('CAP_SYS_BOOT', ['reboot']),
    withCap('CAP_SYS_CHROOT', ['chroot']),
    withCap('CAP_SYS_MODULE', ['delete_module', 'init_module', 'finit_module']),
    withCap('CAP_SYS_PACCT', ['acct']),
    withCap('CAP_SYS_PTRACE', ['kcmp', 'pidfd_getfd', 'process_madvise', 'process_vm_readv', 'process_vm_writev', 'ptrace']),
    withCap('CAP_SYS_RAWIO', ['iopl', 'ioperm']),
    withCap('CAP_SYS_TIME', ['settimeofday', 'stime', 'clock_settime', 'clock_settime64']),
    withCap('CAP_SYS_TTY_CONFIG', ['vhangup']),
    withCap('CAP_SYS_NICE', ['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node']),
    withCap('CAP_SYSLOG', ['syslog']),
    withCap('CAP_BPF', ['bpf']),
    withCap('CAP_PERFMON', ['perf_event_open']),
  ];
}

/** docker's default profile in docker's profile format (archMap, includes/excludes). */
export function dockerDefaultProfile(): SeccompProfile {
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      { architecture: 'SCMP_ARCH_MIPS64', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64N32'] },
      { architecture: 'SCMP_ARCH_MIPS64N32', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64'] },
      { architecture: 'SCMP_ARCH_MIPSEL64', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64N32'] },
      { architecture: 'SCMP_ARCH_MIPSEL64N32', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64'] },
      { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
      { architecture: 'SCMP_ARCH_RISCV64' },
      { architecture: 'SCMP_ARCH_LOONGARCH64' },
    ],
    syscalls: [
      allow(alwaysAllowedSyscalls()),
      // Since 4.8 seccomp runs after ptrace, so a tracer can no longer bypass the filter.
      allow(['process_vm_readv', 'process_vm_writev', 'ptrace'], { includes: { minKernel: '4.8' } }),
      ...argumentRules(),
      ...archRules(),
      ...capabilityRules(),
    ],
  };
}
