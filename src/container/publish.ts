// Ports as create records them and readers find them: the plan from the flags (checked before any
// side effect), the host ports chosen once the image and network are known, nerdctl's files and
// labels (<state-dir>/network-config.json with go-cni's capitalized keys, nerdctl/ports,
// nerdctl/exposed-ports), and reading them back for ps, inspect and port.
import { join } from 'node:path';
import { invalidArgument } from '../errors';
import { replaceFile } from '../store/atomic-write';
import { LABELS, decodeJson } from './labels';
import type { PortProbe, PublishRequest, PublishedPort } from './ports';
import { allocatePorts, exposedKeys, parseExpose, parsePublish, publishAllRequests, rangeKeys, sortPortKeys } from './ports';

export const NETWORK_CONFIG_FILE = 'network-config.json';
/** containerd refuses a label over 4 KiB; the file then carries the list alone. */
const MAX_LABEL_BYTES = 4000;

/** What the port flags ask for, parsed. */
export interface PortPlan {
  requests: PublishRequest[];
  /** --expose keys ("80/tcp"). */
  expose: string[];
  publishAll: boolean;
}

/** Parses -p, --expose and -P; throws docker's errors for bad values or a network that cannot publish. */
export function planPorts(o: { publish?: string[]; expose?: string[]; publishAll?: boolean }, networks: readonly string[]): PortPlan {
  const requests = (o.publish ?? []).map(parsePublish);
  const expose = (o.expose ?? []).flatMap(parseExpose);
  if (requests.length && networks.some((n) => n.startsWith('container:'))) {
    throw invalidArgument('conflicting options: port publishing and the container type network mode');
  }
  return { requests, expose, publishAll: Boolean(o.publishAll) };
}

/** The ports a new container gets. */
export interface ContainerPorts {
  mappings: PublishedPort[];
  /** Config.ExposedPorts: the image's, --expose and every published container port. */
  exposed: string[];
  warnings: string[];
}

/** Chooses host ports; only CNI networks publish (host: docker's warning, none: nothing). */
export async function resolvePorts(plan: PortPlan, input: { imageExposed: readonly string[]; networks: readonly string[]; cni: boolean; probe: PortProbe }): Promise<ContainerPorts> {
  const exposed = sortPortKeys([...new Set([...exposedKeys(input.imageExposed), ...plan.expose, ...plan.requests.flatMap(rangeKeys)])]);
  const warnings: string[] = [];
  if (!input.cni) {
    // docker warns for -p only; -P on the host network passes silently.
    if (input.networks.includes('host') && plan.requests.length) {
      warnings.push('Published ports are discarded when using host network mode');
    }
    return { mappings: [], exposed, warnings };
  }
  const requests = [...plan.requests, ...(plan.publishAll ? publishAllRequests(exposed, plan.requests) : [])];
  return { mappings: await allocatePorts(requests, input.probe), exposed, warnings };
}

const toGo = (m: PublishedPort): Record<string, unknown> =>
  ({ HostPort: m.hostPort, ContainerPort: m.containerPort, Protocol: m.protocol, HostIP: m.hostIP });

/** Writes <state-dir>/network-config.json as nerdctl does (`{}` with no ports: Go's omitempty). */
export function writeNetworkConfig(stateDir: string, mappings: readonly PublishedPort[]): void {
  const config = mappings.length ? { portMappings: mappings.map(toGo) } : {};
  replaceFile(join(stateDir, NETWORK_CONFIG_FILE), JSON.stringify(config), 0o600);
}

/** nerdctl/ports (when it fits a label) and nerdctl/exposed-ports. */
export function portLabels(ports: Pick<ContainerPorts, 'mappings' | 'exposed'>): Record<string, string> {
  const out: Record<string, string> = {};
  if (ports.mappings.length) {
    const json = JSON.stringify(ports.mappings.map(toGo));
    if (json.length <= MAX_LABEL_BYTES) out[LABELS.ports] = json;
  }
  if (ports.exposed.length) out[LABELS.exposedPorts] = JSON.stringify(Object.fromEntries(ports.exposed.map((k) => [k, {}])));
  return out;
}

function fromGo(list: unknown): PublishedPort[] {
  if (!Array.isArray(list)) return [];
  return (list as Array<Record<string, unknown>>)
    .filter((p) => typeof p?.['HostPort'] === 'number' && typeof p['ContainerPort'] === 'number')
    .map((p) => ({
      hostIP: typeof p['HostIP'] === 'string' && p['HostIP'] ? p['HostIP'] : '0.0.0.0', hostPort: p['HostPort'] as number,
      containerPort: p['ContainerPort'] as number, protocol: typeof p['Protocol'] === 'string' && p['Protocol'] ? p['Protocol'] : 'tcp',
    }));
}

/** A container's published ports: network-config.json, else the legacy nerdctl/ports label. */
export function publishedPortsOf(stateDir: string, labels: Readonly<Record<string, string>>,
  readText: (path: string) => string | undefined): PublishedPort[] {
  const config = decodeJson<{ portMappings?: unknown }>(stateDir ? readText(join(stateDir, NETWORK_CONFIG_FILE)) : undefined);
  if (config?.portMappings) return fromGo(config.portMappings);
  return fromGo(decodeJson(labels[LABELS.ports]));
}

/** A container's exposed "port/proto" keys (nerdctl/exposed-ports). */
export function exposedPortsOf(labels: Readonly<Record<string, string>>): string[] {
  return exposedKeys(Object.keys(decodeJson<Record<string, unknown>>(labels[LABELS.exposedPorts]) ?? {}));
}

/** Whether a network list can publish ports (not host, none or another container's namespace). */
export function publishesOn(networks: readonly string[]): boolean {
  return !networks.some((n) => n === 'host' || n === 'none' || n.startsWith('container:'));
}
