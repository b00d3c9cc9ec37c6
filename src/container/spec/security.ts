// Security settings: --privileged, --cap-add/--cap-drop, --security-opt (seccomp, apparmor,
// no-new-privileges, systempaths, writable-cgroups) and the seccomp filter that follows from them.
import { NerdtsError } from '../../errors';
import { withCapabilities, type CapabilityChanges } from './capabilities';
import { dockerDefaultSeccomp, parseSeccompProfile, seccompFromProfile } from './seccomp/profile';
import type { Device, Mount, Spec } from './types';

export interface SecurityOpts {
  /** undefined (default profile), "builtin", "unconfined", inline JSON or a profile file path. */
  seccomp?: string;
  /** A profile name or "unconfined". */
  apparmor?: string;
  noNewPrivileges: boolean;
  systemPathsUnconfined: boolean;
  writableCgroups?: boolean;
  privilegedWithoutHostDevices: boolean;
  /** SELinux label options, kept for inspect; nerdts does not apply SELinux labels. */
  labels: string[];
}

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);

function parseBool(text: string, opt: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw invalid(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
}

/** Parses --security-opt values with docker's syntax ("key=value", legacy "key:value") and errors. */
export function parseSecurityOpts(values: readonly string[]): SecurityOpts {
  const out: SecurityOpts = { noNewPrivileges: false, systemPathsUnconfined: false, privilegedWithoutHostDevices: false, labels: [] };
  for (const opt of values) {
    if (opt === 'no-new-privileges') { out.noNewPrivileges = true; continue; }
    const sep = opt.includes('=') ? '=' : ':';
    const at = opt.indexOf(sep);
    const key = at === -1 ? opt : opt.slice(0, at);
    const value = at === -1 ? '' : opt.slice(at + 1);
    if (value === '') throw invalid(`invalid --security-opt: ${JSON.stringify(opt)}`);
    switch (key) {
      case 'seccomp': out.seccomp = value; break;
      case 'apparmor': out.apparmor = value; break;
      case 'label': out.labels.push(value); break;
      case 'no-new-privileges': out.noNewPrivileges = parseBool(value, opt); break;
      case 'writable-cgroups': out.writableCgroups = parseBool(value, opt); break;
      case 'privileged-without-host-devices': out.privilegedWithoutHostDevices = parseBool(value, opt); break;
      case 'systempaths':
        if (value !== 'unconfined') throw invalid(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
        out.systemPathsUnconfined = true;
        break;
      default: throw invalid(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}

export interface SecurityInput extends CapabilityChanges {
  securityOpt?: readonly string[];
  /** Container architecture for the seccomp filter (amd64, arm64, ...). */
  arch: string;
  kernelVersion?: string;
  /** Reads a seccomp profile file named by seccomp=<path>. */
  readFile?: (path: string) => string;
  /** Profile used when none is asked for (e.g. "nerdctl-default" once loaded); undefined: no AppArmor. */
  defaultAppArmorProfile?: string;
  /** --privileged: the host's device nodes to expose. */
  hostDevices?: readonly Device[];
}

const withoutRo = (m: Mount): void => { if (m.options) m.options = m.options.filter((o) => o !== 'ro'); };

function applyPrivileged(spec: Spec, input: SecurityInput, opts: SecurityOpts): void {
  delete spec.linux.maskedPaths;
  delete spec.linux.readonlyPaths;
  for (const m of spec.mounts) if (m.type === 'sysfs') withoutRo(m);
  (spec.linux.resources ??= {}).devices = [{ allow: true, access: 'rwm' }];
  if (!opts.privilegedWithoutHostDevices && input.hostDevices?.length) {
    const have = new Set((spec.linux.devices ?? []).map((d) => d.path));
    const added = input.hostDevices.filter((d) => !have.has(d.path)).map((d) => ({ ...d }));
    spec.linux.devices = [...(spec.linux.devices ?? []), ...added];
  }
}

/**
 * Applies privileges, capabilities, security options, AppArmor and the seccomp filter (computed
 * from the final capability set, so this runs as one step).
 */
export function withSecurity(spec: Spec, input: SecurityInput): void {
  const opts = parseSecurityOpts(input.securityOpt ?? []);
  if (opts.privilegedWithoutHostDevices && !input.privileged) {
    throw invalid('flag `--security-opt privileged-without-host-devices` can\'t be used without `--privileged` enabled');
  }
  withCapabilities(spec, input);
  if (input.privileged) applyPrivileged(spec, input, opts);
  if (opts.systemPathsUnconfined) {
    delete spec.linux.maskedPaths;
    delete spec.linux.readonlyPaths;
  }
  if (opts.writableCgroups ?? input.privileged) for (const m of spec.mounts) if (m.type === 'cgroup') withoutRo(m);
  spec.process.noNewPrivileges = opts.noNewPrivileges;
  applyAppArmor(spec, opts.apparmor ?? (input.privileged ? 'unconfined' : input.defaultAppArmorProfile));
  applySeccomp(spec, input, opts);
}

function applyAppArmor(spec: Spec, profile: string | undefined): void {
  // "unconfined" is the absence of a profile: runc would fail writing it where AppArmor is off.
  if (profile && profile !== 'unconfined') spec.process.apparmorProfile = profile;
  else delete spec.process.apparmorProfile;
}

function applySeccomp(spec: Spec, input: SecurityInput, opts: SecurityOpts): void {
  delete spec.linux.seccomp;
  const choice = opts.seccomp;
  if (choice === 'unconfined') return;
  // docker: privileged containers run without a filter unless a profile file is given.
  if (input.privileged && (choice === undefined || choice === 'builtin')) return;
  const context = { arch: input.arch, capabilities: spec.process.capabilities?.bounding ?? [], kernelVersion: input.kernelVersion };
  if (choice === undefined || choice === 'builtin') {
    spec.linux.seccomp = dockerDefaultSeccomp(context);
    return;
  }
  const seccomp = seccompFromProfile(parseSeccompProfile(profileText(choice, input)), context);
  if (seccomp) spec.linux.seccomp = seccomp;
}

// docker's CLI sends the file's content; accept that content directly too.
function profileText(choice: string, input: SecurityInput): string {
  if (choice.trimStart().startsWith('{')) return choice;
  if (!input.readFile) throw invalid(`opening seccomp profile (${choice}) failed: no file reader`);
  try {
    return input.readFile(choice);
  } catch (err) {
    throw invalid(`opening seccomp profile (${choice}) failed: ${(err as Error).message}`);
  }
}
