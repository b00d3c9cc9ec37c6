// CNI data shapes (spec 1.0.0): network configuration lists, plugin configs, results, capability
// arguments, and the per-attachment runtime parameters.

/** One plugin entry of a conflist. Unknown keys are passed to the plugin unaltered. */
export interface PluginConfig {
  type: string;
  capabilities?: Record<string, boolean>;
  ipam?: IpamConfig;
  dns?: CniDns;
  [key: string]: unknown;
}

/** host-local style IPAM section (other IPAM types keep their own keys). */
export interface IpamConfig {
  type: string;
  ranges?: IpamRange[][];
  routes?: CniRoute[];
  dataDir?: string;
  [key: string]: unknown;
}

export interface IpamRange {
  subnet: string;
  rangeStart?: string;
  rangeEnd?: string;
  gateway?: string;
  /** nerdctl bookkeeping: the `--ip-range` the user gave. */
  ipRange?: string;
}

/** A network configuration list (`.conflist`), with nerdctl's extra top-level keys. */
export interface NetworkConfigList {
  cniVersion: string;
  name: string;
  /** sha256 hex of the name, written by nerdctl and nerdts. */
  nerdctlID?: string;
  nerdctlLabels?: Record<string, string>;
  disableCheck?: boolean;
  plugins: PluginConfig[];
  [key: string]: unknown;
}

/** A conflist read from disk. `bytes` is the file as read (the result cache keeps it). */
export interface NetworkFile {
  file: string;
  config: NetworkConfigList;
  bytes: Buffer;
}

export interface CniInterface {
  name: string;
  mac?: string;
  mtu?: number;
  sandbox?: string;
  [key: string]: unknown;
}

export interface CniIpConfig {
  address: string;
  gateway?: string;
  /** Index into `interfaces`. */
  interface?: number;
  [key: string]: unknown;
}

export interface CniRoute {
  dst: string;
  gw?: string;
  [key: string]: unknown;
}

export interface CniDns {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

/** A Success result. Plugins may add keys; they are kept. */
export interface CniResult {
  cniVersion: string;
  interfaces?: CniInterface[];
  ips?: CniIpConfig[];
  routes?: CniRoute[];
  dns?: CniDns;
  [key: string]: unknown;
}

/** The VERSION command's answer. */
export interface CniVersionInfo {
  cniVersion: string;
  supportedVersions: string[];
}

/** The `portMappings` capability (CNI conventions), as the portmap plugin reads it. */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: string;
  hostIP?: string;
}

/** Capability arguments; each reaches only plugins declaring it in `capabilities`. */
export interface CapabilityArgs {
  portMappings?: PortMapping[];
  /** Static IPs in CIDR or plain form (`ips` capability). */
  ips?: string[];
  mac?: string;
  [key: string]: unknown;
}

/** CNI_ARGS as ordered key/value pairs, e.g. [['IgnoreUnknown', '1'], ['IP', '10.4.0.9']]. */
export type CniArgs = Array<[string, string]>;

/** The per-attachment parameters: (container ID, ifname) identify an attachment. */
export interface Attachment {
  containerId: string;
  /** Path of the network namespace, e.g. /proc/<pid>/ns/net. */
  netns: string;
  ifname: string;
  args?: CniArgs;
  capabilityArgs?: CapabilityArgs;
}

/** The CNI commands this library issues. */
export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';
