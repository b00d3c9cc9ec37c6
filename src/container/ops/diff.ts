// `nerdts diff CONTAINER`: one "<kind> <path>" line per change.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import type { Output } from '../../output';
import { containerChanges } from '../diff';

export async function diff(globals: GlobalOptions, o: { container: string }, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const changes = await containerChanges(client, globals, o.container);
  io.out(changes.map((c) => `${c.kind} ${c.path}\n`).join(''));
}
