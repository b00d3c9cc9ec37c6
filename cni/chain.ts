// Executes a network configuration list for one attachment, as CNI spec section 3 says: ADD runs
// the plugins in order chaining prevResult; DEL runs them in reverse with the cached ADD result;
// CHECK runs them in order with the cached result. Results are cached like libcni.
import { formatNetworkConfig, isValidNetworkName } from './conflist';
import { CniError, CNI_CODES } from './errors';
import type { PluginExec } from './invoke';
import { invokePlugin } from './invoke';
import { isIdlePlugin } from './idle-plugins';
import { DEFAULT_CACHE_DIR, deleteCachedAttachment, readCachedAttachment, writeCachedAttachment } from './result-cache';
import type { Attachment, CapabilityArgs, CniArgs, CniCommand, CniResult, CniVersionInfo, NetworkConfigList, PluginConfig } from './types';

/** Where plugins live and how they run; shared by every call. */
export interface CniRuntime {
  /** Plugin directories (CNI_PATH), e.g. ['/usr/lib/cni', '/opt/cni/bin']. */
  cniPath: readonly string[];
  exec: PluginExec;
  /** libcni's cache dir; results go to `<cacheDir>/results/`. Default /var/lib/cni. */
  cacheDir?: string;
  /** Environment the plugins inherit (default process.env); CNI_* keys are replaced. */
  env?: Record<string, string | undefined>;
}

/** Runs ADD for every plugin in order and caches the final result. */
export async function addNetworkList(rt: CniRuntime, list: NetworkConfigList, att: Attachment): Promise<CniResult> {
  validateAttachment(att);
  if (!isValidNetworkName(list.name)) throw new CniError('invalid-config', `invalid network name "${list.name}"`, { network: list.name });
  let result: CniResult | undefined;
  for (const plugin of list.plugins) {
    // An idle chained plugin would hand its prevResult back unchanged.
    if (result && isIdlePlugin(plugin, att.capabilityArgs, att.args)) continue;
    const out = await runPlugin(rt, 'ADD', list, plugin, att, result, att.capabilityArgs, att.args);
    if (!out) {
      throw new CniError('plugin-failed', `plugin "${plugin.type}" returned no result (add) on network "${list.name}"`, {
        code: CNI_CODES.decodeFailure, plugin: plugin.type, network: list.name, command: 'ADD',
      });
    }
    result = normalizeResult(out, list.cniVersion);
  }
  await writeCachedAttachment(rt.cacheDir ?? DEFAULT_CACHE_DIR, {
    containerId: att.containerId, ifname: att.ifname, networkName: list.name, netns: att.netns,
    config: Buffer.from(formatNetworkConfig(list)), cniArgs: att.args, capabilityArgs: att.capabilityArgs, result,
  });
  return result!;
}

/**
 * Runs DEL for every plugin in reverse order with the cached ADD result, then drops the cache.
 * Capability and CNI args default to the cached ones when the caller gives none.
 */
export async function delNetworkList(rt: CniRuntime, list: NetworkConfigList, att: Attachment): Promise<void> {
  validateAttachment(att);
  const cacheDir = rt.cacheDir ?? DEFAULT_CACHE_DIR;
  const cached = await readCachedAttachment(cacheDir, list.name, att.containerId, att.ifname);
  // Cached results on DEL came with spec 0.4.0.
  const prev = compareVersions(list.cniVersion, '0.4.0') >= 0 ? cached?.result : undefined;
  const caps = att.capabilityArgs ?? cached?.capabilityArgs;
  const args = att.args ?? cached?.cniArgs;
  for (let i = list.plugins.length - 1; i >= 0; i--) {
    const plugin = list.plugins[i]!;
    if (i > 0 && isIdlePlugin(plugin, caps, args)) continue;
    await runPlugin(rt, 'DEL', list, plugin, att, prev, caps, args);
  }
  await deleteCachedAttachment(cacheDir, list.name, att.containerId, att.ifname);
}

/** Runs CHECK for every plugin in order with the cached ADD result (a no-op with disableCheck). */
export async function checkNetworkList(rt: CniRuntime, list: NetworkConfigList, att: Attachment): Promise<void> {
  validateAttachment(att);
  if (compareVersions(list.cniVersion, '0.4.0') < 0) {
    throw new CniError('invalid-config', `configuration version "${list.cniVersion}" does not support the CHECK command`, { network: list.name, code: CNI_CODES.incompatibleVersion });
  }
  if (list.disableCheck) return;
  const cached = await readCachedAttachment(rt.cacheDir ?? DEFAULT_CACHE_DIR, list.name, att.containerId, att.ifname);
  if (!cached?.result) {
    throw new CniError('not-found', `no cached result for container ${att.containerId} on network "${list.name}" (${att.ifname})`, { network: list.name });
  }
  for (const [i, plugin] of list.plugins.entries()) {
    if (i > 0 && isIdlePlugin(plugin, att.capabilityArgs ?? cached.capabilityArgs, att.args ?? cached.cniArgs)) continue;
    await runPlugin(rt, 'CHECK', list, plugin, att, cached.result, att.capabilityArgs ?? cached.capabilityArgs, att.args ?? cached.cniArgs);
  }
}

