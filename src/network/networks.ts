// User-defined networks: create, list, find, inspect, remove and prune conflists in nerdctl's
// layout (<netconf>/<namespace>/nerdctl-<name>.conflist), so nerdctl and nerdts share them.
// Changes run under the CNI lock the OCI hook takes, so a container never attaches to half a
// network and two creates never pick the same subnet.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isCniError } from '../../cni/errors';
import { withLock } from '../../cni/lock';
import {
  DEFAULT_NETWORK_LABEL, DEFAULT_NETWORK_NAME, buildBridgeNetwork, buildDefaultNetwork, findNetworks, networkFilePath, networkId, usedSubnetsOf,
} from '../../cni/nerdctl-network';
import { listNetworkFiles, removeNetworkFile, writeNetworkFile } from '../../cni/netconf-store';
import { forgetWarm } from './warm-networks';
import type { NetworkConfigList, NetworkFile } from '../../cni/types';
import type { GlobalOptions } from '../config';
import { NerdtsError } from '../errors';
import { dataStorePath } from '../store/data-store';
import { cniLock } from './cni-runtime';
import { parseRouteTable } from './host-routes';
import { driverOf, idOf } from './network-facts';
import type { NetworkSummary } from './network-facts';
import { matchesNetworkFilters, parseNetworkFilters } from './network-filters';

export type { NetworkSummary } from './network-facts';

/** Where networks live and what the host looks like; side effects passed in for tests. */
export interface NetworkScope {
  /** --cni-netconfpath, e.g. /etc/cni/net.d. */
  netconfPath: string;
  /** containerd namespace. */
  namespace: string;
  /** host-local's state dir (default /var/lib/cni/networks). */
  ipamDataDir?: string;
  /** Host routes as CIDRs (default: read /proc/net/route). */
  hostRoutes?: () => string[];
  /** nerdctl's data store (network inspect reads the members' endpoints from its hosts metas). */
  dataStore?: string;
}

/** The scope the global options describe (--cni-netconfpath, --namespace, --data-root). */
export function networkScope(globals: Pick<GlobalOptions, 'cniNetconfPath' | 'namespace' | 'dataRoot' | 'address'>): NetworkScope {
  return { netconfPath: globals.cniNetconfPath, namespace: globals.namespace, dataStore: dataStorePath(globals) };
}

export interface CreateNetworkOptions {
  name: string;
  /** Only `bridge` (the default). */
  driver?: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal?: boolean;
  labels?: Record<string, string>;
  /** -o: mtu, ip-masq, icc or their com.docker.network.* names. */
  options?: Record<string, string>;
  /** --ipv6: refused, the builders are IPv4 only. */
  ipv6?: boolean;
}

export interface CreatedNetwork {
  name: string;
  id: string;
  file: string;
  subnet: string;
  warnings: string[];
}

/** Names docker reserves: no conflist may carry them (bridge is the default network's). */
export const PREDEFINED_NETWORKS: readonly string[] = [DEFAULT_NETWORK_NAME, 'host', 'none'];

const DEFAULT_IPAM_DIR = '/var/lib/cni/networks';

const notFound = (ref: string): NerdtsError => new NerdtsError('not-found', `network ${ref} not found`, { hint: 'list networks with `nerdts network ls`' });

function hostRoutes(): string[] {
  try { return parseRouteTable(readFileSync('/proc/net/route', 'utf8')); } catch { return []; }
}

/** Every conflist under netconfPath, every namespace's included (subnets must not clash across them). */
async function allNetworkFiles(netconfPath: string): Promise<NetworkFile[]> {
  let dirs: string[] = [];
  try { dirs = readdirSync(netconfPath, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name); } catch { /* none yet */ }
  const top = await listNetworkFiles({ netconfPath });
  const nested = await Promise.all(dirs.map((d) => listNetworkFiles({ netconfPath: join(netconfPath, d) })));
  return [...top, ...nested.flat()];
}

