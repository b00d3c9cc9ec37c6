// Which containers of the namespace use a network, from their nerdctl/networks labels (as
// nerdctl decides whether `network rm` may go ahead).
import type { ContainerdClient } from '../containerd/client';
import { LABELS, decodeStringList } from '../container/labels';
import type { NetworkUsage } from './networks';

/** Names (else short IDs) of the containers whose networks label lists `network`. */
export function containerUsage(client: ContainerdClient): NetworkUsage {
  return async (network) => {
    const containers = await client.containers.list([`labels.${JSON.stringify(LABELS.networks)}`]);
    return containers
      .filter((c) => decodeStringList(c.labels, LABELS.networks).includes(network))
      .map((c) => c.labels[LABELS.name] || c.id.slice(0, 12));
  };
}
