// `nerdts push [-q] [--platform p] NAME[:TAG]`: progress on stdout, then docker's digest line.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import type { Output } from '../../output';
import { pushImage } from '../push';
import { progressFor } from './pull';

/** `push` flags and argument. */
export interface PushCommandOptions {
  reference: string;
  platform?: string;
  quiet: boolean;
}

/** Pushes and prints `TAG: digest: sha256:... size: N` (with -q only the full name, as docker). */
export async function push(globals: GlobalOptions, o: PushCommandOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const progress = progressFor(o.quiet, io.isTTY, (t) => io.out(t), io.columns);
  let ok = false;
  try {
    const pushed = await pushImage({ client, globals }, {
      reference: o.reference, progress, ...(o.platform !== undefined && { platform: o.platform }),
    });
    ok = true;
    progress.finish(true);
    io.out(o.quiet ? `${pushed.name}\n` : `${pushed.tag}: digest: ${pushed.digest} size: ${pushed.size}\n`);
    if (pushed.substituted) {
      io.err(`Not all multiplatform-content is present and only the available single-platform image was pushed\n${pushed.substituted.index} -> ${pushed.substituted.manifest}\n`);
    }
  } finally {
    if (!ok) progress.finish(false);
    client.close();
  }
}
