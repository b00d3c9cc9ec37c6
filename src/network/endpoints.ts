// NetworkSettings.Networks of `container inspect`: one docker endpoint per network, filled from the
// CNI results the OCI hook recorded in the container's hosts meta (empty while it is not running).
import { networkId } from '../../cni/nerdctl-network';
import type { HostsMeta } from './hosts-store';
import { endpointOf } from './network-facts';

/** docker's EndpointSettings for one network; attached when the meta holds a result for it. */
export function endpointSettings(meta: HostsMeta | undefined, network: string, id: string): Record<string, unknown> {
  const result = meta?.Networks?.[network];
  const e = endpointOf(result);
  const aliases = meta?.Aliases?.[network] ?? [];
  const attached = result !== undefined;
  const userDefined = network !== 'bridge';
  return {
    IPAMConfig: null, Links: null, Aliases: aliases.length ? aliases : null, MacAddress: e.macAddress,
    NetworkID: attached ? networkId(network) : '', EndpointID: '', Gateway: e.gateway, IPAddress: e.ipAddress,
    IPPrefixLen: e.prefixLen, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DriverOpts: null,
    DNSNames: attached && userDefined ? [...new Set([meta?.Name ?? '', id.slice(0, 12), ...aliases, meta?.Hostname ?? ''].filter((n) => n !== ''))] : null,
  };
}

/** Endpoints for the container's networks (label order), plus any the meta holds beyond them. */
export function containerEndpoints(meta: HostsMeta | undefined, networks: readonly string[], id: string): Record<string, Record<string, unknown>> {
  const names = [...networks.filter((n) => n !== 'host' && n !== 'none' && !n.startsWith('container:'))];
  for (const n of Object.keys(meta?.Networks ?? {})) if (!names.includes(n)) names.push(n);
  return Object.fromEntries(names.map((n) => [n, endpointSettings(meta, n, id)]));
}
