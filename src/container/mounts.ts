// -v/--volume and --mount values (docker's syntax and errors), and their resolution into spec
// mounts, nerdctl's MountPoint labels, and local volumes (created when missing, seeded with the
// image's files at the mount point when empty, as docker's copy-up).
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { invalidArgument } from '../errors';
import type { VolumeStore } from '../store/volume-store';
import { validateVolumeName } from '../store/volume-store';
import type { MountRequest } from './spec';
import { LABELS } from './labels';
import type { MountPoint } from './labels';
import { copyTree, resolveInRoot } from './rootfs';

export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind), volume name, or '' for an anonymous volume. */
  source: string;
  destination: string;
  readonly: boolean;
  /** Bind propagation (rprivate unless given). */
  propagation?: string;
  /** The mode as given (docker's MountPoint.Mode). */
  mode: string;
  /** -v creates a missing bind source; --mount refuses it. */
  createHostPath: boolean;
  nocopy: boolean;
  tmpfsOptions: string[];
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const isPathSource = (s: string): boolean => s.startsWith('/') || s.startsWith('.');

function checkDestination(dst: string, spec: string): void {
  if (!dst.startsWith('/')) throw invalidArgument(`invalid volume specification: '${spec}': invalid mount config for type "volume": invalid mount path: '${dst}' mount path must be absolute`);
  if (posix.normalize(dst) === '/') throw invalidArgument(`invalid volume specification: '${spec}': invalid mount config: destination can't be '/'`);
}

/** Parses -v [source:]destination[:mode] the way docker does on Linux. */
export function parseVolumeFlag(value: string, cwd: string): MountSpec {
  const parts = value.split(':');
  let source = '';
  let destination: string;
  let mode = '';
  if (parts.length === 1) destination = parts[0]!;
  else if (parts.length === 2 && parts[1]!.split(',').every(isModeWord) && parts[0]!.startsWith('/') && !parts[1]!.startsWith('/')) {
    [destination, mode] = parts as [string, string];
  } else if (parts.length === 2) [source, destination] = parts as [string, string];
  else if (parts.length === 3) [source, destination, mode] = parts as [string, string, string];
  else throw invalidArgument(`invalid volume specification: '${value}'`);
  // docker: an empty section between colons is an error, not an anonymous volume.
  if (destination === '' || (parts.length > 1 && source === '' && parts[0] === '')) throw invalidArgument(`invalid volume specification: '${value}'`);
  checkDestination(destination, value);
  const words = mode === '' ? [] : mode.split(',');
  for (const w of words) if (!isModeWord(w)) throw invalidArgument(`invalid mode: ${mode}`);
  const bind = source !== '' && isPathSource(source);
  if (source !== '' && !bind) validateVolumeName(source);
  const propagation = words.find((w) => PROPAGATIONS.has(w));
  if (propagation && !bind) throw invalidArgument(`invalid mode: ${mode}`);
  if (words.includes('nocopy') && bind) throw invalidArgument(`invalid mode: ${mode}`);
  return {
    type: bind ? 'bind' : 'volume', source: bind ? resolve(cwd, source) : source, destination,
    readonly: words.includes('ro'), ...(propagation && { propagation }), mode,
    createHostPath: true, nocopy: words.includes('nocopy'), tmpfsOptions: [],
  };
}

function isModeWord(w: string): boolean {
  return w === 'ro' || w === 'rw' || w === 'z' || w === 'Z' || w === 'nocopy' || PROPAGATIONS.has(w);
}

const truthy = (v: string | undefined, field: string): boolean => {
  if (v === undefined || ['1', 'true', 'True', 'TRUE'].includes(v)) return true;
  if (['0', 'false', 'False', 'FALSE'].includes(v)) return false;
  throw invalidArgument(`invalid value for ${field}: ${v}`);
};

