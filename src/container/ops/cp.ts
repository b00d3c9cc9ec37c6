// `nerdts cp SRC DST`: exactly one side is CONTAINER:PATH; "-" streams a tar archive.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { usageError } from '../../errors';
import type { Output } from '../../output';
import { copyFromContainer, copyToContainer } from '../copy/copy';
import { splitContainerPath } from '../copy/plan';

export interface CpOptions { source: string; destination: string; archive: boolean; followLink: boolean }

export async function cp(globals: GlobalOptions, o: CpOptions, io: Output): Promise<void> {
  const from = splitContainerPath(o.source);
  const to = splitContainerPath(o.destination);
  if (from && to) throw usageError('copying between containers is not supported');
  if (!from && !to) throw usageError('must specify at least one container source');
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const options = { archive: o.archive, followLink: o.followLink };
  if (to) await copyToContainer(client, globals, o.source, to.container, to.path, options);
  else await copyFromContainer(client, globals, from!.container, from!.path, o.destination, options);
}
