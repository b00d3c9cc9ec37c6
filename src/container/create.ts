// `create`: image -> state dir -> name -> snapshot -> volumes and mounts -> network files -> labels
// and spec -> containerd container record. Each step registers its undo, so a failure at any
// point leaves nothing behind: no record, snapshot, name, directory or volume made for it.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { withDefaults } from '../containerd/rpc';
import { TYPE_URL, packMessage } from '../containerd/typeurl';
import { Options as RuncOptions } from '../containerd/generated/runtime/v2/runc/options/oci';
import { NerdtsError, invalidArgument, isNotFound } from '../errors';
import { ensureDataStore } from '../store/data-store';
import { NameStore, validateContainerName } from '../store/name-store';
import type { NameOwner } from '../store/name-store';
import { createStateDir, removeDir } from '../store/state-dir';
import { VolumeStore } from '../store/volume-store';
import { commandLabel } from './command-label';
import { containerLabels } from './create-labels';
import type { CreateOptions, CreatedContainer, FreshContainer } from './create-options';
import { buildSpec } from './create-spec';
import type { ContainerHost } from './host';
import { realHost } from './host';
import { defaultContainerName } from './id';
import { ensureImage } from './image';
import type { EnsuredImage } from './image';
import { LABELS, checkUserLabels, internalAnnotations, parseLabels } from './labels';
import { resolveLogging, writeLogConfig } from './log-config';
import { parseMountFlag, parseVolumeFlag, resolveMounts } from './mounts';
import type { MountSpec, ResolvedMounts } from './mounts';
import type { NetworkSetup } from './network';
import { networkHooks } from './oci-hooks';
import { checkRestartSupport, parseRestartPolicy } from './restart';
import { writeRestartHint } from './restart-exit';
import { checkHealthOptions, healthLabels, resolveHealthcheck } from './health/config';
import { withMonitorLogger } from './monitor-logging';
import { hostConfigLabels } from './host-config-label';
import { Rollback } from './rollback';
import { openRootfs, readRootfsFile } from './rootfs';
import { parseSignal } from './signals';
import { volumesFromSpecs } from './volumes-from';
import { hostPortProbe } from './port-probe';
import { planPorts, portLabels, resolvePorts, writeNetworkConfig } from './publish';
import type { PortPlan } from './publish';
import { parseEnvFile, resolveEnvFlag, serializeSpec } from './spec';

export type { CreateOptions, CreatedContainer } from './create-options';

export const DEFAULT_RUNTIME = 'io.containerd.runc.v2';
/** A name entry whose container does not exist is reclaimed only after this long (a create may be in flight). */
export const STALE_NAME_AGE_MS = 60_000;
const LEASE_TTL_MS = 60 * 60 * 1000;

/** Everything checked before any side effect, so bad flags fail fast and cheaply. */
interface Plan {
  restart: ReturnType<typeof parseRestartPolicy>;
  userLabels: Record<string, string>;
  env: string[];
  mountSpecs: MountSpec[];
  network: NetworkSetup;
  networks: string[];
  ports: PortPlan;
}

function readUserFile(host: ContainerHost, path: string): string {
  const text = host.readText(path);
  if (text === undefined) throw invalidArgument(`open ${path}: no such file or directory`);
  return text;
}

function plan(o: CreateOptions, host: ContainerHost): Plan {
  if (o.name !== undefined) validateContainerName(o.name);
  if (o.stopSignal) parseSignal(o.stopSignal);
  if (o.health) checkHealthOptions(o.health);
  if (o.stopTimeout !== undefined && !Number.isInteger(o.stopTimeout)) throw invalidArgument(`invalid stop timeout: ${o.stopTimeout}`);
  const userLabels = {
    ...parseLabels(o.labels, (o.labelFiles ?? []).map((name) => ({ name, text: readUserFile(host, name) }))),
    ...o.extraLabels,
  };
  checkUserLabels(userLabels);
  const lookup = (k: string): string | undefined => host.env[k];
  const env = [
    ...(o.envFiles ?? []).flatMap((name) => parseEnvFile(readUserFile(host, name), lookup, name)),
    ...(o.env ?? []).map((v) => resolveEnvFlag(v, lookup)),
  ];
  const cwd = host.cwd();
  const mountSpecs = [...(o.volumes ?? []).map((v) => parseVolumeFlag(v, cwd)), ...(o.mounts ?? []).map((m) => parseMountFlag(m, cwd))];
  const networks = o.networks?.length ? o.networks : ['bridge'];
  return { restart: parseRestartPolicy(o.restart), userLabels, env, mountSpecs, network: host.networks(networks), networks, ports: planPorts(o, networks) };
}

