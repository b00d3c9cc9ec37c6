// --device host[:container][:rwm]: parsing with docker's rules, then a device node (or every node
// under a directory) added to linux.devices with a cgroup rule. Stat-ing is passed in.
import { posix } from 'node:path';
import { NerdtsError } from '../../errors';
import type { Device, Spec } from './types';

export interface DeviceMapping {
  pathOnHost: string;
  pathInContainer: string;
  cgroupPermissions: string;
}

/** A device node found on the host (from stat: S_IFCHR -> 'c', S_IFBLK -> 'b'). */
export interface HostDevice {
  path: string;
  type: 'c' | 'b' | 'u' | 'p';
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

/**
 * Host devices at a path: one entry for a device node, one per node for a directory (walked
 * recursively, symlinks resolved), none when the path is not a device.
 */
export type DeviceLookup = (hostPath: string) => HostDevice[];

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);

function isDeviceMode(mode: string): boolean {
  return mode !== '' && [...mode].every((c, i) => 'rwm'.includes(c) && mode.indexOf(c) === i);
}

/** Parses a --device value as docker: "/dev/x", "/dev/x:rw", "/dev/x:/dev/y", "/dev/x:/dev/y:rwm". */
export function parseDeviceFlag(value: string): DeviceMapping {
  if ((value.match(/:/g) ?? []).length > 2) throw invalid(`bad format for path: ${value}`);
  const parts = value.split(':');
  if (parts[0] === '') throw invalid(`bad format for path: ${value}`);
  let pathInContainer = parts[0]!;
  let cgroupPermissions = 'rwm';
  if (parts.length === 2) {
    if (isDeviceMode(parts[1]!)) cgroupPermissions = parts[1]!;
    else pathInContainer = parts[1]!;
  } else if (parts.length === 3) {
    if (!isDeviceMode(parts[2]!)) throw invalid(`bad mode specified: ${parts[2]}`);
    pathInContainer = parts[1]!;
    cgroupPermissions = parts[2]!;
  }
  if (!posix.isAbsolute(pathInContainer)) throw invalid(`${pathInContainer} is not an absolute path`);
  return { pathOnHost: parts[0]!, pathInContainer: posix.normalize(pathInContainer), cgroupPermissions };
}

export interface DevicesInput {
  devices: readonly string[];
  lookup: DeviceLookup;
  /** Privileged containers already see every host device with full access (see withSecurity). */
  privileged?: boolean;
}

/** Adds each --device node to linux.devices and allows it in the device cgroup. */
export function withDevices(spec: Spec, input: DevicesInput): void {
  for (const value of input.devices) {
    const mapping = parseDeviceFlag(value);
    // docker: with --privileged the host path is already there; permissions are always rwm.
    if (input.privileged && mapping.pathOnHost === mapping.pathInContainer) continue;
    const found = input.lookup(mapping.pathOnHost);
    if (found.length === 0) {
      throw invalid(`error gathering device information while adding custom device "${mapping.pathOnHost}": not a device node`);
    }
    for (const host of found) {
      const device: Device = { ...host, path: containerPathFor(host.path, mapping) };
      (spec.linux.devices ??= []).push(device);
      if (input.privileged) continue;
      const rules = ((spec.linux.resources ??= {}).devices ??= []);
      rules.push({ allow: true, type: host.type, major: host.major, minor: host.minor, access: mapping.cgroupPermissions });
    }
  }
}

// A node found under a --device directory keeps its place relative to that directory.
function containerPathFor(hostPath: string, mapping: DeviceMapping): string {
  if (hostPath === mapping.pathOnHost) return mapping.pathInContainer;
  const prefix = mapping.pathOnHost.endsWith('/') ? mapping.pathOnHost : `${mapping.pathOnHost}/`;
  return hostPath.startsWith(prefix) ? posix.join(mapping.pathInContainer, hostPath.slice(prefix.length)) : mapping.pathInContainer;
}
