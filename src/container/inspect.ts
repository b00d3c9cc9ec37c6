// Gathers what `container inspect` shows: the record, its task, image ID, paths and decoded labels,
// then shapes it as docker's JSON (src/inspect/container.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { timestampToIso, timestampToMillis } from '../containerd/types';
import type { Process } from '../containerd/types';
import { TYPE_URL, unpackJson } from '../containerd/typeurl';
import { isNotFound } from '../errors';
import { loadImage } from '../image/local';
import { hostPlatform, platformMatcher } from '../image/platform';
import { containerInspect } from '../inspect/container';
import type { InspectSpec } from '../inspect/container';
import { dataStorePath } from '../store/data-store';
import { etcHostsDir } from '../store/state-dir';
import { containerEndpoints } from '../network/endpoints';
import { readHostsMeta } from '../network/hosts-store';
import { LABELS, decodeJson, decodeMounts, decodeStringList } from './labels';
import { displayImage } from './list';
import type { ListHost } from './list';
import { hostListHost } from './list';
import { jsonLogPath } from './log-config';
import type { LogConfig } from './log-config';
import { findContainer } from './lookup';
import { restartPolicyFromLabels } from './restart';
import { DEFAULT_CAPABILITIES } from './spec';
import { containerState } from './status';
import { stateDirOf, taskOf } from './task-state';
import { inspectPorts } from './port-view';
import { healthFacts } from './health/query';
import { decodeHostConfigLabels } from './host-config-label';
import { attachFields } from './stdio/config';
import { readStdioConfig } from './stdio/paths';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** NetworkSettings.Networks from the hosts meta, for CNI containers only (host/none keep docker's empty ones). */
function cniEndpoints(id: string, networks: string[], dataStore: string, namespace: string): { endpoints?: Record<string, Record<string, unknown>> } {
  const cni = networks.length === 0 || networks.some((n) => n !== 'host' && n !== 'none' && !n.startsWith('container:'));
  return cni ? { endpoints: containerEndpoints(readHostsMeta(dataStore, namespace, id), networks.length ? networks : ['bridge'], id) } : {};
}
const readOptional = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };

async function imageFacts(client: ContainerdClient, name: string): Promise<{ id: string; entrypoint: string[] | null; volumes: Record<string, object> | null }> {
  try {
    const img = await loadImage(client, await client.images.get(name), platformMatcher(hostPlatform(), { osOnly: true }));
    return { id: img.id, entrypoint: img.config.config?.Entrypoint ?? null, volumes: img.config.config?.Volumes ?? null };
  } catch (err) {
    if (isNotFound(err)) return { id: '', entrypoint: null, volumes: null };
    throw err;
  }
}

function startedAt(task: Process | undefined, stateDir: string, host: ListHost): string {
  if (!task) return ZERO_TIME;
  const fromProc = task.pid ? host.processStart(task.pid) : undefined;
  if (fromProc !== undefined) return new Date(fromProc).toISOString();
  try {
    return (JSON.parse(readFileSync(join(stateDir, 'lifecycle.json'), 'utf8')) as { started_at?: string }).started_at ?? ZERO_TIME;
  } catch {
    return ZERO_TIME;
  }
}

function logFacts(c: Container, stateDir: string): { path: string; config: { Type: string; Config: Record<string, string> } } {
  const config = decodeJson<LogConfig>(c.labels[LABELS.logConfig]);
  const uri = c.labels[LABELS.logUri] ?? '';
  const type = uri === 'none' ? 'none' : config?.driver || (uri ? uri.replace(/:.*$/, '') : 'none');
  const path = type === 'json-file' ? config?.opts?.['log-path'] || jsonLogPath(stateDir, c.id) : '';
  return { path, config: { Type: type, Config: config?.opts ?? {} } };
}

/** docker's inspect object for the container `ref` names. */
export async function inspectContainer(client: ContainerdClient, globals: GlobalOptions, ref: string,
  host: ListHost = hostListHost): Promise<Record<string, unknown>> {
  const c = await findContainer(client, ref);
  const [task, image] = await Promise.all([taskOf(client, c.id), imageFacts(client, c.image)]);
  const dataStore = dataStorePath(globals);
  const stateDir = stateDirOf(c, dataStore, globals.namespace);
  const spec = unpackJson<InspectSpec>(c.spec, TYPE_URL.spec);
  const status = containerState({ ...(task && { task }), restartStatus: c.labels[LABELS.restartStatus] });
  const dns = decodeJson<{ DNSServers?: string[] | null; DNSResolvConfOptions?: string[] | null; DNSSearchDomains?: string[] | null }>(c.labels[LABELS.dns]);
  const log = logFacts(c, stateDir);
  const policy = restartPolicyFromLabels(c.labels);
  const stopTimeout = Number(c.labels[LABELS.stopTimeout]);
  const ports = inspectPorts(c, stateDir, status === 'running' || status === 'paused', readOptional);
  return containerInspect({
    id: c.id,
    created: timestampToIso(c.createdAt),
    name: c.labels[LABELS.name] ?? '',
    imageId: image.id,
    imageName: displayImage(c.image),
    spec,
    state: {
      status, pid: status === 'running' || status === 'paused' ? task?.pid ?? 0 : 0, exitCode: task?.exitStatus ?? 0,
      error: c.labels[LABELS.error] ?? '', startedAt: startedAt(task, stateDir, host),
      finishedAt: timestampToMillis(task?.exitedAt) ? timestampToIso(task!.exitedAt) : ZERO_TIME,
    },
    restartCount: Number(c.labels[LABELS.restartCount] ?? 0) || 0,
    resolvConfPath: join(stateDir, 'resolv.conf'),
    hostnamePath: join(stateDir, 'hostname'),
    hostsPath: join(etcHostsDir(dataStore, globals.namespace, c.id), 'hosts'),
    logPath: log.path,
    snapshotter: c.snapshotter,
    runtime: c.runtime?.name ?? '',
    labels: c.labels,
    mounts: decodeMounts(c.labels),
    restartPolicy: { Name: policy.name, MaximumRetryCount: policy.maxRetries },
    logConfig: log.config,
    autoRemove: c.labels[LABELS.autoRemove] === 'true',
    networks: decodeStringList(c.labels, LABELS.networks),
    ...cniEndpoints(c.id, decodeStringList(c.labels, LABELS.networks), dataStore, globals.namespace),
    privileged: c.labels[LABELS.privileged] === 'true',
    defaultCapabilities: DEFAULT_CAPABILITIES,
    user: c.labels[LABELS.user] ?? '',
    domainname: c.labels[LABELS.domainname] ?? '',
    dns: { servers: dns?.DNSServers ?? [], options: dns?.DNSResolvConfOptions ?? [], search: dns?.DNSSearchDomains ?? [] },
    extraHosts: decodeStringList(c.labels, LABELS.extraHosts),
    imageEntrypoint: image.entrypoint,
    imageVolumes: image.volumes,
    exposedPorts: ports.exposedPorts, portBindings: ports.portBindings, ports: ports.ports,
    stopSignal: c.labels[LABELS.stopSignal] ?? '',
    ...(c.labels[LABELS.stopTimeout] && Number.isInteger(stopTimeout) && { stopTimeout }),
    ...healthFacts(c, { dataStore, namespace: globals.namespace }),
    ...decodeHostConfigLabels(c.labels),
    attach: attachFields(readStdioConfig(stateDir)),
  });
}
