// `nerdts history [--no-trunc] [-q] [-H] [--format] IMAGE`: docker's table and template fields.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { displayWidth, renderRows } from '../../format';
import type { Output } from '../../output';
import { humanSize, timeAgo } from '../../units';
import { imageHistory } from '../history';
import type { HistoryEntry } from '../history';

/** `history` flags and argument. */
export interface HistoryCommandOptions {
  image: string;
  noTrunc: boolean;
  quiet: boolean;
  /** -H/--human, docker's default true: relative dates and decimal sizes */
  human: boolean;
  format?: string;
  platform?: string;
}

const HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };
const HUMAN_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const PLAIN_TABLE = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
// docker shows no relative date for anything before 2000 (zero and bogus timestamps).
const EPOCH_2000 = Date.UTC(2000, 0, 1);

/** docker's formatter.Ellipsis: at most `max` columns, the last one `…` when cut. */
export function ellipsis(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let width = 0;
  for (const ch of s) {
    const w = displayWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Go's time.RFC3339 in the local zone: 2024-01-02T03:04:05+01:00, `Z` for UTC. */
export function rfc3339Local(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** docker's stringid.TruncateID. */
function truncateId(id: string): string {
  const bare = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
  return bare.slice(0, 12);
}

/** The template view of a row; keys in the order docker's JSON prints them. */
export function historyView(e: HistoryEntry, o: { trunc: boolean; human: boolean; now?: number }): Record<string, string> {
  const created = e.created ?? 0;
  const createdAt = rfc3339Local(created);
  const createdBy = e.createdBy.replace(/\t/g, ' ');
  const since = !o.human ? createdAt : created <= EPOCH_2000 ? '' : timeAgo(created, o.now);
  return {
    Comment: e.comment,
    CreatedAt: createdAt,
    CreatedBy: o.trunc ? ellipsis(createdBy, 45) : createdBy,
    CreatedSince: since,
    ID: o.trunc ? truncateId(e.id) : e.id,
    Size: o.human ? humanSize(e.size) : String(e.size),
  };
}

/** The --format docker uses for these flags. */
export function historyFormat(o: Pick<HistoryCommandOptions, 'format' | 'quiet' | 'human'>): string {
  if (o.format && o.format !== 'table') return o.format;
  if (o.quiet) return '{{.ID}}';
  return o.human ? HUMAN_TABLE : PLAIN_TABLE;
}

/** Prints the history of one image. */
export async function history(globals: GlobalOptions, o: HistoryCommandOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  try {
    const rows = await imageHistory(client, globals.snapshotter, o.image, o.platform);
    const views = rows.map((r) => historyView(r, { trunc: !o.noTrunc, human: o.human }));
    io.out(renderRows(historyFormat(o), views, HEADERS, { missingKey: 'struct', typeName: '*image.historyContext' }));
  } finally {
    client.close();
  }
}
