// Turns a seccomp profile in docker's format (archMap, rules with includes/excludes on arches,
// capabilities and kernel version) into the OCI linux.seccomp object for one container.
import { NerdtsError } from '../../../errors';
import type { Seccomp, SeccompAction, SeccompArg, SeccompSyscall } from '../types';
import { dockerDefaultProfile } from './default-profile';

export interface RuleFilter {
  /** libseccomp architecture names: amd64, x86, x32, arm, arm64, s390x, ppc64le, riscv64, ... */
  arches?: string[];
  caps?: string[];
  minKernel?: string;
}

export interface SeccompRule {
  names?: string[];
  /** Legacy single-name form. */
  name?: string;
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
  comment?: string;
  includes?: RuleFilter;
  excludes?: RuleFilter;
}

export interface SeccompProfile {
  defaultAction?: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: string[];
  archMap?: Array<{ architecture: string; subArchitectures?: string[] | null }>;
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: SeccompRule[];
}

export interface SeccompContext {
  /** Go/OCI architecture of the container (amd64, arm64, ...); node's x64/ia32 are accepted too. */
  arch: string;
  /** The container's bounding capabilities. */
  capabilities: readonly string[];
  /** Host kernel release (e.g. "6.1.0-18-amd64"); when unknown, minKernel conditions count as met. */
  kernelVersion?: string;
}

// GOARCH (and node's aliases) -> the libseccomp name used in rule filters.
const NATIVE_ARCH: Record<string, string> = {
  amd64: 'amd64', x64: 'amd64', '386': 'x86', ia32: 'x86', arm: 'arm', arm64: 'arm64',
  loong64: 'loong64', mips64: 'mips64', mips64p32: 'mips64n32', mips64le: 'mipsel64',
  mips64p32le: 'mips3l64n32', mipsle: 'mipsel', ppc: 'ppc', ppc64: 'ppc64', ppc64le: 'ppc64le',
  riscv64: 'riscv64', s390: 's390', s390x: 's390x',
};

// libseccomp name -> the SCMP_ARCH_* constant runc expects.
const SCMP_ARCH: Record<string, string> = {
  x86: 'SCMP_ARCH_X86', amd64: 'SCMP_ARCH_X86_64', arm: 'SCMP_ARCH_ARM', arm64: 'SCMP_ARCH_AARCH64',
  loong64: 'SCMP_ARCH_LOONGARCH64', mips64: 'SCMP_ARCH_MIPS64', mips64n32: 'SCMP_ARCH_MIPS64N32',
  mipsel64: 'SCMP_ARCH_MIPSEL64', mips3l64n32: 'SCMP_ARCH_MIPSEL64N32', mipsel: 'SCMP_ARCH_MIPSEL',
  ppc: 'SCMP_ARCH_PPC', ppc64: 'SCMP_ARCH_PPC64', ppc64le: 'SCMP_ARCH_PPC64LE',
  riscv64: 'SCMP_ARCH_RISCV64', s390: 'SCMP_ARCH_S390', s390x: 'SCMP_ARCH_S390X',
};

// Built once per process (~1 ms; compose creates many containers): seccompFromProfile only reads it.
let defaultProfile: SeccompProfile | undefined;

/** The OCI seccomp object for docker's default profile, for this architecture and capability set. */
export function dockerDefaultSeccomp(context: SeccompContext): Seccomp {
  defaultProfile ??= dockerDefaultProfile();
  return seccompFromProfile(defaultProfile, context)!;
}

/** Filters a docker-format profile for one container; undefined when the profile disables seccomp. */
export function seccompFromProfile(profile: SeccompProfile, context: SeccompContext): Seccomp | undefined {
  if (!profile.defaultAction && !profile.syscalls?.length) return undefined;
  if (profile.architectures?.length && profile.archMap?.length) {
    throw invalid("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  const native = NATIVE_ARCH[context.arch] ?? context.arch;
  const out: Seccomp = { defaultAction: profile.defaultAction ?? 'SCMP_ACT_ALLOW' };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const architectures = profile.architectures?.length ? [...profile.architectures] : mappedArchitectures(profile, native);
  if (architectures.length) out.architectures = architectures;
  if (profile.flags?.length) out.flags = [...profile.flags];
  if (profile.listenerPath) out.listenerPath = profile.listenerPath;
  if (profile.listenerMetadata) out.listenerMetadata = profile.listenerMetadata;
  out.syscalls = (profile.syscalls ?? [])
    .filter((rule) => ruleApplies(rule, native, context))
    .map(toOciSyscall);
  return out;
}

function mappedArchitectures(profile: SeccompProfile, native: string): string[] {
  const wanted = SCMP_ARCH[native];
  const entry = profile.archMap?.find((a) => a.architecture === wanted);
  return entry ? [entry.architecture, ...(entry.subArchitectures ?? [])] : [];
}

function ruleApplies(rule: SeccompRule, native: string, context: SeccompContext): boolean {
  const { excludes: ex, includes: inc } = rule;
  const caps = context.capabilities;
  if (ex) {
    if (ex.arches?.includes(native)) return false;
    if (ex.caps?.some((c) => caps.includes(c))) return false;
    if (ex.minKernel && kernelAtLeast(context.kernelVersion, ex.minKernel)) return false;
  }
  if (inc) {
    if (inc.arches?.length && !inc.arches.includes(native)) return false;
    if (inc.caps?.length && !inc.caps.every((c) => caps.includes(c))) return false;
    if (inc.minKernel && !kernelAtLeast(context.kernelVersion, inc.minKernel)) return false;
  }
  return true;
}

function toOciSyscall(rule: SeccompRule): SeccompSyscall {
  if (rule.name && rule.names?.length) {
    throw invalid("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
  }
  const out: SeccompSyscall = { names: rule.name ? [rule.name] : [...(rule.names ?? [])], action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  if (rule.args?.length) out.args = rule.args.map((a) => ({ ...a }));
  return out;
}

/** True when release (e.g. "5.15.0-91-generic") is at least "major.minor"; unknown counts as new enough. */
export function kernelAtLeast(release: string | undefined, minimum: string): boolean {
  if (!release) return true;
  const have = versionParts(release);
  const want = versionParts(minimum);
  for (let i = 0; i < 2; i++) if (have[i] !== want[i]) return have[i]! > want[i]!;
  return true;
}

function versionParts(text: string): [number, number] {
  const m = /^(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) throw invalid(`invalid kernel version: ${JSON.stringify(text)}`);
  return [Number(m[1]), Number(m[2] ?? '0')];
}

/** Parses a profile file's JSON (docker or plain OCI format); throws docker's "Decoding ..." error. */
export function parseSeccompProfile(text: string): SeccompProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Decoding seccomp profile failed: the profile must be a JSON object');
  }
  const profile = value as SeccompProfile;
  if (profile.syscalls !== undefined && profile.syscalls !== null && !Array.isArray(profile.syscalls)) {
    throw invalid('Decoding seccomp profile failed: "syscalls" must be an array');
  }
  for (const rule of profile.syscalls ?? []) {
    if (typeof rule !== 'object' || rule === null || typeof rule.action !== 'string') {
      throw invalid('Decoding seccomp profile failed: every syscall rule needs an "action"');
    }
  }
  return profile;
}

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);