/** Creates a container (docker `create`); on failure everything made for it is removed again. */
export async function createContainer(client: ContainerdClient, globals: GlobalOptions, options: CreateOptions,
  host: ContainerHost = realHost()): Promise<CreatedContainer> {
  const p = plan(options, host);
  await checkRestartSupport(client, p.restart);
  const image = options.resolvedImage ?? await ensureImage(client, globals, options.image, {
    ...(options.pull && { pull: options.pull }), ...(options.platform && { platform: options.platform }),
    ...(options.progress && { progress: options.progress }), ...(options.onPull && { onPull: options.onPull }),
    ...(options.signal && { signal: options.signal }),
  });
  const id = host.randomHex(32);
  const name = options.name ?? defaultContainerName(image.record.name, id);
  const undo = new Rollback();
  const warnings: string[] = [];
  try {
    const fresh = await build({ client, globals, options, host, plan: p, image, id, name, undo, warnings });
    undo.commit();
    return { id, name, image: image.record.name, warnings, fresh };
  } catch (err) {
    await undo.run();
    throw err;
  }
}

interface BuildContext {
  client: ContainerdClient;
  globals: GlobalOptions;
  options: CreateOptions;
  host: ContainerHost;
  plan: Plan;
  image: EnsuredImage;
  id: string;
  name: string;
  undo: Rollback;
  warnings: string[];
}

