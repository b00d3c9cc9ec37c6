// Attaching a container's network namespace to its CNI networks and detaching it, as nerdctl's
// OCI hook does, with its locking made finer: attach and detach of one container never overlap
// (a per-container lock); a first attachment to a network runs under the global CNI lock, later
// ones side by side (warm-networks.ts); detaching touches only the container's own rules and runs
// beside other containers. A teardown before setup when a stale attachment is left (after a
// containerd restart it would make host-local report "duplicate allocation", nerdctl #3355), and
// teardown that works from the result cache when the conflist is gone.
import { existsSync } from 'node:fs';
import type { CniRuntime } from '../../cni/chain';
import { acquireLock, withLock } from '../../cni/lock';
import type { CniLockOptions } from '../../cni/lock';
import type { LockHandle } from '../../cni/file-lock';
import { DEFAULT_CACHE_DIR, cacheFilePath, readCachedAttachment } from '../../cni/result-cache';
import { setupNetworks, teardownNetworks } from '../../cni/setup';
import type { NetworkSetupResult } from '../../cni/setup';
import type { CniArgs, NetworkConfigList, PortMapping } from '../../cni/types';
import type { CniLocation } from '../container/network';
import { cniContainerId, cniLock, cniRuntime, containerCniLock, ifnameAt } from './cni-runtime';
import type { IptablesRunner } from './iptables-leftovers';
import { removeLeftoverRules } from './iptables-leftovers';
import { cachedLinks, detachPlan } from './attachments';
import { areWarm, markWarm } from './warm-networks';
import { networkRulesPlan, withNetworkRules, masqueradesPerContainer } from './network-rules';
import type { NetworkRulesPlan } from './network-rules';
import { ensureNetworkRules } from './network-rules-install';

export interface AttachRequest {
  namespace: string;
  id: string;
  /** /proc/<pid>/ns/net of the container's init process. */
  netns: string;
  networks: readonly NetworkConfigList[];
  hostname: string;
  portMappings?: PortMapping[];
  cni: CniLocation;
  runtime?: CniRuntime;
  onWarning?: (message: string) => void;
  /** Interface per network (connect picks a free one); default eth0, eth1, ... */
  ifnames?: readonly string[];
  /** --ip and --mac-address: host-local's IP and bridge's MAC args, for the first network only. */
  staticIp?: string;
  macAddress?: string;
  /** A pinned namespace: attachments cached for it are live (made by the starting client), not stale. */
  keepAttached?: boolean;
}

function cniArgs(hostname: string, ip?: string, mac?: string): CniArgs {
  const args: CniArgs = [['IgnoreUnknown', '1']];
  if (ip) args.push(['IP', ip]);
  if (mac) args.push(['MAC', mac]);
  args.push(['NERDCTL_CNI_DHCP_HOSTNAME', hostname]);
  return args;
}

/** Sets up every network (eth0, eth1, ...); all or nothing. */
export async function attachContainer(req: AttachRequest): Promise<NetworkSetupResult[]> {
  return withLock(containerCniLock(cniContainerId(req.namespace, req.id)), () => attachLocked(req));
}

async function attachLocked(req: AttachRequest): Promise<NetworkSetupResult[]> {
  const runtime = req.runtime ?? cniRuntime(req.cni);
  const id = cniContainerId(req.namespace, req.id);
  const plans = req.networks.map((conflist) => networkRulesPlan(conflist));
  const requests = req.networks.map((conflist, i) => ({
    conflist: withNetworkRules(conflist, plans[i]), ifname: req.ifnames?.[i] ?? ifnameAt(i),
    args: i === 0 ? cniArgs(req.hostname, req.staticIp, req.macAddress) : cniArgs(req.hostname),
    // portmap is the only plugin with the capability; an empty list is harmless.
    capabilityArgs: { portMappings: req.portMappings ?? [] },
  }));
  const teardown = async (): Promise<void> => {
    try {
      await teardownNetworks({ id, netns: req.netns, networks: requests, runtime });
    } catch (err) {
      req.onWarning?.(`teardown before setup: ${(err as Error).message}`);
    }
  };
  const setup = () => setupNetworks({ id, netns: req.netns, networks: requests, runtime, ...(req.onWarning && { onWarning: req.onWarning }) });
  // A stale attachment leaves its cached result behind; a fresh container skips the teardown
  // (five plugin runs), and on warm networks the lock (see warm-networks.ts).
  const isStale = () => hasAttachments({ namespace: req.namespace, id: req.id, networks: req.networks.map((n) => n.name), ...(runtime.cacheDir && { cacheDir: runtime.cacheDir }) });
  const unlockedOk = !req.ifnames; // connect adds to a running container: always careful
  const warm = () => unlockedOk && !isStale() && areWarm(req.cni.netconfPath, req.networks);
  const unlocked = async (): Promise<NetworkSetupResult[] | undefined> => {
    try {
      return await setup();
    } catch {
      return undefined; // rolled back by setupNetworks: try again the careful way
    }
  };
  const triedUnlocked = warm();
  const early = triedUnlocked ? await unlocked() : undefined;
  if (early) return early;
  let lock = await lockOrWarm(cniLock(req.cni.netconfPath), triedUnlocked ? () => false : warm);
  if (lock === 'warm') {
    const done = await unlocked();
    if (done) return done;
    lock = await acquireLock(cniLock(req.cni.netconfPath));
  }
  try {
    const kept = req.keepAttached && isStale() ? await cachedResults(runtime.cacheDir ?? DEFAULT_CACHE_DIR, id, requests) : undefined;
    if (kept) return kept;
    // Warm networks have their rules: they were installed before the first locked attachment.
    if (!areWarm(req.cni.netconfPath, req.networks)) await ensureNetworkRules(plans.filter((p): p is NetworkRulesPlan => p !== undefined));
    const stale = isStale();
    if (stale) await teardown();
    let results: NetworkSetupResult[];
    try {
      results = await setup();
    } catch (err) {
      // host-local's "duplicate allocation": an attachment lost its cache; tear down and retry.
      if (stale || !/duplicate allocation/i.test((err as Error).message)) throw err;
      await teardown();
      results = await setup();
    }
    markWarm(req.cni.netconfPath, req.networks);
    return results;
  } finally {
    await lock.release();
  }
}

