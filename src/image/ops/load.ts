// `nerdts load [-i file] [-q]`: loads an archive from a file or stdin and prints docker's lines.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { loadArchive } from '../load';
import { openSource } from './archive';

/** `load` flags. */
export interface LoadCommandOptions {
  /** -i: the archive; stdin when absent or `-` */
  input?: string;
  /** -q: docker suppresses its progress; the result lines are printed either way */
  quiet: boolean;
  platform?: string;
}

/** Loads and prints `Loaded image: NAME` per tag, `Loaded image ID: ID` for untagged images. */
export async function load(globals: GlobalOptions, o: LoadCommandOptions, io: Output & { readonly stdinIsTTY?: boolean }): Promise<void> {
  const fromStdin = o.input === undefined || o.input === '-';
  if (fromStdin && io.stdinIsTTY) throw new NerdtsError('invalid-argument', 'requested load from stdin, but stdin is empty');
  const source = openSource(fromStdin ? '-' : o.input!);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  try {
    const result = await loadArchive(client, {
      source, sourceName: fromStdin ? 'stdin' : o.input!, snapshotter: globals.snapshotter,
      ...(o.platform && { platform: o.platform }),
    });
    for (const img of result.images) {
      if (img.names.length) for (const n of img.names) io.out(`Loaded image: ${n}\n`);
      else io.out(`Loaded image ID: ${img.id}\n`);
    }
  } finally {
    client.close();
  }
}