/** Asks a plugin which spec versions it supports (CNI_COMMAND=VERSION). */
export async function pluginVersionInfo(rt: CniRuntime, type: string, cniVersion = '1.0.0'): Promise<CniVersionInfo> {
  const pluginPath = await rt.exec.find(type, rt.cniPath);
  const out = await invokePlugin({
    exec: rt.exec, pluginPath, pluginType: type, network: '',
    params: { command: 'VERSION', cniPath: rt.cniPath, baseEnv: rt.env ?? process.env },
    stdin: JSON.stringify({ cniVersion }),
  });
  const versions = out?.supportedVersions;
  if (!out || typeof out.cniVersion !== 'string' || !Array.isArray(versions)) {
    throw new CniError('plugin-failed', `plugin "${type}" gave an invalid VERSION answer`, { plugin: type, code: CNI_CODES.decodeFailure });
  }
  return { cniVersion: out.cniVersion, supportedVersions: versions.map(String) };
}

async function runPlugin(
  rt: CniRuntime, command: CniCommand, list: NetworkConfigList, plugin: PluginConfig, att: Attachment,
  prevResult: CniResult | undefined, caps: CapabilityArgs | undefined, args: CniArgs | undefined,
): Promise<Record<string, unknown> | undefined> {
  const pluginPath = await rt.exec.find(plugin.type, rt.cniPath);
  return invokePlugin({
    exec: rt.exec, pluginPath, pluginType: plugin.type, network: list.name,
    params: { command, containerId: att.containerId, netns: att.netns, ifname: att.ifname, args, cniPath: rt.cniPath, baseEnv: rt.env ?? process.env },
    stdin: JSON.stringify(requestConfig(list, plugin, prevResult, caps)),
  });
}

/**
 * The config a plugin reads on stdin: its own entry with the list's name and cniVersion, the
 * previous result, and a runtimeConfig holding only the capabilities it declares. `capabilities`
 * itself is removed, as spec 1.0.0 requires.
 */
export function requestConfig(list: NetworkConfigList, plugin: PluginConfig, prevResult?: CniResult, caps?: CapabilityArgs): Record<string, unknown> {
  const { capabilities, ...rest } = plugin;
  const conf: Record<string, unknown> = { ...rest, name: list.name, cniVersion: list.cniVersion };
  if (prevResult !== undefined) conf.prevResult = prevResult;
  const runtimeConfig: Record<string, unknown> = {};
  for (const [cap, declared] of Object.entries(capabilities ?? {})) {
    if (declared === true && caps?.[cap] !== undefined) runtimeConfig[cap] = caps[cap];
  }
  if (Object.keys(runtimeConfig).length > 0) conf.runtimeConfig = runtimeConfig;
  return conf;
}

// Plugins answer in the config's version; 0.3.x/0.4.0 results differ from 1.0.0 only by ips[].version.
function normalizeResult(out: Record<string, unknown>, cniVersion: string): CniResult {
  const result = { ...out, cniVersion: typeof out.cniVersion === 'string' ? out.cniVersion : cniVersion } as CniResult;
  if (compareVersions(cniVersion, '1.0.0') >= 0 && compareVersions(result.cniVersion, '1.0.0') < 0 && compareVersions(result.cniVersion, '0.3.0') >= 0) {
    result.cniVersion = cniVersion;
    if (result.ips) result.ips = result.ips.map(({ version: _v, ...ip }) => ip);
  }
  return result;
}

/** Orders dotted versions numerically ('' sorts first). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Rejects container IDs and interface names libcni would reject. */
export function validateAttachment(att: Attachment): void {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(att.containerId)) {
    throw new CniError('invalid-argument', `invalid container ID "${att.containerId}"`);
  }
  const ifname = att.ifname;
  if (ifname === '' || ifname.length > 15 || ifname === '.' || ifname === '..' || /[/:\s]/.test(ifname)) {
    throw new CniError('invalid-argument', `invalid interface name "${ifname}"`);
  }
}
