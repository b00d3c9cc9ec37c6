// What the hook does per event. createRuntime: attach the new netns to the container's networks
// and record its IPs in the hosts store. postStop: detach and drop the IPs. Both are safe to
// repeat (the teardown before setup, and teardown being idempotent).
import { existsSync, readFileSync } from 'node:fs';
import type { GlobalOptions } from '../config';
import type { NetworkConfigList } from '../../cni/types';
import type { CniLocation } from '../container/network';
import { dataStorePath } from '../store/data-store';
import { attachContainer, detachContainer } from '../network/attach';
import { networkConfigs } from '../network/conflists';
import { clearNetworks, storeNetworks } from '../network/hosts-store';
import type { HookContainer, OciState } from './oci-state';
import { cniNetworkNames } from './oci-state';
import { portMappingsOf } from './ports';
import { LABELS } from '../container/labels';
import { isPinnedNetnsPath } from '../network/pinned-netns';

export interface HookContext {
  globals: Pick<GlobalOptions, 'dataRoot' | 'address' | 'cniPath' | 'cniNetconfPath'>;
  state: OciState;
  container: HookContainer;
  onWarning: (message: string) => void;
  /** postStop run early by the logger: whether the exited task is still the container's current one. */
  stillOwned?: () => boolean;
}

const cniOf = (g: HookContext['globals']): CniLocation => ({ netconfPath: g.cniNetconfPath, cniPath: g.cniPath });
const readOptional = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };

/** createRuntime: CNI setup in /proc/<pid>/ns/net, then the hosts store. */
export async function onCreateRuntime(ctx: HookContext): Promise<void> {
  const { container: c, state } = ctx;
  const names = cniNetworkNames(c.networks);
  if (names.length === 0) return;
  const pinned = state.annotations[LABELS.networkNamespace];
  if (!state.pid && !pinned) throw new Error('the OCI state has no pid: cannot find the network namespace');
  const cni = cniOf(ctx.globals);
  const conflists = await networkConfigs(cni.netconfPath, c.namespace, names);
  const netns = pinned || `/proc/${state.pid}/ns/net`;
  const results = await attachContainer({
    namespace: c.namespace, id: c.id, netns, networks: conflists, hostname: c.hostname, cni, keepAttached: isPinnedNetnsPath(pinned),
    portMappings: portMappingsOf(c.stateDir, state.annotations, readOptional), onWarning: ctx.onWarning,
    ...(c.ip && { staticIp: c.ip }), ...(c.macAddress && { macAddress: c.macAddress }),
  });
  try {
    await storeNetworks(dataStorePath(ctx.globals), c.namespace, {
      ID: c.id, Networks: Object.fromEntries(results.map((r) => [r.network, r.result])),
      Hostname: c.hostname, ExtraHosts: c.extraHosts, Name: c.name, Domainname: c.domainname,
    });
  } catch (err) {
    await detachContainer({ namespace: c.namespace, id: c.id, netns, networks: names, conflists: byName(conflists), cni })
      .catch((e: unknown) => ctx.onWarning(`rollback: ${(e as Error).message}`));
    throw err;
  }
}

/** postStop: CNI teardown (the cached config when the conflist is gone), then the hosts store. */
export async function onPostStop(ctx: HookContext): Promise<void> {
  const { container: c, state } = ctx;
  const names = cniNetworkNames(c.networks);
  if (names.length === 0) return;
  const cni = cniOf(ctx.globals);
  const conflists = new Map<string, NetworkConfigList>();
  for (const name of names) {
    try {
      const [config] = await networkConfigs(cni.netconfPath, c.namespace, [name]);
      if (config) conflists.set(name, config);
    } catch {
      // removed network: the cached config is used
    }
  }
  const path = state.pid ? `/proc/${state.pid}/ns/net` : '';
  const pinned = state.annotations[LABELS.networkNamespace];
  const netns = pinned && existsSync(pinned) ? pinned : (path && existsSync(path) ? path : '');
  try {
    await detachContainer({ namespace: c.namespace, id: c.id, netns, networks: names, conflists, cni, onWarning: ctx.onWarning,
      ...(ctx.stillOwned && { stillOwned: ctx.stillOwned }) });
  } finally {
    if (!ctx.stillOwned || ctx.stillOwned()) await clearNetworks(dataStorePath(ctx.globals), c.namespace, c.id);
  }
}

function byName(list: readonly NetworkConfigList[]): Map<string, NetworkConfigList> {
  return new Map(list.map((c) => [c.name, c]));
}
