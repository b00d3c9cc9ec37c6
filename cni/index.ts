// The cni library: CNI config types, nerdctl-compatible conflists, plugin invocation with
// prevResult chaining and capability args, the result cache, and cross-process locks.
// Standalone: node built-ins only, nothing from src/ or compose/.
export type {
  Attachment, CapabilityArgs, CniArgs, CniCommand, CniDns, CniInterface, CniIpConfig, CniResult, CniRoute,
  CniVersionInfo, IpamConfig, IpamRange, NetworkConfigList, NetworkFile, PluginConfig, PortMapping,
} from './types';
export { CniError, CNI_CODES, isCniError } from './errors';
export type { CniErrorKind, CniErrorOptions } from './errors';

export { formatNetworkConfig, isValidNetworkName, parseNetworkConfig } from './conflist';
export { NETCONF_EXTENSIONS, listNetworkFiles, readNetworkFile, removeNetworkFile, writeNetworkFile } from './netconf-store';
export type { NetconfLocation, WriteNetworkOptions } from './netconf-store';
export {
  DEFAULT_BRIDGE_NAME, DEFAULT_NETWORK_LABEL, DEFAULT_NETWORK_NAME, DEFAULT_SUBNET, bridgeNameFor, buildBridgeNetwork,
  buildDefaultNetwork, findDefaultNetwork, findNetworks, networkFilePath, networkId, usedSubnetsOf,
} from './nerdctl-network';
export type { BridgeNetworkOptions, BuiltNetwork, DefaultNetworkOptions } from './nerdctl-network';
export { FIRST_USER_SUBNET, allocateSubnet, buildHostLocalIpam } from './ipam';
export type { HostLocalOptions } from './ipam';
export { firstFreeSubnet, formatCidr, parseIpv4Cidr } from './subnet';
export type { Ipv4Net } from './subnet';
export { bridgeInterfaceOf, removeBridgeInterface } from './bridge-link';
export { firewallSupportsIsolated, parseFirewallVersion, probeFirewallVersion } from './firewall-version';

export { PluginExitError, formatCniArgs, parseErrorResult } from './invoke';
export type { PluginExec } from './invoke';
export { findPlugin, nodePluginExec } from './node-exec';
export type { NodePluginExecOptions } from './node-exec';
export { addNetworkList, checkNetworkList, delNetworkList, pluginVersionInfo, requestConfig } from './chain';
export type { CniRuntime } from './chain';
export { DEFAULT_CACHE_DIR, cacheFilePath, deleteCachedAttachment, readCachedAttachment, writeCachedAttachment } from './result-cache';
export type { CachedAttachment } from './result-cache';
export { setupNetworks, teardownNetworks } from './setup';
export type { NetworkRequest, NetworkSetupResult, SetupNetworksOptions, TeardownNetworksOptions, TeardownRequest } from './setup';

export { NERDCTL_CNI_LOCK_FILE, NERDTS_CNI_LOCK_FILE, acquireLock, cniLockPath, withLock } from './lock';
export type { CniLockOptions, LockKind } from './lock';
export { acquireFileLock, isOwnerAlive } from './file-lock';
export type { FileLockOptions, LockHandle, LockOwner } from './file-lock';
export { acquireFlock } from './flock-lock';
export type { FlockOptions } from './flock-lock';
