// `container inspect` and the top-level `inspect` (containers first, then images, as docker).
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { openClient } from '../../containerd/open';
import { NerdtsError, isNerdtsError } from '../../errors';
import { renderTemplate } from '../../format';
import { inspectImage } from '../../image/inspect';
import type { Output } from '../../output';
import { inspectContainer } from '../inspect';

export interface InspectOptions {
  names: string[];
  format?: string;
  /** --type: container, image, or both (top-level inspect). */
  type?: 'container' | 'image';
}

type Finder = (client: ContainerdClient, name: string) => Promise<Record<string, unknown>>;

const isMissing = (err: unknown): boolean => isNerdtsError(err) && err.code === 'not-found';

/** The first finder that knows the name; undefined when none does. */
async function findObject(client: ContainerdClient, finders: readonly Finder[], name: string): Promise<Record<string, unknown> | undefined> {
  for (const find of finders) {
    try {
      return await find(client, name);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  return undefined;
}

function print(found: ReadonlyArray<Record<string, unknown>>, format: string | undefined, io: Output): void {
  if (format) for (const f of found) io.out(`${renderTemplate(format === 'json' ? '{{json .}}' : format, f)}\n`);
  else io.out(`${JSON.stringify(found, null, 4)}\n`);
}

/** Prints docker's inspect array (or --format per object); missing names are reported after the rest. */
export async function inspect(globals: GlobalOptions, o: InspectOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const container: Finder = (c, name) => inspectContainer(c, globals, name);
  const image: Finder = (c, name) => inspectImage(c, globals.snapshotter, name);
  const finders = o.type === 'container' ? [container] : o.type === 'image' ? [image] : [container, image];
  const found: Array<Record<string, unknown>> = [];
  const missing: string[] = [];
  for (const name of o.names) {
    const object = await findObject(client, finders, name);
    if (object) found.push(object); else missing.push(name);
  }
  print(found, o.format, io);
  if (missing.length) {
    const what = o.type === 'container' ? 'container' : o.type === 'image' ? 'image' : 'object';
    throw new NerdtsError('not-found', missing.map((m) => `No such ${what}: ${m}`).join('\n'));
  }
}
