// `nerdts pull`: progress on stdout (bars on a terminal, lines otherwise), then the full name.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import type { Output } from '../../output';
import { plainProgress, silentProgress, ttyProgress } from '../progress';
import type { ProgressSink } from '../progress';
import { pullImage } from '../pull';

export interface PullCommandOptions {
  reference: string;
  platform?: string;
  quiet: boolean;
  unpack?: boolean;
}

/** Picks the progress display for a stream. */
export function progressFor(quiet: boolean, tty: boolean, write: (t: string) => void, columns: number): ProgressSink {
  if (quiet) return silentProgress;
  return tty ? ttyProgress(write, columns) : plainProgress(write);
}

/** Pulls and prints the image name (docker prints it last). */
export async function pull(globals: GlobalOptions, o: PullCommandOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const progress = progressFor(o.quiet, io.isTTY, (t) => io.out(t), io.columns);
  let ok = false;
  try {
    const pulled = await pullImage({ client, globals }, {
      reference: o.reference, progress,
      ...(o.platform !== undefined && { platform: o.platform }), ...(o.unpack !== undefined && { unpack: o.unpack }),
    });
    ok = true;
    progress.finish(true);
    io.out(`${pulled.name}\n`);
  } finally {
    if (!ok) progress.finish(false);
  }
}
