// `ps` (container ls): docker's table, -q, -s, --no-trunc, --format over the library's rows.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { alignTabbed, renderRows } from '../../format';
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

const DEFAULT_COLUMNS = ['ID', 'Image', 'Command', 'RunningFor', 'Status', 'Ports', 'Names'] as const;

/** True when ps prints its own table or -q, which need only the default columns. */
const isDefaultFormat = (o: Pick<PsOptions, 'quiet' | 'format'>): boolean => o.quiet || !o.format || o.format === 'table';

/** The listing text for rows, as `ps` prints it. */
export function renderContainers(rows: readonly ContainerRow[], o: Pick<PsOptions, 'quiet' | 'size' | 'format'>): string {
  if (isDefaultFormat(o)) return renderDefault(rows, o);
  return renderRows(o.format!, rows, HEADERS, { defaultTableFormat: defaultFormat(o) });
}

/** What the template engine would make of defaultFormat (fields are plain strings), without it. */
function renderDefault(rows: readonly ContainerRow[], o: Pick<PsOptions, 'quiet' | 'size'>): string {
  if (o.quiet) return rows.map((r) => `${r.ID}\n`).join('');
  const columns: ReadonlyArray<keyof ContainerRow> = o.size ? [...DEFAULT_COLUMNS, 'Size'] : DEFAULT_COLUMNS;
  let text = `${columns.map((k) => HEADERS[k]).join('\t')}\n`;
  for (const r of rows) text += `${columns.map((k) => r[k]).join('\t')}\n`;
  return alignTabbed(text);
}

/** Lists containers as docker ps does. */
export async function ps(globals: GlobalOptions, o: PsOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const { quiet, format, ...list } = o;
  // -s in a custom format is only computed when the format asks for it (docker does the same).
  const size = Boolean(list.size) || (format !== undefined && format.includes('.Size'));
  const entries = await listContainers(client, globals, { ...list, size, lean: isDefaultFormat(o) });
  io.out(renderContainers(entries.map((e) => e.row), { quiet, size: Boolean(list.size), ...(format !== undefined && { format }) }));
}

/** Container names for shell completion (every state). */
export async function containerNames(globals: GlobalOptions): Promise<string[]> {
  const client = await openClient(globals, () => undefined);
  const entries = await listContainers(client, globals, { all: true });
  return entries.map((e) => e.name).filter((n) => n !== '').sort();
}
