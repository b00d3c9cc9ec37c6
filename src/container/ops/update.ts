// `update`: prints each reference as given once its container is updated; goes on after a failure
// and fails at the end, as docker does.
import { availableParallelism } from 'node:os';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { ExitStatus, NerdtsError, isNerdtsError } from '../../errors';
import type { Output } from '../../output';
import { dataStorePath } from '../../store/data-store';
import { changesResources, updateContainer } from '../update';
import type { UpdateOptions } from '../update';

export interface UpdateCommandOptions extends UpdateOptions {
  containers: string[];
}

/** docker update. */
export async function update(globals: GlobalOptions, o: UpdateCommandOptions, io: Output): Promise<void> {
  const { containers, ...options } = o;
  if (!changesResources(options) && options.restart === undefined) {
    throw new NerdtsError('usage', 'you must provide one or more flags when using this command');
  }
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const ctx = { dataStore: dataStorePath(globals), namespace: globals.namespace };
  let failed = false;
  for (const ref of containers) {
    try {
      await updateContainer(client, ref, { ...options, hostCpus: availableParallelism() }, ctx);
      io.out(`${ref}\n`);
    } catch (err) {
      if (!isNerdtsError(err) || containers.length === 1) throw err;
      io.err(`Error: ${err.message}\n`);
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}
