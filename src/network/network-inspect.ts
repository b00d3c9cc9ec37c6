// `network inspect`: docker's object for a network, its members taken from the namespace's hosts
// metas (each running container's CNI result per network, as the OCI hook recorded it).
import { readNamespaceMetas } from './hosts-store';
import { inspectShape } from './network-facts';
import type { NetworkMember } from './network-facts';
import { findNetwork } from './networks';
import type { NetworkScope } from './networks';

/** The containers of the namespace attached to `network` right now. */
export function networkMembers(dataStore: string | undefined, namespace: string, network: string): NetworkMember[] {
  if (!dataStore) return [];
  return readNamespaceMetas(dataStore, namespace)
    .filter((m) => m.Networks?.[network] !== undefined)
    .map((m) => ({ id: m.ID, name: m.Name, result: m.Networks![network] }));
}

/** docker's `network inspect` object for the network `ref` names (name, ID or ID prefix). */
export async function inspectNetwork(scope: NetworkScope, ref: string): Promise<Record<string, unknown>> {
  const { summary, config } = await findNetwork(scope, ref);
  return inspectShape(summary, config, networkMembers(scope.dataStore, scope.namespace, summary.name));
}
