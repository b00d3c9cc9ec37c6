// `nerdts images`: docker's table (plus PLATFORM and BLOB SIZE), -q, --digests, --no-trunc, --format.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { renderRows } from '../../format';
import type { Output } from '../../output';
import { humanSize, timeAgo } from '../../units';
import { listImages, splitImageName } from '../list';
import type { ImageFilters, ImageRow } from '../list';

export interface ImagesOptions {
  quiet: boolean;
  digests: boolean;
  noTrunc: boolean;
  format?: string;
  filters: ImageFilters;
  /** REPOSITORY[:TAG] argument: docker's shorthand for --filter reference= */
  reference?: string;
}

const HEADERS = {
  Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID', Digest: 'DIGEST', CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT', Platform: 'PLATFORM', Size: 'SIZE', BlobSize: 'BLOB SIZE', Name: 'NAME',
};

/** docker's "2023-05-19 20:19:09 +0000 UTC" */
function goTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** The template view of a row: docker's field names, human-readable values. */
function view(r: ImageRow, noTrunc: boolean): Record<string, unknown> {
  return {
    Containers: 'N/A', CreatedAt: goTime(r.CreatedAt), CreatedSince: r.created ? timeAgo(r.created) : 'N/A',
    Digest: r.Digest, ID: noTrunc ? r.ID : r.ID.slice(7, 19), Repository: r.Repository, SharedSize: 'N/A',
    Size: humanSize(r.Size), Tag: r.Tag, UniqueSize: 'N/A', VirtualSize: humanSize(r.Size),
    Platform: r.Platform, BlobSize: humanSize(r.BlobSize), Name: r.Name, Labels: r.Labels,
  };
}

function defaultFormat(o: Pick<ImagesOptions, 'quiet' | 'digests'>): string {
  if (o.quiet) return '{{.ID}}';
  return `table {{.Repository}}\t{{.Tag}}${o.digests ? '\t{{.Digest}}' : ''}\t{{.ID}}\t{{.CreatedSince}}\t{{.Platform}}\t{{.Size}}\t{{.BlobSize}}`;
}

/** Lists images as docker does. */
export async function images(globals: GlobalOptions, o: ImagesOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const filters = { ...o.filters };
  if (o.reference) filters.reference = [...(filters.reference ?? []), o.reference];
  io.out(renderImages(await listImages(client, globals.snapshotter, filters), o));
}

/** The listing text for rows, as `images` prints it. */
export function renderImages(rows: ImageRow[], o: Pick<ImagesOptions, 'quiet' | 'digests' | 'noTrunc' | 'format'>): string {
  const format = o.format && !o.quiet ? o.format : defaultFormat(o);
  return renderRows(format, rows.map((r) => view(r, o.noTrunc)), HEADERS, { defaultTableFormat: defaultFormat(o) });
}

/** Names for shell completion: familiar `repo:tag` of every record, plus short IDs. */
export async function imageNames(globals: GlobalOptions): Promise<string[]> {
  const client = await openClient(globals, () => undefined);
  const out = new Set<string>();
  for (const r of await client.images.list()) {
    const { repository, tag } = splitImageName(r.name);
    if (repository !== '<none>') out.add(tag === '<none>' ? repository : `${repository}:${tag}`);
  }
  return [...out].sort();
}
