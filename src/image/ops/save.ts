// `nerdts save [-o file] IMAGE...`: the archive goes to a file (written beside it, then renamed into
// place, so a failed save leaves no partial file) or to stdout, never to a terminal.
import { once } from 'node:events';
import { createWriteStream, renameSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { saveImages } from '../save';

/** `save` flags and arguments. */
export interface SaveCommandOptions {
  images: string[];
  /** -o: the archive file; stdout when absent */
  output?: string;
  platform?: string;
}

/** docker's checks on -o before any work (cli/command ValidateOutputPath). */
function validateOutputPath(path: string): void {
  const dir = dirname(path);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new NerdtsError('invalid-argument', `failed to save image: invalid output path: directory "${dir}" does not exist`);
  }
  if (!isDir) throw new NerdtsError('invalid-argument', `failed to save image: invalid output path: "${dir}" must be a directory`);
  try {
    if (statSync(path).isDirectory()) throw new NerdtsError('invalid-argument', `failed to save image: invalid output path: "${path}" is a directory`);
  } catch (err) {
    if (err instanceof NerdtsError) throw err;
  }
}

async function drain(chunks: AsyncIterable<Buffer>, out: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}

async function toFile(chunks: AsyncIterable<Buffer>, path: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.nerdts-${randomBytes(4).toString('hex')}`);
  const out = createWriteStream(temp, { mode: 0o644 });
  try {
    await drain(chunks, out);
    out.end();
    await once(out, 'close');
    renameSync(temp, path);
  } catch (err) {
    out.destroy();
    try { unlinkSync(temp); } catch { /* never created */ }
    throw err;
  }
}

/** Writes the archive of the images; `stdout` is for tests. */
export async function save(globals: GlobalOptions, o: SaveCommandOptions, io: Output, stdout: () => Writable = () => process.stdout): Promise<void> {
  if (o.output === undefined && io.isTTY) {
    throw new NerdtsError('invalid-argument', 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  }
  if (o.output !== undefined) validateOutputPath(o.output);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  try {
    const chunks = await saveImages(client, o.images, o.platform ? { platform: o.platform } : {});
    if (o.output !== undefined) {
      await toFile(chunks, o.output);
    } else {
      const out = stdout();
      await drain(chunks, out);
      await new Promise<void>((resolve, reject) => out.write('', (err) => (err ? reject(err) : resolve())));
    }
  } finally {
    client.close();
  }
}
