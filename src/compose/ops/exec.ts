// `nerdts compose exec SERVICE CMD...`: the service's replica (--index) found by labels, then the
// container exec itself (same FIFOs, exit status and 126/127 codes as `nerdts exec`).
import type { GlobalOptions } from '../../config';
import { exec } from '../../container/ops/exec';
import type { Output } from '../../output';
import { serviceReplica } from '../runtime/service-target';
import { connect, projectOrName } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface ComposeExecOptions {
  project: ComposeProjectFlags;
  service: string;
  command: string[];
  /** -T not given and stdin is a terminal. */
  tty: boolean;
  detach: boolean;
  env: string[];
  workdir?: string;
  user?: string;
  privileged: boolean;
  /** --index, 1-based. */
  index?: number;
}

/** Runs `compose exec`; exits with the command's status. */
export async function composeExec(globals: GlobalOptions, o: ComposeExecOptions, io: Output): Promise<void> {
  const { name } = projectOrName(o.project, [], io);
  const client = await connect(globals, io);
  const target = await serviceReplica(client, globals, name, o.service, o.index ?? 1);
  await exec(globals, {
    container: target.id, command: o.command, interactive: !o.detach, tty: o.tty, detach: o.detach,
    env: o.env, envFiles: [], privileged: o.privileged,
    ...(o.workdir !== undefined && { workdir: o.workdir }), ...(o.user !== undefined && { user: o.user }),
  }, io);
}
