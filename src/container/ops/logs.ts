// `nerdts logs`: the container's json-file log, with docker's -f, --tail, -t, --since, --until.
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { TaskStatus } from '../../containerd/types';
import { NerdtsError, isNotFound } from '../../errors';
import { jsonFileLimits, readLogConfig } from '../../logging/config';
import { jsonLogPath, loggerLockPath } from '../../logging/paths';
import { readLogs } from '../../logging/read';
import { parseLogTime } from '../../logging/time';
import type { Output } from '../../output';
import { dataStorePath } from '../../store/data-store';
import { findContainer } from '../lookup';

export interface LogsOptions {
  container: string;
  follow: boolean;
  /** docker's -n/--tail: a number or "all" */
  tail: string;
  since?: string;
  until?: string;
  timestamps: boolean;
}

function tailCount(tail: string): number | undefined {
  if (tail === 'all' || tail === '') return undefined;
  const n = Number(tail);
  if (!Number.isInteger(n)) throw new NerdtsError('usage', `invalid value for --tail: "${tail}" (a number or "all")`);
  return n < 0 ? undefined : n;
}

/** Prints the log; with -f returns once the container has stopped and its output is drained. */
export async function logs(globals: GlobalOptions, o: LogsOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const c = await findContainer(client, o.container);
  const dataStore = dataStorePath(globals);
  const config = readLogConfig(dataStore, globals.namespace, c.id);
  if (!config || config.driver === 'none') {
    throw new NerdtsError('failed-precondition', `configured logging driver does not support reading`,
      { hint: 'the container was created with --log-driver none' });
  }
  const now = Date.now();
  const isRunning = async (): Promise<boolean> => {
    try {
      const s = (await client.tasks.get(c.id)).status;
      return s === TaskStatus.RUNNING || s === TaskStatus.PAUSED || s === TaskStatus.PAUSING;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  await readLogs({
    path: jsonLogPath(dataStore, globals.namespace, c.id, jsonFileLimits(config.opts).logPath),
    lockPath: loggerLockPath(dataStore, globals.namespace, c.id),
    timestamps: o.timestamps, follow: o.follow && await isRunning(),
    stdout: (t) => io.out(t), stderr: (t) => io.err(t), isRunning,
    ...(tailCount(o.tail) !== undefined && { tail: tailCount(o.tail)! }),
    ...(o.since !== undefined && { since: parseLogTime(o.since, now, 'since') }),
    ...(o.until !== undefined && { until: parseLogTime(o.until, now, 'until') }),
  });
}
