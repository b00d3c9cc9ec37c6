// `nerdts container prune [-f] [--filter ...]`: docker's warning and report.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { humanSize } from '../../units';
import { pruneContainers } from '../prune';

export interface ContainerPruneOptions {
  force: boolean;
  filters: string[];
  /** Asks the user (docker's warning text); absent means the caller already did. */
  confirm?: (warning: string) => Promise<boolean>;
}

/** Prunes stopped containers: "Deleted Containers:", the IDs, a blank line, the total. */
export async function containerPrune(globals: GlobalOptions, o: ContainerPruneOptions, io: Output): Promise<void> {
  if (!o.force && o.confirm && !(await o.confirm('WARNING! This will remove all stopped containers.'))) {
    throw new NerdtsError('canceled', 'container prune has been cancelled');
  }
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const { deleted, reclaimed } = await pruneContainers(client, globals, { filters: o.filters });
  io.out(`${deleted.length ? `Deleted Containers:\n${deleted.map((d) => `${d}\n`).join('')}\n` : ''}Total reclaimed space: ${humanSize(reclaimed)}\n`);
}
