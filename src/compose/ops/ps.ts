// `nerdts compose ps` and `compose ls`: the project's containers (NAME IMAGE COMMAND SERVICE
// CREATED STATUS PORTS) and the projects themselves (NAME STATUS CONFIG FILES), from labels.
import type { GlobalOptions } from '../../config';
import { livePorts } from '../../container/port-view';
import type { PublishedPort } from '../../container/ports';
import { readText } from '../../container/record-facts';
import { isLive, stateDirOf } from '../../container/task-state';
import { renderRows } from '../../format';
import { dataStorePath } from '../../store/data-store';
import type { Output } from '../../output';
import { COMPOSE_LABELS } from '../runtime/labels';
import { projectContainers } from '../runtime/project-state';
import type { ProjectEntry } from '../runtime/project-state';
import { connect, projectOrName } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface PsOptions {
  project: ComposeProjectFlags;
  services: string[];
  all: boolean;
  quiet: boolean;
  listServices: boolean;
  format?: string;
  /** --status values. */
  status: string[];
}

/** One published (or only exposed: PublishedPort 0) port, as docker compose's Publishers lists it. */
export interface PortPublisher { URL: string; TargetPort: number; PublishedPort: number; Protocol: string }

/** docker compose's ps row: its formatter's fields, in the order its JSON prints them (sorted). */
export interface ComposePsRow {
  Command: string; CreatedAt: string; ExitCode: number; Health: string; ID: string; Image: string; Labels: string;
  LocalVolumes: string; Mounts: string; Name: string; Names: string; Networks: string; Ports: string; Project: string;
  Publishers: PortPublisher[]; RunningFor: string; Service: string; Size: string; State: string; Status: string;
}

const HEADERS = { Name: 'NAME', Image: 'IMAGE', Command: 'COMMAND', Service: 'SERVICE', RunningFor: 'CREATED', Status: 'STATUS', Ports: 'PORTS' };
const TABLE = 'table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}';

/** Publishers from the live port bindings and exposed ports, sorted by container port (docker compose). */
export function portPublishers(mappings: readonly PublishedPort[], exposed: readonly string[]): PortPublisher[] {
  const out: PortPublisher[] = mappings.map((m) => ({ URL: m.hostIP, TargetPort: m.containerPort, PublishedPort: m.hostPort, Protocol: m.protocol }));
  for (const key of exposed) {
    const [port, protocol = 'tcp'] = key.split('/');
    const target = Number(port);
    if (!out.some((p) => p.TargetPort === target && p.Protocol === protocol)) out.push({ URL: '', TargetPort: target, PublishedPort: 0, Protocol: protocol });
  }
  return out.sort((a, b) => a.TargetPort - b.TargetPort);
}

/** The row of one container; `publishers` are its live ports. Health and ExitCode as docker compose reports them. */
export function psRow(c: ProjectEntry, publishers: PortPublisher[] = []): ComposePsRow {
  const r = c.entry.row;
  const running = r.State === 'running';
  const stopped = r.State === 'exited' || r.State === 'dead';
  const health = running && c.entry.health && c.entry.health !== 'none' ? c.entry.health : '';
  return {
    Command: r.Command, CreatedAt: r.CreatedAt, ExitCode: stopped ? c.entry.task?.exitStatus ?? 0 : 0, Health: health, ID: r.ID,
    Image: r.Image, Labels: r.Labels, LocalVolumes: r.LocalVolumes, Mounts: r.Mounts, Name: c.name, Names: c.name,
    Networks: r.Networks, Ports: r.Ports, Project: c.labels[COMPOSE_LABELS.project] ?? '', Publishers: publishers,
    RunningFor: r.RunningFor, Service: c.service, Size: r.Size, State: r.State, Status: r.Status,
  };
}

/** The live port publishers of a listed container. */
function publishersOf(globals: GlobalOptions, c: ProjectEntry): PortPublisher[] {
  const stateDir = stateDirOf(c.entry.container, dataStorePath(globals), globals.namespace);
  const { mappings, exposed } = livePorts(c.entry.container, stateDir, isLive(c.entry.task), readText);
  return portPublishers(mappings, exposed);
}

function selected(c: ProjectEntry, o: PsOptions): boolean {
  if (c.oneoff && !o.all) return false;
  if (o.services.length && !o.services.includes(c.service)) return false;
  if (o.status.length) return o.status.includes(c.state);
  return o.all || c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
}

/** Runs `compose ps`. */
export async function ps(globals: GlobalOptions, o: PsOptions, io: Output): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const rows = (await projectContainers(client, globals, name)).filter((c) => selected(c, o))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (o.listServices) { io.out([...new Set(rows.map((c) => c.service))].map((s) => `${s}\n`).join('')); return; }
  if (o.quiet) { io.out(rows.map((c) => `${c.id}\n`).join('')); return; }
  const format = o.format === undefined || o.format === '' || o.format === 'table' ? TABLE : o.format;
  io.out(renderRows(format, rows.map((c) => psRow(c, publishersOf(globals, c))), HEADERS, { defaultTableFormat: TABLE }));
}

export interface LsOptions { all: boolean; quiet: boolean; format?: string; filters: string[] }

/** `running(2)`, `exited(1), running(1)`: docker compose's project status (states sorted). */
export function projectStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.keys()].sort().map((s) => `${s}(${counts.get(s)})`).join(', ');
}

/** Runs `compose ls`. */
export async function ls(globals: GlobalOptions, o: LsOptions, io: Output): Promise<void> {
  const client = await connect(globals, io);
  const byProject = new Map<string, ProjectEntry[]>();
  for (const c of await projectContainers(client, globals, undefined)) {
    const p = c.labels[COMPOSE_LABELS.project]!;
    byProject.set(p, [...(byProject.get(p) ?? []), c]);
  }
  const nameFilter = o.filters.filter((f) => f.startsWith('name=')).map((f) => f.slice(5));
  const rows = [...byProject.entries()].sort(([a], [b]) => a.localeCompare(b))
    .filter(([p, cs]) => (o.all || cs.some((c) => c.state === 'running')) && (!nameFilter.length || nameFilter.some((n) => p.includes(n))))
    .map(([p, cs]) => ({ Name: p, Status: projectStatus(cs.map((c) => c.state)), ConfigFiles: cs[0]!.labels[COMPOSE_LABELS.configFiles] ?? '' }));
  if (o.quiet) { io.out(rows.map((r) => `${r.Name}\n`).join('')); return; }
  // docker compose prints ls's JSON as one array (ps prints one object per line).
  if (o.format === 'json') { io.out(`${JSON.stringify(rows)}\n`); return; }
  const table = 'table {{.Name}}\t{{.Status}}\t{{.ConfigFiles}}';
  const format = o.format === undefined || o.format === '' || o.format === 'table' ? table : o.format;
  io.out(renderRows(format, rows, { Name: 'NAME', Status: 'STATUS', ConfigFiles: 'CONFIG FILES' }, { defaultTableFormat: table }));
}
