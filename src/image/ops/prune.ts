// `nerdts image prune [-a] [-f] [--filter ...]`: docker's report. Asking for confirmation is the
// CLI's job: it passes `confirm` (called unless force) or has already asked.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { humanSize } from '../../units';
import { pruneImages, pruneWarning } from '../prune';
import type { PruneResult } from '../prune';

/** `image prune` flags, plus the CLI's confirmation prompt. */
export interface ImagePruneOptions {
  all: boolean;
  force: boolean;
  filters: string[];
  /** Asks the user (docker's warning text); absent means the caller already did. */
  confirm?: (warning: string) => Promise<boolean>;
}

/** docker's output: `Deleted Images:` with one line per item, a blank line, then the total. */
export function pruneReport(result: PruneResult): string {
  let out = '';
  if (result.items.length) {
    out += 'Deleted Images:\n';
    for (const item of result.items) out += 'untagged' in item ? `untagged: ${item.untagged}\n` : `deleted: ${item.deleted}\n`;
    out += '\n';
  }
  return `${out}Total reclaimed space: ${humanSize(result.reclaimed)}\n`;
}

/** Prunes images and prints docker's report. */
export async function imagePrune(globals: GlobalOptions, o: ImagePruneOptions, io: Output): Promise<void> {
  if (!o.force && o.confirm && !(await o.confirm(pruneWarning(o.all)))) {
    throw new NerdtsError('canceled', 'image prune has been cancelled');
  }
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  try {
    io.out(pruneReport(await pruneImages(client, globals.snapshotter, { all: o.all, filters: o.filters })));
  } finally {
    client.close();
  }
}
