// Networking as create sees it: a NetworkSetup per --network mode contributes the hostname,
// /etc/hosts, /etc/resolv.conf and /etc/hostname, labels, spec changes and whether the OCI hook
// must run. "none" and "host" live here; CNI modes (bridge, user networks) plug in through
// NetworkResolver without create changing.
import { join } from 'node:path';
import { NerdtsError } from '../errors';
import { replaceFile } from '../store/atomic-write';
import { createPrivateDir, etcHostsDir, removeDir } from '../store/state-dir';
import type { MountRequest, Spec } from './spec';
import { withNetworkMode } from './spec';
import { buildHostsFile, buildResolvConf, hostnameFile, parseExtraHost, validateDns } from './etc-files';
import type { ExtraHost } from './etc-files';
import { LABELS } from './labels';

/** What create knows when it asks the network mode for its part. */
export interface NetworkRequest {
  id: string;
  name: string;
  namespace: string;
  dataStore: string;
  stateDir: string;
  /** --network values as given, e.g. ["none"]. */
  networks: string[];
  hostname?: string;
  domainname?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** --add-host values. */
  addHosts?: string[];
  /** IP for --add-host x:host-gateway. */
  hostGatewayIp?: string;
  /** --uts=host: the container has the host's hostname, none may be given. */
  utsHost?: boolean;
  /** Host facts, passed in. */
  host: NetworkHost;
  /** CNI directories (--cni-netconfpath, --cni-path) for CNI modes. */
  cni?: CniLocation;
  /** --ip, --mac-address, --network-alias (CNI modes). */
  ip?: string;
  macAddress?: string;
  networkAliases?: string[];
}

/** Where CNI configs and plugins live (the global options of the same names). */
export interface CniLocation { netconfPath: string; cniPath: string }

export interface NetworkHost {
  readText(path: string): string | undefined;
  hostname(): string;
  /** Pins a new network namespace for the container and returns its path (default: network/pinned-netns.ts). */
  pinNetns?(namespace: string, id: string): Promise<string>;
}

/** A network mode's part of a new container. */
export interface NetworkContribution {
  hostname: string;
  /** nerdctl/networks, nerdctl/hostname, nerdctl/extraHosts, nerdctl/dns, ... */
  labels: Record<string, string>;
  /** /etc/hosts, /etc/resolv.conf, /etc/hostname binds; optional, so user mounts win. */
  mounts: MountRequest[];
  /** Namespace and sysctl changes. */
  mutate(spec: Spec): void;
  /** The createRuntime/postStop OCI hook is needed (CNI setup and teardown). */
  needsHooks: boolean;
}

export interface NetworkSetup {
  /** Writes the files and says what the container needs; throws for invalid options. */
  prepare(req: NetworkRequest): Promise<NetworkContribution>;
  /** Undoes prepare (failed create) or frees what the container held (rm, after its task is gone). */
  release(target: { id: string; namespace: string; dataStore: string; labels: Readonly<Record<string, string>>; cni?: CniLocation }): Promise<void>;
}

/** Chooses the setup for the --network values; throws for modes nothing implements. */
export type NetworkResolver = (networks: readonly string[]) => NetworkSetup;

/** none and host; every other mode is refused until CNI networking is wired in. */
export const builtinNetworks: NetworkResolver = (networks) => {
  const mode = networks[0] ?? 'bridge';
  if (networks.length === 1 && mode === 'none') return noneNetwork;
  if (networks.length === 1 && mode === 'host') return hostNetwork;
  if (networks.length > 1 && networks.some((n) => n === 'none' || n === 'host')) {
    throw new NerdtsError('invalid-argument', `conflicting options: cannot attach both user-defined and non-user-defined network-modes`);
  }
  throw new NerdtsError('unimplemented', `network mode "${mode}" is not supported yet`,
    { hint: 'use --network none or --network host' });
};

const BIND_OPTIONS = ['bind', 'rprivate'];

