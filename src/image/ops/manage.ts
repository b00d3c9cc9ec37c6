// `rmi`, `tag` and `image inspect` as the CLI runs them: connect, call, print docker's output.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError, isNerdtsError } from '../../errors';
import { renderTemplate } from '../../format';
import type { Output } from '../../output';
import { inspectImage } from '../inspect';
import { removeImage } from '../remove';
import { tagImage } from '../tag';

/** Removes each image; reports every failure and fails at the end, as docker does. */
export async function rmi(globals: GlobalOptions, o: { images: string[]; force: boolean }, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  let failed: NerdtsError | undefined;
  for (let i = 0; i < o.images.length; i++) {
    try {
      const r = await removeImage(client, o.images[i]!, o.force, i === o.images.length - 1);
      for (const u of r.untagged) io.out(`Untagged: ${u}\n`);
      for (const d of r.deleted) io.out(`Deleted: ${d}\n`);
    } catch (err) {
      if (!isNerdtsError(err) || o.images.length === 1) throw err;
      io.err(`Error response from daemon: ${err.message}\n`);
      failed = err;
    }
  }
  if (failed) throw new NerdtsError(failed.code, 'some images could not be removed', { exitCode: 1 });
}

export async function tag(globals: GlobalOptions, o: { source: string; target: string }, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  await tagImage(client, o.source, o.target);
}

/** Prints the JSON array (or --format per image); missing images are reported after the rest. */
export async function inspect(globals: GlobalOptions, o: { images: string[]; format?: string }, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const found: Array<Record<string, unknown>> = [];
  const missing: string[] = [];
  for (const name of o.images) {
    try {
      found.push(await inspectImage(client, globals.snapshotter, name));
    } catch (err) {
      if (!isNerdtsError(err) || err.code !== 'not-found') throw err;
      missing.push(name);
    }
  }
  if (o.format) for (const f of found) io.out(`${renderTemplate(o.format === 'json' ? '{{json .}}' : o.format, f)}\n`);
  else io.out(`${JSON.stringify(found, null, 4)}\n`);
  if (missing.length) throw new NerdtsError('not-found', missing.map((m) => `No such image: ${m}`).join('\n'));
}
