// `import` (and later `save`/`load`) as the CLI runs them.
import { createReadStream, statSync } from 'node:fs';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { importImage } from '../import';

export interface ImportCommandOptions {
  file: string;
  reference?: string;
  changes: string[];
  message?: string;
  platform?: string;
}

/** Opens a file argument, or stdin for '-', with a one-line error for unreadable paths. */
export function openSource(file: string): AsyncIterable<Uint8Array> {
  if (file === '-') return createReadStream('', { fd: 0, highWaterMark: 1 << 20 });
  try {
    if (statSync(file).isDirectory()) throw new NerdtsError('invalid-argument', `${file} is a directory, not an archive`);
  } catch (err) {
    if (err instanceof NerdtsError) throw err;
    throw new NerdtsError('invalid-argument', `open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

/** Imports and prints the image ID, as docker does. */
export async function importCommand(globals: GlobalOptions, o: ImportCommandOptions, io: Output): Promise<void> {
  const source = openSource(o.file);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const id = await importImage(client, {
    source, sourceName: o.file === '-' ? '-' : o.file, changes: o.changes, snapshotter: globals.snapshotter,
    ...(o.reference && { reference: o.reference }), ...(o.message && { message: o.message }), ...(o.platform && { platform: o.platform }),
  });
  io.out(`${id}\n`);
}
