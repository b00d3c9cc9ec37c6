// Attaching a container to its networks and detaching it, the way the OCI hook needs it: under
// the CNI lock, all-or-nothing on setup, best-effort and idempotent on teardown.
import type { CniRuntime } from './chain';
import { addNetworkList, delNetworkList } from './chain';
import { parseNetworkConfig } from './conflist';
import { CniError, CNI_CODES, isCniError, messageOf } from './errors';
import type { CniLockOptions } from './lock';
import { withLock } from './lock';
import { DEFAULT_CACHE_DIR, deleteCachedAttachment, readCachedAttachment } from './result-cache';
import type { CapabilityArgs, CniArgs, CniResult, NetworkConfigList } from './types';

/** One network to attach: its conflist and the interface to create (eth0, eth1, ...). */
export interface NetworkRequest {
  conflist: NetworkConfigList;
  ifname: string;
  args?: CniArgs;
  capabilityArgs?: CapabilityArgs;
}

export interface SetupNetworksOptions {
  /** The CNI container ID (nerdctl uses `<namespace>-<container ID>`). */
  id: string;
  /** The network namespace path, e.g. /proc/<pid>/ns/net. */
  netns: string;
  networks: NetworkRequest[];
  runtime: CniRuntime;
  /** The cross-process lock to hold; omit when the caller already holds one. */
  lock?: CniLockOptions;
  /** Problems that do not fail the call (rollback errors), for the caller to log. */
  onWarning?: (message: string) => void;
}

export interface NetworkSetupResult {
  network: string;
  ifname: string;
  result: CniResult;
}

/** ADDs each network in order; if one fails, DELs those done (and the failed one) and rethrows. */
export async function setupNetworks(opts: SetupNetworksOptions): Promise<NetworkSetupResult[]> {
  return maybeLocked(opts.lock, async () => {
    const results: NetworkSetupResult[] = [];
    for (let i = 0; i < opts.networks.length; i++) {
      const req = opts.networks[i]!;
      try {
        const result = await addNetworkList(opts.runtime, req.conflist, attachmentOf(opts, req));
        results.push({ network: req.conflist.name, ifname: req.ifname, result });
      } catch (err) {
        // The spec wants a DEL after a failed ADD too, so the failed network is rolled back as well.
        await detachAll(opts, opts.networks.slice(0, i + 1), (msg) => opts.onWarning?.(`rollback: ${msg}`));
        throw err;
      }
    }
    return results;
  });
}

/** One network to detach. The config cached at ADD time is used when there is one, else `conflist`. */
export interface TeardownRequest {
  conflist?: NetworkConfigList;
  /** The network name, needed when `conflist` is absent. */
  network?: string;
  ifname: string;
  args?: CniArgs;
  capabilityArgs?: CapabilityArgs;
}

export interface TeardownNetworksOptions extends Omit<SetupNetworksOptions, 'networks'> {
  networks: TeardownRequest[];
}

/**
 * DELs each network in reverse order. Nothing to delete is success; a failing network does not
 * stop the others, and the first failure is thrown at the end (the rest go to onWarning).
 */
export async function teardownNetworks(opts: TeardownNetworksOptions): Promise<void> {
  await maybeLocked(opts.lock, async () => {
    const errors: unknown[] = [];
    await detachAll(opts, opts.networks, (msg, err) => errors.push(err ?? new Error(msg)));
    if (errors.length === 0) return;
    for (const extra of errors.slice(1)) opts.onWarning?.(messageOf(extra));
    throw errors[0];
  });
}

async function detachAll(
  opts: Omit<TeardownNetworksOptions, 'networks'>, networks: readonly TeardownRequest[],
  onError: (message: string, err?: unknown) => void,
): Promise<void> {
  for (let i = networks.length - 1; i >= 0; i--) {
    const req = networks[i]!;
    try {
      await detachOne(opts, req);
    } catch (err) {
      onError(messageOf(err), err);
    }
  }
}

async function detachOne(opts: Omit<TeardownNetworksOptions, 'networks'>, req: TeardownRequest): Promise<void> {
  const cacheDir = opts.runtime.cacheDir ?? DEFAULT_CACHE_DIR;
  const name = req.conflist?.name ?? req.network;
  if (name === undefined) throw new CniError('invalid-argument', 'teardown needs a conflist or a network name');
  // DEL undoes what ADD did: the config ADD ran (cached) comes before the current one.
  const cached = await readCachedAttachment(cacheDir, name, opts.id, req.ifname);
  const list = cachedList(cached?.config, name) ?? req.conflist;
  if (!list) return; // never attached, or already detached
  try {
    await delNetworkList(opts.runtime, list, attachmentOf(opts, req));
  } catch (err) {
    // "Container unknown": the spec says no cleanup is needed.
    if (!isCniError(err) || err.kind !== 'plugin-failed' || err.code !== CNI_CODES.unknownContainer) throw err;
    await deleteCachedAttachment(cacheDir, name, opts.id, req.ifname);
  }
}

function cachedList(config: Buffer | undefined, name: string): NetworkConfigList | undefined {
  if (!config || config.length === 0) return undefined;
  try {
    return parseNetworkConfig(config, `cached config of network "${name}"`);
  } catch {
    return undefined; // unreadable: the current conflist is the best guess
  }
}

function attachmentOf(opts: { id: string; netns: string }, req: { ifname: string; args?: CniArgs; capabilityArgs?: CapabilityArgs }) {
  return { containerId: opts.id, netns: opts.netns, ifname: req.ifname, args: req.args, capabilityArgs: req.capabilityArgs };
}

function maybeLocked<T>(lock: CniLockOptions | undefined, fn: () => Promise<T>): Promise<T> {
  return lock ? withLock(lock, fn) : fn();
}
