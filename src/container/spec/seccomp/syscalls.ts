// The system calls docker's default seccomp profile allows unconditionally, grouped by what they
// touch. Anything not listed here (or in a conditional rule of default-profile.ts) fails with EPERM.
// Names for several ABIs appear side by side (stat/stat64, *_time64, *32): libseccomp ignores
// names that do not exist on the filtered architecture.

const FILE_IO = [
  'read', 'readv', 'pread64', 'preadv', 'preadv2', 'write', 'writev', 'pwrite64', 'pwritev', 'pwritev2',
  'lseek', '_llseek', 'close', 'close_range', 'dup', 'dup2', 'dup3', 'fcntl', 'fcntl64', 'ioctl', 'flock',
  'fsync', 'fdatasync', 'sync', 'syncfs', 'sync_file_range', 'readahead', 'fadvise64', 'fadvise64_64',
  'fallocate', 'sendfile', 'sendfile64', 'splice', 'tee', 'vmsplice', 'copy_file_range', 'pipe', 'pipe2',
  'truncate', 'truncate64', 'ftruncate', 'ftruncate64',
];

const PATHS = [
  'open', 'openat', 'openat2', 'creat', 'access', 'faccessat', 'faccessat2', 'chdir', 'fchdir', 'getcwd',
  'mkdir', 'mkdirat', 'mknod', 'mknodat', 'rmdir', 'rename', 'renameat', 'renameat2', 'link', 'linkat',
  'symlink', 'symlinkat', 'unlink', 'unlinkat', 'readlink', 'readlinkat', 'umask', 'getdents', 'getdents64',
  'name_to_handle_at',
];

const STAT = [
  'stat', 'stat64', 'lstat', 'lstat64', 'fstat', 'fstat64', 'fstatat64', 'newfstatat', 'statx', 'statfs',
  'statfs64', 'fstatfs', 'fstatfs64', 'statmount', 'listmount',
];

const OWNERSHIP_AND_TIMES = [
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'chown32', 'fchown', 'fchown32', 'fchownat',
  'lchown', 'lchown32', 'utime', 'utimes', 'utimensat', 'utimensat_time64', 'futimesat',
];

const XATTRS = [
  'getxattr', 'lgetxattr', 'fgetxattr', 'getxattrat', 'setxattr', 'lsetxattr', 'fsetxattr', 'setxattrat',
  'listxattr', 'llistxattr', 'flistxattr', 'listxattrat', 'removexattr', 'lremovexattr', 'fremovexattr',
  'removexattrat',
];

const EVENTS = [
  'inotify_init', 'inotify_init1', 'inotify_add_watch', 'inotify_rm_watch', 'fanotify_mark',
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_wait', 'epoll_wait_old',
  'epoll_pwait', 'epoll_pwait2', 'eventfd', 'eventfd2', 'poll', 'ppoll', 'ppoll_time64', 'select',
  '_newselect', 'pselect6', 'pselect6_time64', 'signalfd', 'signalfd4', 'timerfd_create',
  'timerfd_gettime', 'timerfd_gettime64', 'timerfd_settime', 'timerfd_settime64',
];

const ASYNC_IO = [
  'io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents',
  'io_pgetevents_time64', 'ioprio_get', 'ioprio_set',
];

const MEMORY = [
  'brk', 'mmap', 'mmap2', 'munmap', 'mremap', 'mprotect', 'madvise', 'mincore', 'mlock', 'mlock2',
  'mlockall', 'munlock', 'munlockall', 'msync', 'remap_file_pages', 'membarrier', 'memfd_create',
  'memfd_secret', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'map_shadow_stack', 'mseal', 'cachestat',
];

