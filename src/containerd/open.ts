// Opening the client from the global options: the one place that decides autostart and where its
// notice goes.
import type { GlobalOptions } from '../config';
import { connectContainerd } from './client';
import type { ContainerdClient } from './client';

/** Connects as the global options say; `notice` receives the one line printed if containerd had to be started. */
export function openClient(globals: GlobalOptions, notice: (line: string) => void, namespace = globals.namespace): Promise<ContainerdClient> {
  return connectContainerd({
    address: globals.address,
    namespace,
    dataRoot: globals.dataRoot,
    log: notice,
    ...(globals.autostartContainerd ? {} : { autostart: false }),
  });
}
