// Every container label key nerdts reads or writes, in one place, with typed encoders and decoders.
// The nerdctl/* keys and formats are nerdctl's (pkg/labels), so each tool manages the other's
// containers; containerd.io/restart.* belong to containerd's restart monitor.
import { invalidArgument } from '../errors';

/** Labels whose key contains this are internal; they are mirrored into the OCI annotations. */
export const INTERNAL_PREFIX = 'nerdctl/';

export const LABELS = {
  namespace: 'nerdctl/namespace',
  name: 'nerdctl/name',
  hostname: 'nerdctl/hostname',
  domainname: 'nerdctl/domainname',
  /** JSON array of "host:ip". */
  extraHosts: 'nerdctl/extraHosts',
  stateDir: 'nerdctl/state-dir',
  /** JSON array of what --network said: ["none"], ["host"], ["bridge"]. */
  networks: 'nerdctl/networks',
  /** Deprecated JSON port list; read as a fallback only. */
  ports: 'nerdctl/ports',
  ip: 'nerdctl/ip',
  ip6: 'nerdctl/ip6',
  macAddress: 'nerdctl/mac-address',
  logUri: 'nerdctl/log-uri',
  /** JSON {"driver","opts","address"}, same as <state-dir>/log-config.json. */
  logConfig: 'nerdctl/log-config',
  pidFile: 'nerdctl/pid-file',
  /** JSON array of anonymous volume names. */
  anonymousVolumes: 'nerdctl/anonymous-volumes',
  imageMountSnapshots: 'nerdctl/image-mount-snapshots',
  platform: 'nerdctl/platform',
  /** Legacy single-key form of the mount list (a JSON array). */
  mountsLegacy: 'nerdctl/mounts',
  stopTimeout: 'nerdctl/stop-timeout',
  pidContainer: 'nerdctl/pid-container',
  ipc: 'nerdctl/ipc',
  /** The last start/stop error. */
  error: 'nerdctl/error',
  autoRemove: 'nerdctl/auto-remove',
  hostConfig: 'nerdctl/host-config',
  dns: 'nerdctl/dns',
  user: 'nerdctl/user',
  healthcheck: 'nerdctl/healthcheck',
  healthState: 'nerdctl/healthstate',
  privileged: 'nerdctl/privileged',
  exposedPorts: 'nerdctl/exposed-ports',
  /** Annotation only: overrides the netns path handed to CNI. */
  networkNamespace: 'nerdctl/network-namespace',
  defaultNetwork: 'nerdctl/default-network',
  networkAuxAddresses: 'nerdctl/network-aux-addresses',

  /** containerd's stop-signal label (from the image or --stop-signal). */
  stopSignal: 'io.containerd.image.config.stop-signal',

  restartPolicy: 'containerd.io/restart.policy',
  restartStatus: 'containerd.io/restart.status',
  restartLogUri: 'containerd.io/restart.loguri',
  restartLogPath: 'containerd.io/restart.logpath',
  restartCount: 'containerd.io/restart.count',
  restartExplicitlyStopped: 'containerd.io/restart.explicitly-stopped',

  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  composeNetwork: 'com.docker.compose.network',
  composeVolume: 'com.docker.compose.volume',
  composeConfigHash: 'com.docker.compose.config-hash',
  composeContainerNumber: 'com.docker.compose.container-number',
  composeOneoff: 'com.docker.compose.oneoff',

  /** On volumes: docker marks anonymous ones so `volume prune` can tell them apart. */
  volumeAnonymous: 'com.docker.volume.anonymous',

  /** nerdts only: ps's COMMAND text (the spec's args joined), so ps need not parse each spec. */
  command: 'nerdts/command',
  /** nerdts only: JSON of the HostConfig fields given as flags (GroupAdd, SecurityOpt, ...; host-config-label.ts). */
  givenHostConfig: 'nerdts/host-config',
} as const;

/** nerdctl/mounts.<i>: one JSON MountPoint per key, because containerd caps a label at 4 KiB. */
export const mountsKey = (index: number): string => `nerdctl/mounts.${index}`;

/** docker's MountPoint (inspect "Mounts"), as nerdctl stores it in the mounts labels. */
export interface MountPoint {
  Type: 'bind' | 'volume' | 'tmpfs' | 'image' | string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

// Go's field order (dockercompat.MountPoint), omitempty on Name and Driver.
function mountJson(m: MountPoint): string {
  const ordered: Record<string, unknown> = { Type: m.Type };
  if (m.Name) ordered.Name = m.Name;
  Object.assign(ordered, { Source: m.Source, Destination: m.Destination });
  if (m.Driver) ordered.Driver = m.Driver;
  Object.assign(ordered, { Mode: m.Mode, RW: m.RW, Propagation: m.Propagation });
  return JSON.stringify(ordered);
}

/** The nerdctl/mounts.N labels for a mount list (none for an empty list). */
export function encodeMounts(mounts: readonly MountPoint[]): Record<string, string> {
  const out: Record<string, string> = {};
  mounts.forEach((m, i) => { out[mountsKey(i)] = mountJson(m); });
  return out;
}

/** The mount list from labels: the legacy single key first, else nerdctl/mounts.0, .1, ... until a gap. */
export function decodeMounts(labels: Readonly<Record<string, string>>): MountPoint[] {
  const legacy = labels[LABELS.mountsLegacy];
  if (legacy) return decodeJson<MountPoint[]>(legacy) ?? [];
  const out: MountPoint[] = [];
  for (let i = 0; labels[mountsKey(i)]; i++) {
    const m = decodeJson<MountPoint>(labels[mountsKey(i)]!);
    if (m) out.push(m);
  }
  return out;
}

/** Parses a JSON label value; undefined when absent or malformed (labels may come from other tools). */
export function decodeJson<T>(value: string | undefined): T | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

/** A JSON string-array label (networks, extraHosts, anonymous-volumes); [] when absent. */
export function decodeStringList(labels: Readonly<Record<string, string>>, key: string): string[] {
  const v = decodeJson<unknown>(labels[key]);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The internal labels, which nerdctl mirrors into the OCI annotations for its hook. */
export function internalAnnotations(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (k.includes(INTERNAL_PREFIX)) out[k] = v;
  return out;
}

/** Rejects user labels in nerdctl's reserved namespace (nerdctl's error). */
export function checkUserLabels(labels: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(labels)) {
    if (key.startsWith(INTERNAL_PREFIX)) throw invalidArgument(`internal label "${key}" must not be specified manually`);
  }
}

/**
 * -l/--label and --label-file values as docker reads them: label files first (blank lines and
 * #-comments skipped), then flags; "key" alone means an empty value; later keys win.
 */
export function parseLabels(values: readonly string[] = [], files: ReadonlyArray<{ name: string; text: string }> = []): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (entry: string, where: string): void => {
    const eq = entry.indexOf('=');
    const key = eq === -1 ? entry : entry.slice(0, eq);
    if (key === '') throw invalidArgument(`invalid label: ${JSON.stringify(entry)}${where}`);
    out[key] = eq === -1 ? '' : entry.slice(eq + 1);
  };
  for (const f of files) {
    for (const raw of f.text.split('\n')) {
      const line = raw.replace(/\r$/, '').trimStart();
      if (line === '' || line.startsWith('#')) continue;
      add(line, ` in ${f.name}`);
    }
  }
  for (const v of values) add(v, '');
  return out;
}
