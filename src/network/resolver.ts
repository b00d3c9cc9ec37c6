// The network modes create can use: none and host (src/container/network.ts), CNI's default
// `bridge` and user-defined networks (user-networks.ts), and container:<x> (shared-netns.ts). A
// CNI container gets the same files as `none` (resolv.conf, hostname, hosts) and the OCI hooks,
// which attach it to its networks when its task starts and detach it on delete.
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_NETWORK_NAME } from '../../cni/nerdctl-network';
import { resolveGlobals } from '../config';
import { NerdtsError } from '../errors';
import { LABELS, decodeStringList } from '../container/labels';
import type { CniLocation, NetworkResolver, NetworkSetup } from '../container/network';
import { builtinNetworks } from '../container/network';
import { detachContainer, hasAttachments } from './attach';
import { containerNetwork } from './shared-netns';
import { cniNetworkSetup, unsupportedMode } from './user-networks';
import { removeHostsEntry } from './hosts-store';
import { isPinned, isPinnedNetnsPath, removePinnedNetns } from './pinned-netns';

/** CNI directories from the environment and nerdts.toml, for callers that did not pass them. */
export function defaultCniLocation(env: Readonly<Record<string, string | undefined>> = process.env): CniLocation {
  const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
  const globals = resolveGlobals({}, env, read, existsSync);
  return { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
}

/** Frees a CNI container's attachments (if its task never ran postStop), its hosts entry and its pinned namespace. */
const releaseCni: NetworkSetup['release'] = async (target) => {
  // Normally the postStop hook has detached already; this catches a task that never got one.
  const networks = decodeStringList(target.labels, LABELS.networks);
  const names = networks.length ? networks : [DEFAULT_NETWORK_NAME];
  const pinned = target.labels[LABELS.networkNamespace];
  try {
    if (hasAttachments({ namespace: target.namespace, id: target.id, networks: names })) {
      const netns = isPinnedNetnsPath(pinned) && isPinned(pinned) ? pinned : '';
      await detachContainer({ namespace: target.namespace, id: target.id, netns, networks: names, cni: target.cni ?? defaultCniLocation() });
    }
    await removeHostsEntry(target.dataStore, target.namespace, target.id);
  } finally {
    if (isPinnedNetnsPath(pinned)) await removePinnedNetns(pinned);
  }
};

/** bridge and user-defined networks (src/network/user-networks.ts). */
const userNetworks: NetworkSetup = cniNetworkSetup(() => defaultCniLocation(), releaseCni);

/** The default bridge network: the conflist made on first use, files as for `none`, hooks on. */
export const bridgeNetwork: NetworkSetup = userNetworks;

/** none and host as before; bridge and user networks through CNI; container:<x> shares x's netns. */
export const cniNetworks: NetworkResolver = (networks) => {
  if (networks.length === 0 || (networks.length === 1 && networks[0] === DEFAULT_NETWORK_NAME)) return bridgeNetwork;
  if (networks.some((n) => n === 'none' || n === 'host')) return builtinNetworks(networks);
  const shared = networks.find((n) => n.startsWith('container:'));
  if (shared !== undefined) {
    if (networks.length > 1) throw new NerdtsError('invalid-argument', 'conflicting options: container type network can\'t be used with other networks');
    return containerNetwork(shared.slice('container:'.length));
  }
  const other = networks.find((n) => /^(ns|bridge|host|none):/.test(n));
  if (other) throw unsupportedMode(other);
  return userNetworks;
};
