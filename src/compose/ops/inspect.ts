// The read-only per-service commands: `compose port` (one replica's host address for a private
// port), `compose top` (each container's processes under its name) and `compose images` (the
// image of each container), all found through labels.
import { execFile } from 'node:child_process';
import type { GlobalOptions } from '../../config';
import { port } from '../../container/ops/port';
import { containerTop } from '../../container/top';
import type { RunPs } from '../../container/top';
import { alignColumns, renderRows } from '../../format';
import { listImages } from '../../image/list';
import type { Output } from '../../output';
import { humanSize } from '../../units';
import { serviceContainers, serviceReplica } from '../runtime/service-target';
import { connect, projectOrName } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface ComposePortOptions {
  project: ComposeProjectFlags;
  service: string;
  privatePort: string;
  /** --protocol, tcp by default. */
  protocol?: string;
  index?: number;
}

/** Prints the public address bound to the service's private port (docker's error when none). */
export async function composePort(globals: GlobalOptions, o: ComposePortOptions, io: Output): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const target = await serviceReplica(client, globals, name, o.service, o.index ?? 1);
  const spec = o.privatePort.includes('/') ? o.privatePort : `${o.privatePort}/${o.protocol ?? 'tcp'}`;
  await port(globals, { container: target.id, port: spec }, io);
}

const hostPs: RunPs = (args) => new Promise((resolve, reject) => {
  execFile('ps', [...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
    if (err) reject(new Error(stderr || err.message));
    else resolve(stdout);
  });
});

export interface ComposeListOptions { project: ComposeProjectFlags; services: string[] }

/** Prints each running container's name, then its `ps -ef` rows as docker top aligns them. */
export async function composeTop(globals: GlobalOptions, o: ComposeListOptions, io: Output, runPs: RunPs = hostPs): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const running = (await serviceContainers(client, globals, name, o.services)).filter((c) => c.state === 'running');
  const blocks: string[] = [];
  for (const c of running) {
    const top = await containerTop(client, c.id, [], runPs);
    blocks.push(`${c.name}\n${alignColumns([top.Titles, ...top.Processes], { minWidth: 20, padding: 3 })}`);
  }
  if (blocks.length) io.out(blocks.join('\n'));
}

export interface ComposeImagesOptions extends ComposeListOptions { quiet: boolean; format?: string }

const IMAGES_TABLE = 'table {{.ContainerName}}\t{{.Repository}}\t{{.Tag}}\t{{.ImageID}}\t{{.Size}}';
const IMAGES_HEADERS = { ContainerName: 'CONTAINER', Repository: 'REPOSITORY', Tag: 'TAG', ImageID: 'IMAGE ID', Size: 'SIZE' };

/** Prints the image of each of the project's containers (CONTAINER REPOSITORY TAG IMAGE ID SIZE). */
export async function composeImages(globals: GlobalOptions, o: ComposeImagesOptions, io: Output): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const containers = await serviceContainers(client, globals, name, o.services);
  const images = await listImages(client, globals.snapshotter);
  const rows = containers.map((c) => {
    const img = images.find((i) => i.Name === c.entry.container.image) ?? images.find((i) => i.ID === c.labels['com.docker.compose.image']);
    const id = (img?.ID ?? c.labels['com.docker.compose.image'] ?? '').replace(/^sha256:/, '');
    return {
      ContainerName: c.name, Repository: img?.Repository ?? c.entry.container.image, Tag: img?.Tag ?? '',
      ImageID: o.format === 'json' ? id : id.slice(0, 12), ID: id, Size: img ? humanSize(img.Size) : '',
    };
  });
  if (o.quiet) { io.out([...new Set(rows.map((r) => r.ID))].filter(Boolean).map((id) => `${id}\n`).join('')); return; }
  const format = o.format === undefined || o.format === '' || o.format === 'table' ? IMAGES_TABLE : o.format;
  io.out(renderRows(format, rows, IMAGES_HEADERS, { defaultTableFormat: IMAGES_TABLE }));
}