function checkCreateOptions(o: CreateNetworkOptions): void {
  if (o.driver !== undefined && o.driver !== '' && o.driver !== 'bridge') {
    throw new NerdtsError('invalid-argument', `unsupported network driver "${o.driver}"`, { hint: 'only the bridge driver is supported' });
  }
  if (o.ipv6) throw new NerdtsError('invalid-argument', 'IPv6 networks are not supported', { hint: 'create an IPv4 network (drop --ipv6)' });
  if (PREDEFINED_NETWORKS.includes(o.name)) {
    throw new NerdtsError('invalid-argument', `${o.name} is a pre-defined network and cannot be created`);
  }
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(o.name)) {
    throw new NerdtsError('invalid-argument', `invalid network name "${o.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
}

/** Writes a new bridge network's conflist; throws for duplicates, bad CIDRs and overlapping subnets. */
export async function createNetwork(scope: NetworkScope, o: CreateNetworkOptions): Promise<CreatedNetwork> {
  checkCreateOptions(o);
  mkdirSync(scope.netconfPath, { recursive: true, mode: 0o755 }); // the lock file lives there
  return withLock(cniLock(scope.netconfPath), async () => {
    const visible = await listNetworkFiles({ netconfPath: scope.netconfPath, namespace: scope.namespace });
    if (visible.some((f) => f.config.name === o.name)) {
      throw new NerdtsError('already-exists', `network with name ${o.name} already exists`);
    }
    const used = [...usedSubnetsOf((await allNetworkFiles(scope.netconfPath)).map((f) => f.config)), ...(scope.hostRoutes ?? hostRoutes)()];
    const built = withCniErrors(() => buildBridgeNetwork({
      name: o.name, ...(o.subnet && { subnet: o.subnet }), ...(o.gateway && { gateway: o.gateway }),
      ...(o.ipRange && { ipRange: o.ipRange }), internal: Boolean(o.internal), labels: o.labels ?? {},
      options: o.options ?? {}, usedSubnets: used,
    }));
    const file = networkFilePath(scope.netconfPath, scope.namespace, o.name);
    try {
      await writeNetworkFile(file, built.config, { exclusive: true });
    } catch (err) {
      if (isCniError(err) && err.kind === 'already-exists') throw new NerdtsError('already-exists', `network with name ${o.name} already exists`);
      throw err;
    }
    const subnet = built.config.plugins[0]?.ipam?.ranges?.[0]?.[0]?.subnet ?? '';
    return { name: o.name, id: idOf(built.config), file, subnet, warnings: built.warnings };
  });
}

/** Runs a cni/ builder, turning its argument errors into one-line NerdtsErrors. */
function withCniErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isCniError(err) && err.kind === 'invalid-argument') throw new NerdtsError('invalid-argument', err.message, { cause: err });
    throw err;
  }
}

function summaryOf(f: NetworkFile): NetworkSummary {
  let createdMs = 0;
  try { createdMs = statSync(f.file).mtimeMs; } catch { /* removed meanwhile */ }
  return { name: f.config.name, id: idOf(f.config), driver: driverOf(f.config), labels: { ...f.config.nerdctlLabels }, file: f.file, createdMs };
}

function pseudo(name: 'host' | 'none'): NetworkSummary {
  return { name, id: networkId(name), driver: name === 'host' ? 'host' : 'null', labels: {}, file: '', createdMs: 0 };
}

/** The conflists visible in the namespace, with the default network shown even before first use. */
async function visibleNetworks(scope: NetworkScope): Promise<Array<{ summary: NetworkSummary; config: NetworkConfigList | undefined }>> {
  const files = await listNetworkFiles({ netconfPath: scope.netconfPath, namespace: scope.namespace });
  const out: Array<{ summary: NetworkSummary; config: NetworkConfigList | undefined }> = files.map((f) => ({ summary: summaryOf(f), config: f.config }));
  if (!files.some((f) => f.config.name === DEFAULT_NETWORK_NAME)) {
    const config = buildDefaultNetwork();
    out.unshift({ summary: { name: config.name, id: idOf(config), driver: 'bridge', labels: { ...config.nerdctlLabels }, file: '', createdMs: 0 }, config });
  }
  out.push({ summary: pseudo('host'), config: undefined }, { summary: pseudo('none'), config: undefined });
  return out;
}

/** Networks in the namespace (pseudo host and none included), filtered like `network ls --filter`. */
export async function listNetworks(scope: NetworkScope, opts: { filters?: readonly string[] } = {}): Promise<NetworkSummary[]> {
  const filters = parseNetworkFilters(opts.filters ?? []);
  return (await visibleNetworks(scope)).map((n) => n.summary).filter((s) => matchesNetworkFilters(s, filters));
}

/** The network `ref` names (name, full ID or ID prefix); "network X not found" otherwise. */
export async function findNetwork(scope: NetworkScope, ref: string): Promise<{ summary: NetworkSummary; config: NetworkConfigList | undefined }> {
  const all = await visibleNetworks(scope);
  const matches = findNetworks(all.map((n) => ({ ...n, config: n.config ?? { cniVersion: '', name: n.summary.name, nerdctlID: n.summary.id, plugins: [] } })), ref);
  if (matches.length > 1) throw new NerdtsError('invalid-argument', `network ${ref} is ambiguous (${matches.length} matches found based on ID prefix)`);
  const hit = matches[0];
  if (!hit) throw notFound(ref);
  return all.find((n) => n.summary.name === hit.summary.name)!;
}

/** Answers which containers (names or IDs) use a network; removal is refused while any do. */
export type NetworkUsage = (network: string) => Promise<string[]>;

function refuseBuiltin(s: NetworkSummary): void {
  if (PREDEFINED_NETWORKS.includes(s.name) || s.labels[DEFAULT_NETWORK_LABEL] !== undefined) {
    throw new NerdtsError('failed-precondition', `${s.name} is a pre-defined network and cannot be removed`);
  }
}

/** Deletes a network's conflist, bridge, IPAM state and isolation rules; refused while in use. */
export async function removeNetwork(scope: NetworkScope, ref: string, usage: NetworkUsage,
  cleanup: (config: NetworkConfigList) => Promise<void> = async () => undefined): Promise<NetworkSummary> {
  const { summary, config } = await findNetwork(scope, ref);
  refuseBuiltin(summary);
  return withLock(cniLock(scope.netconfPath), async () => {
    const users = await usage(summary.name);
    if (users.length > 0) {
      throw new NerdtsError('failed-precondition', `error while removing network: network ${summary.name} id ${summary.id} has active endpoints`,
        { hint: `used by ${users.join(', ')}; remove or disconnect those containers first` });
    }
    await removeNetworkFile(summary.file);
    rmSync(join(scope.ipamDataDir ?? DEFAULT_IPAM_DIR, summary.name), { recursive: true, force: true });
    if (config) forgetWarm(scope.netconfPath, config);
    if (config) await cleanup(config);
    return summary;
  });
}

/** Removes every user network no container uses; returns the removed names. */
export async function pruneNetworks(scope: NetworkScope, usage: NetworkUsage,
  cleanup?: (config: NetworkConfigList) => Promise<void>, filters: readonly string[] = []): Promise<string[]> {
  const removed: string[] = [];
  for (const s of await listNetworks(scope, { filters })) {
    if (PREDEFINED_NETWORKS.includes(s.name) || s.labels[DEFAULT_NETWORK_LABEL] !== undefined || s.file === '') continue;
    if ((await usage(s.name)).length > 0) continue;
    try {
      await removeNetwork(scope, s.name, usage, cleanup);
      removed.push(s.name);
    } catch (err) {
      // Taken into use meanwhile: prune leaves it, as docker does.
      if (!(err instanceof NerdtsError && err.code === 'failed-precondition')) throw err;
    }
  }
  return removed;
}