/** Files and labels common to none and host. */
async function prepareFiles(req: NetworkRequest, mode: 'none' | 'host'): Promise<NetworkContribution> {
  if (req.dns) validateDns(req.dns);
  const extraHosts: ExtraHost[] = (req.addHosts ?? []).map((h) => parseExtraHost(h, req.hostGatewayIp));
  if (req.utsHost && req.hostname) throw new NerdtsError('invalid-argument', 'conflicting options: hostname and the UTS mode');
  const hostname = req.hostname || (mode === 'host' || req.utsHost ? req.host.hostname() : req.id.slice(0, 12));
  const resolvPath = join(req.stateDir, 'resolv.conf');
  const hostnamePath = join(req.stateDir, 'hostname');
  replaceFile(resolvPath, buildResolvConf({
    hostText: hostResolvConf(req.host, mode === 'host'), keepLocalhost: mode === 'host',
    ...(req.dns && { dns: req.dns }), ...(req.dnsSearch && { dnsSearch: req.dnsSearch }), ...(req.dnsOptions && { dnsOptions: req.dnsOptions }),
  }), 0o644);
  replaceFile(hostnamePath, hostnameFile(hostname), 0o644);
  const hostsDir = createPrivateDir(etcHostsDir(req.dataStore, req.namespace, req.id));
  const base = mode === 'host' ? req.host.readText('/etc/hosts') ?? '' : '';
  replaceFile(join(hostsDir, 'hosts'), buildHostsFile(base, extraHosts), 0o644);
  const meta = { ID: req.id, Networks: null, Hostname: hostname, ExtraHosts: Object.fromEntries(extraHosts.map((h) => [h.host, h.ip])), Name: req.name, Domainname: req.domainname ?? '' };
  replaceFile(join(hostsDir, 'meta.json'), JSON.stringify(meta), 0o600);
  return {
    hostname,
    labels: {
      [LABELS.hostname]: hostname,
      [LABELS.domainname]: req.domainname ?? '',
      [LABELS.networks]: JSON.stringify(req.networks),
      [LABELS.extraHosts]: JSON.stringify(extraHosts.map((h) => `${h.host}:${h.ip}`)),
      [LABELS.dns]: JSON.stringify(dnsLabel(req)),
    },
    mounts: [
      { destination: '/etc/resolv.conf', type: 'bind', source: resolvPath, options: BIND_OPTIONS, optional: true },
      { destination: '/etc/hosts', type: 'bind', source: join(hostsDir, 'hosts'), options: BIND_OPTIONS, optional: true },
      ...(req.utsHost ? [] : [{ destination: '/etc/hostname', type: 'bind', source: hostnamePath, options: BIND_OPTIONS, optional: true }]),
    ],
    mutate: (spec) => withNetworkMode(spec, mode),
    needsHooks: false,
  };
}

// nerdctl's dockercompat.DNSSettings: Go struct without JSON tags, so every field, null when unset.
function dnsLabel(req: NetworkRequest): Record<string, string[] | null> {
  const list = (v: string[] | undefined): string[] | null => (v?.length ? v : null);
  return { DNSServers: list(req.dns), DNSResolvConfOptions: list(req.dnsOptions), DNSSearchDomains: list(req.dnsSearch) };
}

/** The host's resolv.conf; behind systemd-resolved's stub, the real upstream list. */
function hostResolvConf(host: NetworkHost, hostNetwork: boolean): string | undefined {
  const text = host.readText('/etc/resolv.conf');
  if (!hostNetwork && text !== undefined && /^\s*nameserver\s+127\.0\.0\.53\s*$/m.test(text)) {
    return host.readText('/run/systemd/resolve/resolv.conf') ?? text;
  }
  return text;
}

async function releaseFiles(target: { id: string; namespace: string; dataStore: string }): Promise<void> {
  removeDir(etcHostsDir(target.dataStore, target.namespace, target.id));
}

export const noneNetwork: NetworkSetup = { prepare: (req) => prepareFiles(req, 'none'), release: releaseFiles };
export const hostNetwork: NetworkSetup = { prepare: (req) => prepareFiles(req, 'host'), release: releaseFiles };