const PROCESSES = [
  'fork', 'vfork', 'execve', 'execveat', 'exit', 'exit_group', 'wait4', 'waitid', 'waitpid', 'getpid',
  'getppid', 'gettid', 'getpgid', 'getpgrp', 'setpgid', 'getsid', 'setsid', 'getpriority', 'setpriority',
  'prctl', 'getrlimit', 'setrlimit', 'ugetrlimit', 'prlimit64', 'getrusage', 'times', 'uname', 'sysinfo',
  'getcpu', 'getrandom', 'rseq', 'restart_syscall', 'seccomp', 'capget', 'capset', 'set_tid_address',
  'set_robust_list', 'get_robust_list', 'set_thread_area', 'get_thread_area', 'pidfd_open',
  'pidfd_send_signal', 'process_mrelease', 'landlock_add_rule', 'landlock_create_ruleset',
  'landlock_restrict_self', 'uretprobe', 'riscv_hwprobe',
];

const SCHEDULING = [
  'sched_yield', 'sched_getaffinity', 'sched_setaffinity', 'sched_getattr', 'sched_setattr',
  'sched_getparam', 'sched_setparam', 'sched_getscheduler', 'sched_setscheduler',
  'sched_get_priority_max', 'sched_get_priority_min', 'sched_rr_get_interval',
  'sched_rr_get_interval_time64', 'futex', 'futex_time64', 'futex_wait', 'futex_wake', 'futex_waitv',
  'futex_requeue',
];

const IDENTITY = [
  'getuid', 'getuid32', 'geteuid', 'geteuid32', 'getgid', 'getgid32', 'getegid', 'getegid32',
  'getresuid', 'getresuid32', 'getresgid', 'getresgid32', 'getgroups', 'getgroups32', 'setuid',
  'setuid32', 'setgid', 'setgid32', 'setreuid', 'setreuid32', 'setregid', 'setregid32', 'setresuid',
  'setresuid32', 'setresgid', 'setresgid32', 'setfsuid', 'setfsuid32', 'setfsgid', 'setfsgid32',
  'setgroups', 'setgroups32',
];

const SIGNALS = [
  'kill', 'tkill', 'tgkill', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo',
  'rt_sigreturn', 'rt_sigsuspend', 'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo',
  'sigaltstack', 'sigprocmask', 'sigreturn', 'pause', 'alarm',
];

// Reading clocks and arming timers; setting the clock needs CAP_SYS_TIME (see default-profile.ts).
const TIME = [
  'time', 'gettimeofday', 'clock_gettime', 'clock_gettime64', 'clock_getres', 'clock_getres_time64',
  'clock_nanosleep', 'clock_nanosleep_time64', 'nanosleep', 'clock_adjtime', 'clock_adjtime64',
  'adjtimex', 'getitimer', 'setitimer', 'timer_create', 'timer_delete', 'timer_getoverrun',
  'timer_gettime', 'timer_gettime64', 'timer_settime', 'timer_settime64',
];

// socket(2) itself is allowed per address family in default-profile.ts.
const SOCKETS = [
  'accept', 'accept4', 'bind', 'connect', 'listen', 'getsockname', 'getpeername', 'getsockopt',
  'setsockopt', 'recv', 'recvfrom', 'recvmsg', 'recvmmsg', 'recvmmsg_time64', 'send', 'sendto',
  'sendmsg', 'sendmmsg', 'shutdown', 'socketpair', 'socketcall',
];

const IPC = [
  'ipc', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'semctl', 'semget', 'semop', 'semtimedop',
  'semtimedop_time64', 'shmat', 'shmctl', 'shmdt', 'shmget', 'mq_open', 'mq_unlink', 'mq_getsetattr',
  'mq_notify', 'mq_timedreceive', 'mq_timedreceive_time64', 'mq_timedsend', 'mq_timedsend_time64',
];

/** Every unconditionally allowed name, sorted (one rule in the generated profile). */
export function alwaysAllowedSyscalls(): string[] {
  return [
    ...FILE_IO, ...PATHS, ...STAT, ...OWNERSHIP_AND_TIMES, ...XATTRS, ...EVENTS, ...ASYNC_IO, ...MEMORY,
    ...PROCESSES, ...SCHEDULING, ...IDENTITY, ...SIGNALS, ...TIME, ...SOCKETS, ...IPC,
  ].sort();
}
