// OCI platforms: parsing `os[/arch[/variant]]`, normalization and the default match order
// (facts from containerd/platforms: aliases, arm variant defaults, arm64/v8 == arm64).
import { invalidArgument } from '../errors';

/** An OCI platform, in the JSON shape used by image indexes and configs. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js',
  'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le',
  'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64',
  's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const COMPONENT_RE = /^[A-Za-z0-9_.-]+$/;
const OS_RE = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** Canonical architecture and variant: x86_64 -> amd64, aarch64 -> arm64, arm -> arm/v7, ... */
export function normalizeArch(arch: string, variant = ''): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386': return ['386', ''];
    case 'x86_64': case 'x86-64': case 'amd64': return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64': case 'arm64':
      if (v === '8' || v === 'v8' || v === 'v8.0') return ['arm64', ''];
      if (v === '9' || v === '9.0' || v === 'v9.0') return ['arm64', 'v9'];
      return ['arm64', v];
    case 'armhf': return ['arm', 'v7'];
    case 'armel': return ['arm', 'v6'];
    case 'arm':
      if (v === '' || v === '7') return ['arm', 'v7'];
      if (v === '5' || v === '6' || v === '8') return ['arm', `v${v}`];
      return ['arm', v];
    default: return [a, v];
  }
}

/** Normalized copy used for comparisons (arm64/v8 becomes arm64, arm becomes arm/v7). */
export function normalizePlatform(p: Platform): Platform {
  const [architecture, variant] = normalizeArch(p.architecture, p.variant ?? '');
  const out: Platform = { os: normalizeOs(p.os), architecture };
  if (variant) out.variant = variant;
  if (p['os.version']) out['os.version'] = p['os.version'];
  if (p['os.features']?.length) out['os.features'] = [...new Set(p['os.features'])].sort();
  return out;
}

/** What Node reports about the machine (process.platform, process.arch, arm_version). */
export interface HostInfo { platform: string; arch: string; armVersion?: string }

function processHostInfo(): HostInfo {
  const vars = (process.config.variables ?? {}) as Record<string, unknown>;
  const armVersion = vars['arm_version'];
  return { platform: process.platform, arch: process.arch, ...(armVersion !== undefined && { armVersion: String(armVersion) }) };
}

const NODE_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x',
  riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle',
};

/** The platform images are pulled for by default (containerd's DefaultSpec). */
export function hostPlatform(host: HostInfo = processHostInfo()): Platform {
  const os = host.platform === 'win32' ? 'windows' : host.platform;
  const architecture = NODE_ARCH[host.arch] ?? host.arch;
  if (architecture === 'arm64') return { os, architecture, variant: 'v8' };
  if (architecture === 'arm') return { os, architecture, variant: `v${host.armVersion ?? '7'}` };
  return { os, architecture };
}

function unknownPlatform(spec: string): never {
  throw invalidArgument(`"${spec}": unknown operating system or architecture: invalid argument`,
    { hint: 'use os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8' });
}

function parseOsPart(part: string, spec: string): Pick<Platform, 'os' | 'os.version' | 'os.features'> {
  const m = OS_RE.exec(part);
  if (!m) throw invalidArgument(`"${part}" is an invalid OS component of "${spec}": invalid argument`);
  const out: Pick<Platform, 'os' | 'os.version' | 'os.features'> = { os: normalizeOs(m[1]!) };
  try {
    if (m[2]) out['os.version'] = decodeURIComponent(m[2]);
    if (m[3]) out['os.features'] = m[3].slice(1).split('+').map(decodeURIComponent);
  } catch {
    throw invalidArgument(`"${spec}" has an invalid OS version or feature: invalid argument`);
  }
  return out;
}

