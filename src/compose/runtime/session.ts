// What every compose runtime command starts with: the project loaded from the group flags (or,
// for commands that work from labels alone, only its name) and one containerd connection.
import type { Project } from '../../../compose';
import { checkProjectName, loadProject, nodeHost } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { openClient } from '../../containerd/open';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import type { ComposeProjectFlags } from '../ops/project-options';
import { printWarnings, projectOptions, withComposeErrors } from '../ops/project-options';

/** Loads the project; `services` limits it to those (and their dependencies); unknown names exit 1 as docker's. */
export function loadRuntimeProject(flags: ComposeProjectFlags, services: readonly string[], io: Output): Project {
  try {
    const project = withComposeErrors(() => loadProject({ ...projectOptions(flags), services: [...services] }, nodeHost()));
    printWarnings(project.warnings, io);
    return project;
  } catch (err) {
    if (err instanceof NerdtsError && /^no such service/.test(err.message)) {
      throw new NerdtsError('not-found', err.message, { exitCode: 1 });
    }
    throw err;
  }
}

/** The project when a compose file is found; with -p and no file, only the name (down, ps ... work from labels). */
export function projectOrName(flags: ComposeProjectFlags, services: readonly string[], io: Output): { name: string; project?: Project } {
  try {
    const project = loadRuntimeProject(flags, services, io);
    return { name: project.name, project };
  } catch (err) {
    const noFile = err instanceof NerdtsError && err.code === 'not-found' && err.exitCode === 14;
    if (!noFile || flags.projectName === undefined || flags.files.length > 0) throw err;
    withComposeErrors(() => checkProjectName(flags.projectName!));
    return { name: flags.projectName };
  }
}

/** One containerd connection for the whole command. */
export function connect(globals: GlobalOptions, io: Output): Promise<ContainerdClient> {
  return openClient(globals, (l) => io.err(`${l}\n`));
}
