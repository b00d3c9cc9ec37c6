// `version`, `info` and `namespace ...` as the CLI runs them.
import type { GlobalOptions } from '../config';
import { openClient } from '../containerd/open';
import { renderRows, renderTemplate } from '../format';
import type { Output } from '../output';
import { humanSize } from '../units';
import { serverComponents, systemInfo } from './info';
import type { ServerComponent } from './info';
import { createNamespace, inspectNamespace, listNamespaces, removeNamespace, updateNamespace } from './namespaces';

const notice = (io: Output) => (l: string): void => io.err(`${l}\n`);

/** The Server block of `version` (containerd, runc). */
export async function serverVersion(globals: GlobalOptions, io: Output): Promise<ServerComponent[]> {
  return serverComponents(await openClient(globals, notice(io)));
}

/** docker info's text layout (the parts that apply), or --format. */
export async function info(globals: GlobalOptions, o: { format?: string }, io: Output): Promise<void> {
  const i = await systemInfo(await openClient(globals, notice(io)), globals);
  if (o.format) { io.out(`${renderTemplate(o.format === 'json' ? '{{json .}}' : o.format, i)}\n`); return; }
  const p = i.Plugins as Record<string, string[]>;
  io.out([
    'Client:', ` Namespace:\t${i.Namespace}`, ` Snapshotter:\t${i.Driver}`, ` Address:\t${i.Address}`, '',
    'Server:', ` Containers: ${i.Containers}`, `  Running: ${i.ContainersRunning}`, `  Paused: ${i.ContainersPaused}`,
    `  Stopped: ${i.ContainersStopped}`, ` Images: ${i.Images}`, ` Server Version: ${i.ServerVersion}`,
    ` Storage Driver: ${i.Driver}`, ` Logging Driver: json-file`, ` Cgroup Driver: ${i.CgroupDriver}`,
    ` Cgroup Version: ${i.CgroupVersion}`, ' Plugins:', `  Log: ${p.Log!.join(' ')}`, `  Network: ${p.Network!.join(' ')}`,
    `  Storage: ${p.Snapshotters!.join(' ')}`, ` Kernel Version: ${i.KernelVersion}`, ` Operating System: ${i.OperatingSystem}`,
    ` OSType: ${i.OSType}`, ` Architecture: ${i.Architecture}`, ` CPUs: ${i.NCPU}`,
    ` Total Memory: ${humanSize(i.MemTotal as number)}`, ` Name: ${i.Name}`, ` ID: ${i.ID}`, ` Data Root: ${i.DataRoot}`, '',
  ].join('\n'));
}

export interface NamespaceListOptions { quiet: boolean; format?: string }

export async function namespaceLs(globals: GlobalOptions, o: NamespaceListOptions, io: Output): Promise<void> {
  const rows = (await listNamespaces(await openClient(globals, notice(io))))
    .map((r) => ({ ...r, Labels: Object.entries(r.Labels).map(([k, v]) => `${k}=${v}`).join(',') }));
  const table = 'table {{.Name}}\t{{.Containers}}\t{{.Images}}\t{{.Volumes}}\t{{.Labels}}';
  const format = o.quiet ? '{{.Name}}' : o.format ?? table;
  io.out(renderRows(format, rows, { Name: 'NAME', Containers: 'CONTAINERS', Images: 'IMAGES', Volumes: 'VOLUMES', Labels: 'LABELS' }, { defaultTableFormat: table }));
}

function labelMap(labels: readonly string[]): Record<string, string> {
  return Object.fromEntries(labels.map((l) => { const eq = l.indexOf('='); return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)]; }));
}

export async function namespaceCreate(globals: GlobalOptions, o: { name: string; labels: string[] }, io: Output): Promise<void> {
  await createNamespace(await openClient(globals, notice(io)), o.name, labelMap(o.labels));
}

export async function namespaceUpdate(globals: GlobalOptions, o: { name: string; labels: string[] }, io: Output): Promise<void> {
  await updateNamespace(await openClient(globals, notice(io)), o.name, labelMap(o.labels));
}

export async function namespaceRm(globals: GlobalOptions, o: { names: string[] }, io: Output): Promise<void> {
  const client = await openClient(globals, notice(io));
  for (const n of o.names) { await removeNamespace(client, n); io.out(`${n}\n`); }
}

export async function namespaceInspect(globals: GlobalOptions, o: { names: string[]; format?: string }, io: Output): Promise<void> {
  const client = await openClient(globals, notice(io));
  const rows = await Promise.all(o.names.map((n) => inspectNamespace(client, n)));
  const docs = rows.map((r) => ({ Name: r.Name, Labels: r.Labels }));
  if (o.format) for (const d of docs) io.out(`${renderTemplate(o.format === 'json' ? '{{json .}}' : o.format, d)}\n`);
  else io.out(`${JSON.stringify(docs, null, 4)}\n`);
}

/** `version --format` through the shared template engine. */
export function formatVersion(format: string, info: unknown): string {
  return `${renderTemplate(format === 'json' ? '{{json .}}' : format, info)}\n`;
}

/** Namespace names for shell completion. */
export async function namespaceNames(globals: GlobalOptions): Promise<string[]> {
  return (await listNamespaces(await openClient(globals, () => undefined))).map((n) => n.Name);
}
