// `top`: the host's `ps` output cut down to the processes of one container, as docker does it
// (run ps with the user's options, keep the header, keep the rows whose PID the task lists).
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError } from '../errors';
import { findContainer } from './lookup';
import { isLive, taskOf } from './task-state';

/** docker's ContainerTopOKBody: column titles and one row of cells per process. */
export interface TopResult {
  Titles: string[];
  Processes: string[][];
}

/** Runs `ps` with arguments; resolves with its stdout or rejects with its error text. */
export type RunPs = (args: readonly string[]) => Promise<string>;

/** docker's default ps options. */
export const DEFAULT_PS_ARGS: readonly string[] = ['-ef'];

/** Keeps the rows of `ps` output whose PID column is one of `pids` (pure). */
export function filterPsOutput(output: string, pids: ReadonlySet<number>): TopResult {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const titles = (lines[0] ?? '').trim().split(/\s+/).filter(Boolean);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex === -1) throw new NerdtsError('invalid-argument', "Couldn't find PID field in ps output");
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    // The last column (CMD/COMMAND) holds spaces: it takes every remaining word.
    const row = fields.slice(0, titles.length - 1);
    row.push(fields.slice(titles.length - 1).join(' '));
    const pid = Number(row[pidIndex]);
    if (!Number.isInteger(pid)) throw new NerdtsError('invalid-argument', `Unexpected pid '${row[pidIndex]}'`);
    if (pids.has(pid)) processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}

/** The processes of a running container, as `ps ARGS` shows them; docker's error when it is not running. */
export async function containerTop(client: ContainerdClient, ref: string, psArgs: readonly string[], runPs: RunPs): Promise<TopResult> {
  const c = await findContainer(client, ref);
  const task = await taskOf(client, c.id);
  if (!isLive(task)) throw new NerdtsError('failed-precondition', `container ${c.id} is not running`);
  const pids = new Set((await client.tasks.listPids(c.id)).map((p) => p.pid));
  const args = psArgs.length ? psArgs : DEFAULT_PS_ARGS;
  let output: string;
  try {
    output = await runPs(args);
  } catch (err) {
    throw new NerdtsError('invalid-argument', `ps: ${(err as Error).message.trim()}`, { cause: err });
  }
  return filterPsOutput(output, pids);
}
