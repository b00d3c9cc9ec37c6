// `top CONTAINER [ps OPTIONS]`: docker's table (tabwriter minwidth 20, padding 3) of the host's ps
// rows that belong to the container.
import { execFile } from 'node:child_process';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { alignColumns } from '../../format';
import type { Output } from '../../output';
import { containerTop } from '../top';
import type { RunPs } from '../top';

export interface TopOptions {
  container: string;
  /** ps options; docker's default -ef when empty. */
  psArgs: string[];
}

const hostPs: RunPs = (args) => new Promise((resolve, reject) => {
  execFile('ps', [...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
    if (err) reject(new Error(stderr || err.message));
    else resolve(stdout);
  });
});

/** Prints the container's processes as docker top does. */
export async function top(globals: GlobalOptions, o: TopOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const result = await containerTop(client, o.container, o.psArgs, hostPs);
  io.out(alignColumns([result.Titles, ...result.Processes], { minWidth: 20, padding: 3 }));
}