/** Parses `linux`, `amd64`, `linux/arm64`, `linux/arm/v7`, `x86_64`, ...; unknown names are errors. */
export function parsePlatform(spec: string, host: Platform = hostPlatform()): Platform {
  if (spec.includes('*')) throw invalidArgument(`"${spec}": wildcards not yet supported: invalid argument`);
  const parts = spec.split('/');
  if (parts.length > 3) throw invalidArgument(`"${spec}": cannot parse platform specifier: invalid argument`);
  for (const part of parts.slice(1)) {
    if (!COMPONENT_RE.test(part)) {
      throw invalidArgument(`"${part}" is an invalid component of "${spec}": invalid argument`);
    }
  }
  const osPart = parseOsPart(parts[0]!, spec);
  if (parts.length === 1) return parseSingle(spec, osPart, host);
  const [architecture, variant] = normalizeArch(parts[1]!, parts[2] ?? '');
  if (!KNOWN_OS.has(osPart.os) || !KNOWN_ARCH.has(architecture)) unknownPlatform(spec);
  let v = variant;
  if (parts.length === 2 && architecture === 'arm' && v === 'v7') v = '';
  if (parts.length === 3 && architecture === 'arm64' && v === '') v = 'v8';
  return { ...osPart, architecture, ...(v && { variant: v }) };
}

function parseSingle(spec: string, osPart: Pick<Platform, 'os'>, host: Platform): Platform {
  if (KNOWN_OS.has(osPart.os)) {
    const variant = host.architecture === 'arm' && host.variant !== 'v7' ? host.variant : undefined;
    return { ...osPart, architecture: host.architecture, ...(variant && { variant }) };
  }
  const [architecture, variant] = normalizeArch(spec, '');
  if (!KNOWN_ARCH.has(architecture)) unknownPlatform(spec);
  const v = architecture === 'arm' && variant === 'v7' ? '' : variant;
  return { os: host.os, architecture, ...(v && { variant: v }) };
}

/** `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7` (containerd's Format). */
export function formatPlatform(p: Platform): string {
  if (!p.os) return 'unknown';
  return [p.os, p.architecture, p.variant].filter((x) => x).join('/');
}

function samePlatform(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/** What a platform can run, best first (containerd's platforms.Only vector). */
export function compatiblePlatforms(platform: Platform): Platform[] {
  const p = normalizePlatform(platform);
  const base = { os: p.os };
  const out: Platform[] = [p];
  if (p.architecture === 'amd64') {
    const level = Number((p.variant ?? '').replace(/^v/, ''));
    for (let v = level - 1; Number.isInteger(level) && v >= 1; v--) {
      out.push({ ...base, architecture: 'amd64', ...(v > 1 && { variant: `v${v}` }) });
    }
    out.push({ ...base, architecture: '386' });
  } else if (p.architecture === 'arm64') {
    if (p.variant?.startsWith('v9')) out.push({ ...base, architecture: 'arm64' });
    out.push({ ...base, architecture: 'arm', variant: 'v8' });
    for (let v = 7; v >= 5; v--) out.push({ ...base, architecture: 'arm', variant: `v${v}` });
  } else if (p.architecture === 'arm') {
    const level = Number((p.variant ?? 'v7').replace(/^v/, ''));
    for (let v = level - 1; Number.isInteger(level) && v >= 5; v--) out.push({ ...base, architecture: 'arm', variant: `v${v}` });
  }
  return dedupe(out);
}

function dedupe(list: Platform[]): Platform[] {
  return list.filter((p, i) => list.findIndex((q) => samePlatform(p, q)) === i);
}

/** Ranks candidates: 0 is the best match, -1 means "cannot run here". */
export interface PlatformMatcher {
  rank(candidate: Platform): number;
  match(candidate: Platform): boolean;
}

/** Matcher for one wanted platform (with its fallbacks), or any architecture of an OS with `osOnly`. */
export function platformMatcher(wanted: Platform, options: { osOnly?: boolean } = {}): PlatformMatcher {
  const order = compatiblePlatforms(wanted);
  const os = normalizePlatform(wanted).os;
  const rank = (candidate: Platform): number => {
    const c = normalizePlatform(candidate);
    const i = order.findIndex((o) => samePlatform(o, c));
    if (i >= 0) return i;
    return options.osOnly && c.os === os ? order.length : -1;
  };
  return { rank, match: (c) => rank(c) >= 0 };
}

/** Picks the best entry of an index's manifest list for the matcher; undefined when none fits. */
export function selectPlatform<T extends { platform?: Platform }>(entries: readonly T[], matcher: PlatformMatcher): T | undefined {
  let best: T | undefined;
  let bestRank = Infinity;
  for (const e of entries) {
    if (!e.platform) continue;
    const r = matcher.rank(e.platform);
    if (r >= 0 && r < bestRank) [best, bestRank] = [e, r];
  }
  return best;
}