/** Parses --mount type=bind|volume|tmpfs,source=...,target=...[,readonly][,...] (docker's keys). */
export function parseMountFlag(value: string, cwd: string): MountSpec {
  const spec: MountSpec = { type: 'volume', source: '', destination: '', readonly: false, mode: '', createHostPath: false, nocopy: false, tmpfsOptions: [] };
  for (const field of value.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    const v = eq === -1 ? undefined : field.slice(eq + 1);
    const need = (): string => {
      if (v === undefined) throw invalidArgument(`invalid field '${field}' must be a key=value pair`);
      return v;
    };
    switch (key) {
      case 'type': {
        const t = need();
        if (t !== 'bind' && t !== 'volume' && t !== 'tmpfs') throw invalidArgument(`invalid mount type: ${JSON.stringify(t)}`);
        spec.type = t;
        break;
      }
      case 'source': case 'src': spec.source = need(); break;
      case 'target': case 'destination': case 'dst': spec.destination = need(); break;
      case 'readonly': case 'ro': spec.readonly = truthy(v, key); break;
      case 'bind-propagation':
        if (!PROPAGATIONS.has(need())) throw invalidArgument(`invalid propagation mode: ${v}`);
        spec.propagation = v!;
        break;
      case 'volume-nocopy': spec.nocopy = truthy(v, key); break;
      case 'tmpfs-size': spec.tmpfsOptions.push(`size=${need()}`); break;
      case 'tmpfs-mode': spec.tmpfsOptions.push(`mode=${need()}`); break;
      case 'consistency': case 'bind-nonrecursive': case 'volume-label': case 'volume-driver': break;
      default: throw invalidArgument(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (spec.destination === '') throw invalidArgument('invalid argument for "--mount" flag: target is required');
  checkDestination(spec.destination, value);
  if (spec.type === 'bind') {
    if (spec.source === '') throw invalidArgument('invalid mount config for type "bind": field Source must not be empty');
    spec.source = resolve(cwd, spec.source);
  } else if (spec.type === 'volume' && spec.source !== '') validateVolumeName(spec.source);
  if (spec.type === 'tmpfs' && spec.source !== '') throw invalidArgument('invalid mount config for type "tmpfs": field Source must not be specified');
  spec.mode = spec.readonly ? 'ro' : '';
  return spec;
}

/** Mounts ready for the spec and the labels. */
export interface ResolvedMounts {
  mounts: MountRequest[];
  /** --tmpfs-style values for withMounts. */
  tmpfs: string[];
  points: MountPoint[];
  anonymousVolumes: string[];
}

export interface MountContext {
  volumes: VolumeStore;
  /** The image's root directory, for copy-up; undefined skips seeding. */
  rootfs?: string;
  /** The image config's VOLUMEs. */
  imageVolumes: readonly string[];
  newVolumeName(): string;
  /** Told about each volume this create made, so a failed create can remove it. */
  onVolumeCreated(name: string): void;
}

const bindOptions = (ro: boolean, propagation: string): string[] => ['rbind', propagation, ro ? 'ro' : 'rw'];

async function volumeMount(spec: MountSpec, ctx: MountContext, out: ResolvedMounts): Promise<void> {
  const anonymous = spec.source === '';
  const name = anonymous ? ctx.newVolumeName() : spec.source;
  const { volume, created } = await ctx.volumes.create(name, anonymous ? { [LABELS.volumeAnonymous]: '' } : null);
  if (created) ctx.onVolumeCreated(name);
  if (anonymous) out.anonymousVolumes.push(name);
  if (!spec.nocopy && ctx.rootfs !== undefined) seedVolume(ctx.rootfs, spec.destination, volume.mountpoint);
  out.mounts.push({ destination: spec.destination, type: 'bind', source: volume.mountpoint, options: bindOptions(spec.readonly, 'rprivate') });
  out.points.push({ Type: 'volume', Name: name, Source: volume.mountpoint, Destination: spec.destination, Driver: 'local', Mode: spec.mode || 'z', RW: !spec.readonly, Propagation: '' });
}

/** Copies the image's files at `destination` into an empty volume. */
export function seedVolume(rootfs: string, destination: string, data: string): void {
  if (readdirSync(data).length > 0) return;
  const src = resolveInRoot(rootfs, destination);
  if (existsSync(src) && statSync(src).isDirectory()) copyTree(src, data);
}

function bindMount(spec: MountSpec, out: ResolvedMounts): void {
  if (!existsSync(spec.source)) {
    if (!spec.createHostPath) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${spec.source}`);
    mkdirSync(spec.source, { recursive: true, mode: 0o755 });
  }
  const propagation = spec.propagation ?? 'rprivate';
  out.mounts.push({ destination: spec.destination, type: 'bind', source: spec.source, options: bindOptions(spec.readonly, propagation) });
  out.points.push({ Type: 'bind', Source: spec.source, Destination: spec.destination, Mode: spec.mode, RW: !spec.readonly, Propagation: propagation });
}

/** Resolves every requested mount, then an anonymous volume per uncovered image VOLUME. */
export async function resolveMounts(specs: readonly MountSpec[], ctx: MountContext): Promise<ResolvedMounts> {
  const out: ResolvedMounts = { mounts: [], tmpfs: [], points: [], anonymousVolumes: [] };
  for (const spec of specs) {
    if (spec.type === 'bind') bindMount(spec, out);
    else if (spec.type === 'volume') await volumeMount(spec, ctx, out);
    else {
      const tmpfsOptions = [...spec.tmpfsOptions, ...(spec.readonly ? ['ro'] : [])];
      out.tmpfs.push(tmpfsOptions.length ? `${spec.destination}:${tmpfsOptions.join(',')}` : spec.destination);
      out.points.push({ Type: 'tmpfs', Source: '', Destination: spec.destination, Mode: '', RW: !spec.readonly, Propagation: '' });
    }
  }
  const covered = new Set(specs.map((s) => posix.normalize(s.destination)));
  for (const raw of ctx.imageVolumes) {
    const dst = posix.normalize(raw).replace(/(.)\/+$/, '$1');
    if (['/', '/dev', '/sys', '/proc'].includes(dst)) throw invalidArgument(`invalid VOLUME: ${JSON.stringify(raw)}`);
    if (covered.has(dst)) continue;
    covered.add(dst);
    await volumeMount({ type: 'volume', source: '', destination: dst, readonly: false, mode: '', createHostPath: false, nocopy: false, tmpfsOptions: [] }, ctx, out);
  }
  return out;
}
