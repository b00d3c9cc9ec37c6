// HostConfig fields as the user gave them, for `inspect`: the OCI spec keeps only their effect
// (gids, not group names; tmpfs options after defaults; every capability, not the change). Devices go
// in nerdctl's own nerdctl/host-config label (its format), the rest in nerdts/host-config, so a
// container made by nerdctl or an older nerdts still falls back to what the spec says.
import type { GivenHostFields } from '../inspect/container';
import { LABELS, decodeJson } from './labels';
import { parseDeviceFlag } from './spec/devices';

/** The flags whose HostConfig fields are recorded (a subset of CreateOptions). */
export interface GivenHostFlags {
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  groupAdd?: readonly string[];
  securityOpt?: readonly string[];
  volumesFrom?: readonly string[];
  tmpfs?: readonly string[];
  init?: boolean;
  devices?: readonly string[];
  /** --cidfile: nerdctl/host-config's CidFile. */
  cidfile?: string;
}

/** nerdts/host-config: docker's HostConfig fields, each present only when given (inspect's shape). */
export type GivenHostConfig = GivenHostFields;

/** docker's DeviceMapping, as in nerdctl/host-config's Devices. */
export interface DockerDeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

// containerd refuses a label over 4 KiB (key and value); a longer record is left out (inspect then reads the spec).
const MAX_LABEL_BYTES = 4000;

const normalizeCap = (c: string): string => {
  const up = c.trim().toUpperCase();
  return up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`;
};

/** docker CLI's effective --cap-add/--cap-drop: normalized, deduplicated, sorted; ALL wins; add beats drop. */
export function effectiveCapabilities(add: readonly string[], drop: readonly string[]): { capAdd: string[]; capDrop: string[] } {
  let adds = new Set(add.map(normalizeCap));
  let drops = new Set(drop.map(normalizeCap));
  if (adds.has('ALL')) adds = new Set(['ALL']);
  if (drops.has('ALL')) drops = new Set(['ALL']);
  return { capAdd: [...adds].sort(), capDrop: [...drops].filter((c) => !adds.has(c)).sort() };
}

/** docker's Tmpfs map from --tmpfs values: path -> the options as written ("" without any). */
export function tmpfsMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const colon = v.indexOf(':');
    if (colon < 0) out[v] = '';
    else out[v.slice(0, colon)] = v.slice(colon + 1);
  }
  return out;
}

/** The given HostConfig fields (omitting what was not given). */
export function givenHostConfig(o: GivenHostFlags): GivenHostConfig {
  const out: GivenHostConfig = {};
  const { capAdd, capDrop } = effectiveCapabilities(o.capAdd ?? [], o.capDrop ?? []);
  if (capAdd.length) out.CapAdd = capAdd;
  if (capDrop.length) out.CapDrop = capDrop;
  if (o.groupAdd?.length) out.GroupAdd = [...o.groupAdd];
  if (o.securityOpt?.length) out.SecurityOpt = [...o.securityOpt];
  if (o.volumesFrom?.length) out.VolumesFrom = [...o.volumesFrom];
  if (o.tmpfs?.length) out.Tmpfs = tmpfsMap(o.tmpfs);
  if (o.init) out.Init = true;
  return out;
}

/** Both labels for a new container (nerdctl/host-config keeps nerdctl's shape, with the devices). */
export function hostConfigLabels(o: GivenHostFlags): Record<string, string> {
  const devices = (o.devices ?? []).map((d): DockerDeviceMapping => {
    const m = parseDeviceFlag(d);
    return { PathOnHost: m.pathOnHost, PathInContainer: m.pathInContainer, CgroupPermissions: m.cgroupPermissions };
  });
  const cidFile = o.cidfile ?? '';
  const hostConfig = JSON.stringify({ BlkioWeight: 0, CidFile: cidFile, Devices: devices.length ? devices : null });
  const given = JSON.stringify(givenHostConfig(o));
  return {
    [LABELS.hostConfig]: Buffer.byteLength(hostConfig) <= MAX_LABEL_BYTES ? hostConfig : JSON.stringify({ BlkioWeight: 0, CidFile: cidFile, Devices: null }),
    ...(Buffer.byteLength(given) <= MAX_LABEL_BYTES && { [LABELS.givenHostConfig]: given }),
  };
}

/** What the labels recorded: `given` is undefined for containers made without nerdts/host-config. */
export function decodeHostConfigLabels(labels: Readonly<Record<string, string>>): { given?: GivenHostConfig; devices: DockerDeviceMapping[]; cidfile: string } {
  const given = decodeJson<GivenHostConfig>(labels[LABELS.givenHostConfig]);
  const nerdctl = decodeJson<{ Devices?: DockerDeviceMapping[] | null; CidFile?: string }>(labels[LABELS.hostConfig]);
  const devices = nerdctl?.Devices ?? [];
  return {
    ...(given && typeof given === 'object' && { given }), devices: Array.isArray(devices) ? devices : [],
    cidfile: typeof nerdctl?.CidFile === 'string' ? nerdctl.CidFile : '',
  };
}