async function build(b: BuildContext): Promise<FreshContainer> {
  const { client, globals, options: o, host, id, name, undo } = b;
  const dataStore = ensureDataStore(globals);
  const stateDir = createStateDir(dataStore, globals.namespace, id);
  undo.add('state directory', () => removeDir(stateDir));
  const names = new NameStore(dataStore, globals.namespace);
  await names.acquire(name, id, { reclaim: (owner) => reclaimable(client, host, owner) });
  undo.add('name', () => names.release(name, id));

  const lease = `nerdts-create-${id}`;
  await client.leases.create({ id: lease, expiresAt: new Date(host.now() + LEASE_TTL_MS) });
  try {
    const parent = b.image.chainIds[b.image.chainIds.length - 1] ?? '';
    const rootfs = await client.snapshots.prepare(globals.snapshotter, id, { parent }, { lease });
    undo.add('snapshot', () => client.snapshots.remove(globals.snapshotter, id));
    const { mounts, passwd, group } = await readImageFiles(b, rootfs, dataStore);

    const health = resolveHealthcheck(o.health, b.image.config.config?.Healthcheck);
    const logging = withMonitorLogger(resolveLogging({
      ...(o.logDriver && { driver: o.logDriver }), ...(o.logOpts && { opts: o.logOpts }),
      address: globals.address, dataStore, launcher: host.launcher(),
    }), { health, restart: b.plan.restart, launcher: host.launcher(), dataStore, address: globals.address });
    if (logging.config) writeLogConfig(stateDir, logging.config);

    // Registered first: a setup that fails halfway must still be undone.
    const networkLabels: Record<string, string> = {};
    const cni = { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
    undo.add('network', () => b.plan.network.release({ id, namespace: globals.namespace, dataStore, labels: networkLabels, cni }));
    const contribution = await b.plan.network.prepare({
      id, name, namespace: globals.namespace, dataStore, stateDir, networks: b.plan.networks,
      ...(o.hostname && { hostname: o.hostname }), ...(o.domainname && { domainname: o.domainname }),
      ...(o.dns && { dns: o.dns }), ...(o.dnsSearch && { dnsSearch: o.dnsSearch }), ...(o.dnsOptions && { dnsOptions: o.dnsOptions }),
      ...(o.addHosts && { addHosts: o.addHosts }), ...(o.uts === 'host' && { utsHost: true }),
      host: { readText: host.readText, hostname: host.hostname }, cni,
      ...(o.ip && { ip: o.ip }), ...(o.macAddress && { macAddress: o.macAddress }), ...(o.networkAliases && { networkAliases: o.networkAliases }),
    });
    Object.assign(networkLabels, contribution.labels);
    const ports = await resolvePorts(b.plan.ports, {
      imageExposed: Object.keys(b.image.config.config?.ExposedPorts ?? {}), networks: b.plan.networks,
      cni: contribution.needsHooks, probe: host.portProbe ?? hostPortProbe(undefined, undefined, o.replacing),
    });
    b.warnings.push(...ports.warnings);
    if (contribution.needsHooks) writeNetworkConfig(stateDir, ports.mappings);

    const config = b.image.config.config ?? {};
    const labels = containerLabels({
      id, name, namespace: globals.namespace, stateDir, image: b.image, user: b.plan.userLabels, restart: b.plan.restart,
      logging, network: contribution, mountPoints: mounts.points, anonymousVolumes: mounts.anonymousVolumes,
      stopSignal: o.stopSignal || config.StopSignal || 'SIGTERM', ...(o.stopTimeout !== undefined && { stopTimeout: o.stopTimeout }),
      ...((o.user || config.User) && { processUser: o.user || config.User }), autoRemove: Boolean(o.autoRemove),
      privileged: Boolean(o.privileged), ...(o.pidFile && { pidFile: o.pidFile }),
    });
    Object.assign(labels, portLabels(ports));
    Object.assign(labels, healthLabels(health));
    Object.assign(labels, hostConfigLabels(o));
    // What every start sets: written now, a first start needs no label update (lifecycle.ts).
    labels[LABELS.restartExplicitlyStopped] = 'false';
    writeRestartHint(stateDir, b.plan.restart);
    const spec = buildSpec({
      id, globals, options: o, image: b.image, env: b.plan.env, network: contribution, mounts,
      ...(passwd !== undefined && { passwd }), ...(group !== undefined && { group }),
      internalAnnotations: internalAnnotations(labels),
      ...(contribution.needsHooks && { hooks: networkHooks(host.launcher(), globals, host.env, id, contribution.labels[LABELS.networkNamespace] !== undefined) }),
      host,
    });
    Object.assign(labels, commandLabel(spec.process?.args));
    const record = await client.containers.create({
      id, image: b.image.record.name, labels, snapshotter: globals.snapshotter, snapshotKey: id,
      runtime: runtimeOf(o.runtime, globals.cgroupManager),
      spec: { typeUrl: TYPE_URL.spec, value: Buffer.from(serializeSpec(spec)) },
    }, { lease });
    return { record, rootfs };
  } finally {
    await client.leases.delete(lease).catch(() => undefined);
  }
}

/** Reads /etc/passwd and /etc/group and resolves the mounts (seeding volumes) from the image's files. */
async function readImageFiles(b: BuildContext, rootfsMounts: Parameters<typeof openRootfs>[0], dataStore: string):
  Promise<{ mounts: ResolvedMounts; passwd: string | undefined; group: string | undefined }> {
  const view = await openRootfs(rootfsMounts, b.host.mounts);
  try {
    const volumes = new VolumeStore(dataStore, b.globals.namespace);
    const specs = [...b.plan.mountSpecs, ...await volumesFromSpecs(b.client, b.options.volumesFrom ?? [], b.plan.mountSpecs)];
    const mounts = await resolveMounts(specs, {
      volumes, rootfs: view.root, imageVolumes: Object.keys(b.image.config.config?.Volumes ?? {}),
      newVolumeName: () => b.host.randomHex(32),
      onVolumeCreated: (v) => b.undo.add(`volume ${v}`, () => volumes.remove(v)),
    });
    return { mounts, passwd: readRootfsFile(view.root, '/etc/passwd'), group: readRootfsFile(view.root, '/etc/group') };
  } finally {
    await view.release();
  }
}

/** A name held by a container containerd no longer has, and not just being created, may be taken. */
async function reclaimable(client: ContainerdClient, host: ContainerHost, owner: NameOwner): Promise<boolean> {
  if (host.now() - owner.sinceMs < STALE_NAME_AGE_MS) return false;
  try {
    await client.containers.get(owner.id);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

/** containerd's runtime entry: runc v2 with its options (systemd cgroups when that manager is used). */
function runtimeOf(runtime: string | undefined, cgroupManager: GlobalOptions['cgroupManager']): { name: string; options?: ReturnType<typeof packMessage> } {
  const name = runtime && runtime.startsWith('io.containerd.') ? runtime : DEFAULT_RUNTIME;
  if (!name.startsWith('io.containerd.runc.')) return { name };
  const options = withDefaults(RuncOptions, { systemdCgroup: cgroupManager === 'systemd' });
  if (runtime && !runtime.startsWith('io.containerd.')) options.binaryName = runtime;
  if (runtime === '') throw new NerdtsError('invalid-argument', 'empty runtime');
  return { name, options: packMessage(TYPE_URL.runcOptions, RuncOptions, options) };
}
