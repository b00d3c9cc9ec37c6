// The stdio of a task started without a follower (start, restart, compose): what `run -d` gives it.
// A container created with -i keeps a stdin FIFO that its logger holds open, so a later `attach`
// can type into it, as docker keeps OpenStdin containers' stdin open after `docker start`.
import type { GlobalOptions } from '../../config';
import type { Container } from '../../containerd/services/containers';
import { dataStorePath } from '../../store/data-store';
import { LABELS } from '../labels';
import type { StartAttach } from '../lifecycle';
import { stateDirOf } from '../task-state';
import { readStdioConfig } from './paths';
import { bundleDirOf, prepareTaskStdio, spawnFifoLogger, type TaskStdio } from './task-stdio';

/** Task wiring for a detached start: the recorded -i/-t decide the stdin FIFO (none for other containers). */
export function detachedStdio(globals: GlobalOptions): StartAttach {
  const dataStore = dataStorePath(globals);
  let stdio: TaskStdio | undefined;
  return {
    io(c: Container) {
      const stateDir = stateDirOf(c, dataStore, globals.namespace);
      const config = readStdioConfig(stateDir);
      stdio = prepareTaskStdio(stateDir, c.labels[LABELS.logUri], { interactive: Boolean(config?.interactive), tty: Boolean(config?.tty) });
      return { stdin: stdio.stdin, stdout: stdio.stdout, stderr: stdio.stderr };
    },
    async beforeStart(c: Container) {
      if (!stdio?.fds) return;
      spawnFifoLogger({ fds: stdio.fds, logUri: c.labels[LABELS.logUri]!, namespace: globals.namespace, id: c.id,
        stateDir: stateDirOf(c, dataStore, globals.namespace), bundleDir: bundleDirOf(globals.namespace, c.id) });
    },
  };
}