/** The cached result of every requested attachment, or undefined when one is missing. */
async function cachedResults(cacheDir: string, cniId: string, requests: ReadonlyArray<{ conflist: NetworkConfigList; ifname: string }>): Promise<NetworkSetupResult[] | undefined> {
  const out: NetworkSetupResult[] = [];
  for (const { conflist, ifname } of requests) {
    const cached = await readCachedAttachment(cacheDir, conflist.name, cniId, ifname).catch(() => undefined);
    if (!cached?.result) return undefined;
    out.push({ network: conflist.name, ifname, result: cached.result });
  }
  return out;
}

/** Takes the lock, unless `becameWarm` turns true while waiting (another container's first attachment succeeded). */
async function lockOrWarm(opts: CniLockOptions, becameWarm: () => boolean): Promise<LockHandle | 'warm'> {
  const waiting = new AbortController();
  const timer = setInterval(() => { if (becameWarm()) waiting.abort(); }, 10);
  try {
    return await acquireLock({ ...opts, signal: waiting.signal });
  } catch (err) {
    if (waiting.signal.aborted) return 'warm';
    throw err;
  } finally {
    clearInterval(timer);
  }
}

export interface DetachRequest {
  namespace: string;
  id: string;
  /** Empty when the process is gone; plugins then clean up what they can. */
  netns: string;
  /** Network names in attach order; their conflists when known (else the cached ones are used). */
  networks: readonly string[];
  conflists?: ReadonlyMap<string, NetworkConfigList>;
  cni: CniLocation;
  runtime?: CniRuntime;
  cacheDir?: string;
  onWarning?: (message: string) => void;
  /** For tests; default runs iptables. */
  iptables?: IptablesRunner;
  /**
   * For a teardown that may come second (the logger at the exit, rm of a pinned namespace):
   * checked under the lock, false skips it (the attachment is someone else's now), and so does
   * an empty CNI cache (already detached).
   */
  stillOwned?: () => boolean;
}

/** Whether any attachment of the container is recorded in the CNI cache. */
export function hasAttachments(req: Pick<DetachRequest, 'namespace' | 'id' | 'networks' | 'cacheDir'>): boolean {
  const id = cniContainerId(req.namespace, req.id);
  if (cachedLinks(id, req.cacheDir).length > 0) return true;
  return req.networks.some((net, i) => existsSync(cacheFilePath(req.cacheDir ?? DEFAULT_CACHE_DIR, net, id, ifnameAt(i))));
}

/** Tears every network down; idempotent, and the first failure is thrown after trying all. */
export async function detachContainer(req: DetachRequest): Promise<void> {
  const runtime = req.runtime ?? cniRuntime(req.cni);
  const id = cniContainerId(req.namespace, req.id);
  // connect/disconnect may have changed the attachments since the labels were written.
  const networks = detachPlan(req.networks, cachedLinks(id, req.cacheDir)).map(({ network: name, ifname }) => {
    const conflist = req.conflists?.get(name);
    return { ...(conflist ? { conflist } : { network: name }), ifname };
  });
  // Per container: plugins only touch this container's own rules and address when detaching.
  await withLock(containerCniLock(id), async () => {
    // The logger's early postStop: skipped when the task is another's, or someone detached already.
    if (req.stillOwned && (!req.stillOwned() || !hasAttachments({ ...req, ...(runtime.cacheDir && { cacheDir: runtime.cacheDir }) }))) return;
    // Without the netns the bridge plugin cannot find what to un-masquerade: sweep after it.
    const sweep = req.netns === '' && await masqueradedPerContainer(runtime.cacheDir ?? req.cacheDir ?? DEFAULT_CACHE_DIR, id, networks);
    try {
      await teardownNetworks({ id, netns: req.netns, networks, runtime, ...(req.onWarning && { onWarning: req.onWarning }) });
    } finally {
      if (sweep) for (const msg of await removeLeftoverRules(id, req.iptables)) req.onWarning?.(msg);
    }
  });
}

/** Whether an attachment may have per-container NAT rules (not attached with network-level rules). */
async function masqueradedPerContainer(cacheDir: string, cniId: string, links: ReadonlyArray<{ network?: string; conflist?: NetworkConfigList; ifname: string }>): Promise<boolean> {
  for (const link of links) {
    const name = link.conflist?.name ?? link.network ?? '';
    const cached = await readCachedAttachment(cacheDir, name, cniId, link.ifname).catch(() => undefined);
    if (!cached || cached.config.length === 0) return true;
    try {
      if (masqueradesPerContainer(JSON.parse(cached.config.toString('utf8')) as NetworkConfigList)) return true;
    } catch {
      return true;
    }
  }
  return false;
}
