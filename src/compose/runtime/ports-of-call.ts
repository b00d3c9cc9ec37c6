// The runtime's calls into the network, volume and health modules, each behind one small function
// so the rest of compose does not depend on their shapes:
//  - networks: src/network (createNetwork/findNetwork/listNetworks/removeNetwork); services
//    attach to `<project>_<net>` with their aliases.
//  - volumes: the volume store directly (create/remove/list with labels).
//  - health: the health runner's recorded state (src/container/health); undefined when the
//    container has no healthcheck recorded (the compose waiter then probes itself, conditions.ts).
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import type { Container } from '../../containerd/services/containers';
import { containerHealth } from '../../container/health/query';
import { isNotFound } from '../../errors';
import { removeBridgeLeftovers } from '../../network/bridge-cleanup';
import { containerUsage } from '../../network/network-usage';
import { PREDEFINED_NETWORKS, createNetwork, findNetwork, listNetworks, networkScope, removeNetwork as deleteNetwork } from '../../network/networks';
import { dataStorePath } from '../../store/data-store';
import { VolumeStore } from '../../store/volume-store';
import { COMPOSE_LABELS } from './labels';

/** A network the project wants. */
export interface NetworkRequest {
  name: string;
  labels: Record<string, string>;
  driver?: string;
  driverOpts?: Record<string, string>;
  internal?: boolean;
  subnets?: Array<{ subnet?: string; gateway?: string; ipRange?: string }>;
}

/** True: services attach to `<project>_<net>` (false would put every service on the default bridge). */
export const USER_NETWORKS = true;

/** Creates the network unless it exists. */
export async function ensureNetwork(_client: ContainerdClient, globals: GlobalOptions, net: NetworkRequest): Promise<'created' | 'exists' | 'unsupported'> {
  if (await networkExists(_client, globals, net.name)) return 'exists';
  const pool = net.subnets?.[0];
  await createNetwork(networkScope(globals), {
    name: net.name, labels: net.labels, ...(net.driver && { driver: net.driver }), ...(net.internal && { internal: true }),
    ...(net.driverOpts && { options: net.driverOpts }),
    ...(pool?.subnet && { subnet: pool.subnet }), ...(pool?.gateway && { gateway: pool.gateway }), ...(pool?.ipRange && { ipRange: pool.ipRange }),
  });
  return 'created';
}

/** Whether a network exists (external networks must). */
export async function networkExists(_client: ContainerdClient, globals: GlobalOptions, name: string): Promise<boolean> {
  if (PREDEFINED_NETWORKS.includes(name)) return true;
  try {
    await findNetwork(networkScope(globals), name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Removes a network; false when it did not exist. */
export async function removeNetwork(client: ContainerdClient, globals: GlobalOptions, name: string): Promise<boolean> {
  try {
    await deleteNetwork(networkScope(globals), name, containerUsage(client), async (config) => { await removeBridgeLeftovers(config); });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Names of the networks labelled with the project. */
export async function projectNetworks(_client: ContainerdClient, globals: GlobalOptions, project: string): Promise<string[]> {
  const all = await listNetworks(networkScope(globals));
  return all.filter((n) => n.labels[COMPOSE_LABELS.project] === project).map((n) => n.name);
}

/** The --network value create gets for an engine network name. */
export function attachName(name: string): string {
  return USER_NETWORKS ? name : 'bridge';
}

const volumes = (globals: GlobalOptions): VolumeStore => new VolumeStore(dataStorePath(globals), globals.namespace);

/** Creates the volume unless it exists. */
export async function ensureVolume(globals: GlobalOptions, name: string, labels: Record<string, string>): Promise<'created' | 'exists'> {
  return (await volumes(globals).create(name, labels)).created ? 'created' : 'exists';
}

/** Whether a volume exists (external volumes must). */
export function volumeExists(globals: GlobalOptions, name: string): boolean {
  return volumes(globals).get(name) !== undefined;
}

/** Removes a volume; false when it did not exist. */
export function removeVolume(globals: GlobalOptions, name: string): Promise<boolean> {
  return volumes(globals).remove(name);
}

/** Names of the volumes labelled with the project. */
export function projectVolumes(globals: GlobalOptions, project: string): string[] {
  const store = volumes(globals);
  return store.list().filter((n) => store.get(n)?.labels?.[COMPOSE_LABELS.project] === project);
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** The health runner's view of a container, undefined when the container has no healthcheck recorded. */
export function readHealth(globals: GlobalOptions, c: Pick<Container, 'id' | 'labels'>): HealthStatus | undefined {
  return containerHealth(c, { dataStore: dataStorePath(globals), namespace: globals.namespace })?.Status;
}
