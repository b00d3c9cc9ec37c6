// The CNI network modes of create: the default `bridge` and user-defined networks, any number of
// them (eth0, eth1, ... in --network order). Names are resolved to the networks' own names
// (an ID prefix works too), --ip/--mac-address/--network-alias are checked here, before any side
// effect, and the container gets the files of `none`, a pinned network namespace (pinned-netns.ts)
// and the OCI hooks that attach it when nerdts did not already (a restart by containerd).
import { join } from 'node:path';
import { DEFAULT_NETWORK_NAME } from '../../cni/nerdctl-network';
import { parseIpv4, parseIpv4Cidr, netContains } from '../../cni/subnet';
import type { NetworkConfigList } from '../../cni/types';
import { NerdtsError, invalidArgument } from '../errors';
import { LABELS } from '../container/labels';
import type { NetworkRequest, NetworkSetup } from '../container/network';
import { noneNetwork } from '../container/network';
import { replaceFile } from '../store/atomic-write';
import { etcHostsDir } from '../store/state-dir';
import { ensureDefaultNetwork } from './conflists';
import { ipamConfigOf } from './network-facts';
import { findNetwork } from './networks';
import { readHostsMeta } from './hosts-store';
import { pinContainerNetns } from './pinned-netns';
import { withNetworkMode } from '../container/spec/namespaces';

/** A network the container joins: its canonical name and conflist. */
export interface ResolvedNetwork { name: string; config: NetworkConfigList }

/** Resolves --network values to networks; "network X not found" for unknown ones. */
export async function resolveNetworks(netconfPath: string, namespace: string, refs: readonly string[]): Promise<ResolvedNetwork[]> {
  const out: ResolvedNetwork[] = [];
  for (const ref of refs) {
    let net: ResolvedNetwork;
    const found = ref === DEFAULT_NETWORK_NAME ? undefined : await findNetwork({ netconfPath, namespace }, ref);
    if (!found || found.summary.name === DEFAULT_NETWORK_NAME) {
      net = { name: DEFAULT_NETWORK_NAME, config: await ensureDefaultNetwork(netconfPath, namespace) };
    } else {
      if (!found.config || found.summary.file === '') {
        throw invalidArgument(`conflicting options: cannot attach both user-defined and non-user-defined network-modes`);
      }
      net = { name: found.summary.name, config: found.config };
    }
    if (!out.some((n) => n.name === net.name)) out.push(net);
  }
  return out;
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** docker's checks of --ip, --mac-address and --network-alias against the networks. */
export function checkEndpointOptions(req: Pick<NetworkRequest, 'ip' | 'macAddress' | 'networkAliases'>, nets: readonly ResolvedNetwork[]): void {
  const userDefined = nets[0] !== undefined && nets[0].name !== DEFAULT_NETWORK_NAME;
  if (req.macAddress && !MAC.test(req.macAddress)) throw invalidArgument(`invalid MAC address: ${req.macAddress}`);
  if (req.networkAliases?.length && !nets.some((n) => n.name !== DEFAULT_NETWORK_NAME)) {
    throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
  }
  if (!req.ip) return;
  const ip = parseIpv4(req.ip);
  if (ip === undefined) throw invalidArgument(`invalid IPv4 address: ${req.ip}`);
  if (!userDefined) throw invalidArgument('user specified IP address is supported on user defined networks only');
  const subnets = ipamConfigOf(nets[0]!.config).map((c) => parseIpv4Cidr(c.Subnet)?.net).filter((n) => n !== undefined);
  if (!subnets.some((n) => netContains(n, ip))) {
    throw invalidArgument(`invalid address ${req.ip}: it does not belong to any of network ${nets[0]!.name}'s subnets`);
  }
}

/** Records --network-alias names per user network in the container's hosts meta. */
function recordAliases(req: NetworkRequest, nets: readonly ResolvedNetwork[]): void {
  if (!req.networkAliases?.length) return;
  const meta = readHostsMeta(req.dataStore, req.namespace, req.id);
  if (!meta) return;
  const aliases = Object.fromEntries(nets.filter((n) => n.name !== DEFAULT_NETWORK_NAME).map((n) => [n.name, [...req.networkAliases!]]));
  replaceFile(join(etcHostsDir(req.dataStore, req.namespace, req.id), 'meta.json'), JSON.stringify({ ...meta, Aliases: aliases }), 0o600);
}

/** bridge and user networks: files as for `none`, networks resolved by name, hooks on. */
export function cniNetworkSetup(defaultCni: () => { netconfPath: string; cniPath: string }, release: NetworkSetup['release']): NetworkSetup {
  return {
    async prepare(req) {
      const cni = req.cni ?? defaultCni();
      const nets = await resolveNetworks(cni.netconfPath, req.namespace, req.networks);
      checkEndpointOptions(req, nets);
      const files = await noneNetwork.prepare({ ...req, networks: nets.map((n) => n.name) });
      recordAliases(req, nets);
      const labels = { ...files.labels };
      if (req.ip) labels[LABELS.ip] = req.ip;
      if (req.macAddress) labels[LABELS.macAddress] = req.macAddress;
      // Last: everything above can fail without leaving a namespace behind (release unpins it).
      const netns = await (req.host.pinNetns ?? pinContainerNetns)(req.namespace, req.id);
      labels[LABELS.networkNamespace] = netns;
      return { ...files, labels, needsHooks: true, mutate: (spec) => { files.mutate(spec); withNetworkMode(spec, `ns:${netns}`); } };
    },
    release,
  };
}

/** The error for a network mode nerdts cannot run. */
export const unsupportedMode = (mode: string): NerdtsError =>
  new NerdtsError('unimplemented', `network mode "${mode}" is not supported`, { hint: 'use bridge, host, none, container:<name> or a network name' });
