// `network connect` / `network disconnect` (nerdctl has neither). A running container is attached
// or detached right away through CNI, under the lock the OCI hook uses, in the next free ethN; the
// nerdctl/networks label and the spec's annotation copy are updated so later starts attach the
// same set, and the hosts files of the namespace are regenerated. postStop detaches by the CNI
// cache (attachments.ts), so a network connected at run time is detached with the rest.
import { withLock } from '../../cni/lock';
import { teardownNetworks } from '../../cni/setup';
import type { CniResult, NetworkConfigList } from '../../cni/types';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { NerdtsError } from '../errors';
import { LABELS, decodeStringList } from '../container/labels';
import { findContainer } from '../container/lookup';
import { isLive, taskOf, updateMirroredLabel } from '../container/task-state';
import { dataStorePath } from '../store/data-store';
import { attachContainer } from './attach';
import { cachedLinks, freeIfname } from './attachments';
import { cniContainerId, cniLock, cniRuntime } from './cni-runtime';
import { updateHostsMeta } from './hosts-store';
import { findNetwork } from './networks';
import { checkEndpointOptions, resolveNetworks } from './user-networks';

export interface ConnectOptions {
  network: string;
  container: string;
  /** --ip (IPv4 on this network). */
  ip?: string;
  /** --alias */
  aliases?: string[];
}

type Globals = Pick<GlobalOptions, 'namespace' | 'cniNetconfPath' | 'cniPath' | 'dataRoot' | 'address'>;

function cniModeNetworks(c: Container): string[] {
  const networks = decodeStringList(c.labels, LABELS.networks);
  const special = networks.find((n) => n === 'host' || n === 'none' || n.startsWith('container:'));
  if (special) {
    throw new NerdtsError('failed-precondition',
      `container ${c.labels[LABELS.name] || c.id} uses network mode ${special} and cannot be connected to or disconnected from networks`);
  }
  return networks;
}

/** Writes the networks label and the spec annotation the OCI hook reads, in one update. */
function saveNetworks(client: ContainerdClient, c: Container, networks: readonly string[]): Promise<void> {
  return updateMirroredLabel(client, c, LABELS.networks, JSON.stringify(networks));
}

/** Attaches a container to a network (docker `network connect`). */
export async function connectNetwork(client: ContainerdClient, globals: Globals, o: ConnectOptions): Promise<void> {
  const c = await findContainer(client, o.container);
  const networks = cniModeNetworks(c);
  const [net] = await resolveNetworks(globals.cniNetconfPath, globals.namespace, [o.network]);
  if (networks.includes(net!.name)) {
    throw new NerdtsError('already-exists', `endpoint with name ${c.labels[LABELS.name] || c.id} already exists in network ${net!.name}`);
  }
  checkEndpointOptions({ ...(o.ip && { ip: o.ip }), ...(o.aliases && { networkAliases: o.aliases }) }, [net!]);
  const dataStore = dataStorePath(globals);
  const task = await taskOf(client, c.id);
  let result: CniResult | undefined;
  const cni = { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
  const netns = task && isLive(task) && task.pid ? `/proc/${task.pid}/ns/net` : '';
  if (netns) {
    const ifname = freeIfname(cachedLinks(cniContainerId(globals.namespace, c.id)));
    const [done] = await attachContainer({
      namespace: globals.namespace, id: c.id, netns, networks: [net!.config], ifnames: [ifname], cni,
      hostname: c.labels[LABELS.hostname] ?? c.id.slice(0, 12), ...(o.ip && { staticIp: o.ip }),
    });
    result = done?.result;
  }
  try {
    await saveNetworks(client, c, [...networks, net!.name]);
    await updateHostsMeta(dataStore, globals.namespace, c.id, (meta) => ({
      ...meta,
      ...(result && { Networks: { ...meta.Networks, [net!.name]: result } }),
      ...(o.aliases?.length && { Aliases: { ...meta.Aliases, [net!.name]: o.aliases } }),
    }));
  } catch (err) {
    if (netns) await detachOne(globals, c.id, netns, net!.name).catch(() => undefined);
    throw err;
  }
}

/** DELs one network's attachment (by its cached interface) under the CNI lock. */
async function detachOne(globals: Globals, id: string, netns: string, network: string): Promise<void> {
  const cniId = cniContainerId(globals.namespace, id);
  const cni = { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
  let conflist: NetworkConfigList | undefined;
  try { conflist = (await findNetwork({ netconfPath: cni.netconfPath, namespace: globals.namespace }, network)).config; } catch { /* removed: use the cache */ }
  await withLock(cniLock(cni.netconfPath), async () => {
    const links = cachedLinks(cniId).filter((l) => l.network === network);
    if (links.length === 0) return;
    await teardownNetworks({
      id: cniId, netns, runtime: cniRuntime(cni),
      networks: links.map((l) => ({ ...(conflist ? { conflist } : { network }), ifname: l.ifname })),
    });
  });
}

/** Detaches a container from a network (docker `network disconnect`). */
export async function disconnectNetwork(client: ContainerdClient, globals: Globals, o: { network: string; container: string; force?: boolean }): Promise<void> {
  const c = await findContainer(client, o.container);
  const networks = cniModeNetworks(c);
  let name = o.network;
  try { name = (await findNetwork({ netconfPath: globals.cniNetconfPath, namespace: globals.namespace }, o.network)).summary.name; } catch (err) {
    if (!o.force) throw err;
  }
  const cniId = cniContainerId(globals.namespace, c.id);
  if (!networks.includes(name) && !cachedLinks(cniId).some((l) => l.network === name)) {
    throw new NerdtsError('failed-precondition', `container ${c.id} is not connected to network ${name}`);
  }
  const task = await taskOf(client, c.id);
  const netns = task && isLive(task) && task.pid ? `/proc/${task.pid}/ns/net` : '';
  await detachOne(globals, c.id, netns, name);
  await saveNetworks(client, c, networks.filter((n) => n !== name));
  await updateHostsMeta(dataStorePath(globals), globals.namespace, c.id, (meta) => {
    const nets = { ...meta.Networks };
    delete nets[name];
    const aliases = { ...meta.Aliases };
    delete aliases[name];
    return { ...meta, Networks: Object.keys(nets).length ? nets : null, Aliases: aliases };
  });
}
