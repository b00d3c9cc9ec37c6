// Finding the conflists of a container's networks, creating nerdctl's default `bridge` network
// on first use (as nerdctl does), under the CNI lock so two first containers write it once.
import { mkdir } from 'node:fs/promises';
import { isCniError } from '../../cni/errors';
import { withLock } from '../../cni/lock';
import { DEFAULT_NETWORK_NAME, buildDefaultNetwork, networkFilePath } from '../../cni/nerdctl-network';
import { listNetworkFiles, writeNetworkFile } from '../../cni/netconf-store';
import type { NetworkConfigList } from '../../cni/types';
import { NerdtsError } from '../errors';
import { cniLock } from './cni-runtime';

async function findByName(netconfPath: string, namespace: string, name: string): Promise<NetworkConfigList | undefined> {
  const files = await listNetworkFiles({ netconfPath, namespace });
  return files.find((f) => f.config.name === name)?.config;
}

/** The default `bridge` conflist, written to `<netconf>/nerdctl-bridge.conflist` when no network has that name. */
export async function ensureDefaultNetwork(netconfPath: string, namespace: string): Promise<NetworkConfigList> {
  const existing = await findByName(netconfPath, namespace, DEFAULT_NETWORK_NAME);
  if (existing) return existing;
  await mkdir(netconfPath, { recursive: true, mode: 0o755 });
  return withLock(cniLock(netconfPath), async () => {
    const again = await findByName(netconfPath, namespace, DEFAULT_NETWORK_NAME);
    if (again) return again;
    const config = buildDefaultNetwork();
    try {
      await writeNetworkFile(networkFilePath(netconfPath, namespace, DEFAULT_NETWORK_NAME), config, { exclusive: true });
    } catch (err) {
      // Written meanwhile by a process that does not take our lock (nerdctl).
      if (!isCniError(err) || err.kind !== 'already-exists') throw err;
    }
    return (await findByName(netconfPath, namespace, DEFAULT_NETWORK_NAME)) ?? config;
  });
}

/** The conflists of the named networks, in order; a missing one is an error. */
export async function networkConfigs(netconfPath: string, namespace: string, names: readonly string[]): Promise<NetworkConfigList[]> {
  const out: NetworkConfigList[] = [];
  for (const name of names) {
    const config = name === DEFAULT_NETWORK_NAME
      ? await ensureDefaultNetwork(netconfPath, namespace)
      : await findByName(netconfPath, namespace, name);
    if (!config) throw new NerdtsError('not-found', `network ${JSON.stringify(name)} not found`, { hint: 'list networks with `nerdts network ls`' });
    out.push(config);
  }
  return out;
}
