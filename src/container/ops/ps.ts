// `ps` (container ls): docker's table, -q, -s, --no-trunc, --format over the library's rows.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { renderRows } from '../../format';
import type { Output } from '../../output';
import { listContainers } from '../list';
import type { ContainerRow, ListOptions } from '../list';

export interface PsOptions extends ListOptions {
  quiet: boolean;
  format?: string;
}

const HEADERS = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
};

function defaultFormat(o: Pick<PsOptions, 'quiet' | 'size'>): string {
  if (o.quiet) return '{{.ID}}';
  return `table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}${o.size ? '\t{{.Size}}' : ''}`;
}

/** The listing text for rows, as `ps` prints it. */
export function renderContainers(rows: readonly ContainerRow[], o: Pick<PsOptions, 'quiet' | 'size' | 'format'>): string {
  const format = o.format && !o.quiet ? o.format : defaultFormat(o);
  return renderRows(format, rows, HEADERS, { defaultTableFormat: defaultFormat(o) });
}

/** Lists containers as docker ps does. */
export async function ps(globals: GlobalOptions, o: PsOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const { quiet, format, ...list } = o;
  // -s in a custom format is only computed when the format asks for it (docker does the same).
  const size = Boolean(list.size) || (format !== undefined && format.includes('.Size'));
  const entries = await listContainers(client, globals, { ...list, size });
  io.out(renderContainers(entries.map((e) => e.row), { quiet, size: Boolean(list.size), ...(format !== undefined && { format }) }));
}

/** Container names for shell completion (every state). */
export async function containerNames(globals: GlobalOptions): Promise<string[]> {
  const client = await openClient(globals, () => undefined);
  const entries = await listContainers(client, globals, { all: true });
  return entries.map((e) => e.name).filter((n) => n !== '').sort();
}
