// Following one container's json-file log into a LogMux writer (compose logs and attached up).
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { TaskStatus } from '../../containerd/types';
import { isNotFound } from '../../errors';
import { jsonFileLimits, readLogConfig } from '../../logging/config';
import { jsonLogPath, loggerLockPath } from '../../logging/paths';
import { readLogs } from '../../logging/read';
import { dataStorePath } from '../../store/data-store';

export interface FollowOptions {
  follow: boolean;
  tail?: number;
  timestamps: boolean;
  signal?: AbortSignal;
}

/** Prints the container's log through `write`; false when its log driver cannot be read. */
export async function streamLogs(client: ContainerdClient, globals: GlobalOptions, id: string,
  write: { out: (t: string) => void; err: (t: string) => void }, o: FollowOptions): Promise<boolean> {
  const dataStore = dataStorePath(globals);
  const config = readLogConfig(dataStore, globals.namespace, id);
  if (!config || config.driver === 'none') return false;
  const isRunning = async (): Promise<boolean> => {
    try {
      const s = (await client.tasks.get(id)).status;
      return s === TaskStatus.RUNNING || s === TaskStatus.PAUSED || s === TaskStatus.PAUSING;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  await readLogs({
    path: jsonLogPath(dataStore, globals.namespace, id, jsonFileLimits(config.opts).logPath),
    lockPath: loggerLockPath(dataStore, globals.namespace, id),
    timestamps: o.timestamps, follow: o.follow && await isRunning(), isRunning,
    stdout: write.out, stderr: write.err,
    ...(o.tail !== undefined && { tail: o.tail }), ...(o.signal && { signal: o.signal }),
  });
  return true;
}
