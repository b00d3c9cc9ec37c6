// The network modes create can use: none and host (src/container/network.ts) plus CNI's default
// `bridge`. A bridge container gets the same files as `none` (resolv.conf, hostname, hosts) and
// the OCI hooks, which attach it to the network when its task starts and detach it on delete.
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_NETWORK_NAME } from '../../cni/nerdctl-network';
import { resolveGlobals } from '../config';
import { NerdtsError } from '../errors';
import { LABELS, decodeStringList } from '../container/labels';
import type { CniLocation, NetworkResolver, NetworkSetup } from '../container/network';
import { builtinNetworks, noneNetwork } from '../container/network';
import { detachContainer, hasAttachments } from './attach';
import { ensureDefaultNetwork } from './conflists';
import { removeHostsEntry } from './hosts-store';

/** CNI directories from the environment and nerdts.toml, for callers that did not pass them. */
export function defaultCniLocation(env: Readonly<Record<string, string | undefined>> = process.env): CniLocation {
  const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
  const globals = resolveGlobals({}, env, read, existsSync);
  return { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
}

/** The default bridge network: files as for `none`, the conflist made on first use, hooks on. */
export const bridgeNetwork: NetworkSetup = {
  async prepare(req) {
    const cni = req.cni ?? defaultCniLocation();
    await ensureDefaultNetwork(cni.netconfPath, req.namespace);
    const files = await noneNetwork.prepare(req);
    return { ...files, needsHooks: true };
  },
  async release(target) {
    // Normally the postStop hook has detached already; this catches a task that never got one.
    const networks = decodeStringList(target.labels, LABELS.networks);
    const names = networks.length ? networks : [DEFAULT_NETWORK_NAME];
    if (hasAttachments({ namespace: target.namespace, id: target.id, networks: names })) {
      await detachContainer({ namespace: target.namespace, id: target.id, netns: '', networks: names, cni: target.cni ?? defaultCniLocation() });
    }
    await removeHostsEntry(target.dataStore, target.namespace, target.id);
  },
};

/** none and host as before, `bridge` through CNI; user-defined networks are not supported yet. */
export const cniNetworks: NetworkResolver = (networks) => {
  if (networks.length === 0 || (networks.length === 1 && networks[0] === DEFAULT_NETWORK_NAME)) return bridgeNetwork;
  if (networks.some((n) => n === 'none' || n === 'host')) return builtinNetworks(networks);
  const other = networks.find((n) => n !== DEFAULT_NETWORK_NAME) ?? networks[0]!;
  if (other.startsWith('container:')) {
    throw new NerdtsError('unimplemented', `network mode "${other}" is not supported yet`, { hint: 'use --network bridge, none or host' });
  }
  throw new NerdtsError('unimplemented', `user-defined networks are not supported yet (network "${other}")`,
    { hint: 'use --network bridge, none or host' });
};
