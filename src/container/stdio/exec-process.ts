// The OCI process of a `docker exec`: the container's own process (env, user, caps) with the
// command, -e/--env-file, -w, -u, -t and --privileged applied.
import { KNOWN_CAPABILITIES } from '../spec/capabilities';
import { replaceOrAppendEnv } from '../spec/env';
import type { Spec } from '../spec';
import { resolveUser } from '../spec/user';

export interface ExecProcessInput {
  command: string[];
  tty: boolean;
  /** Already resolved env entries (env files first, then -e). */
  env: string[];
  workdir?: string;
  user?: string;
  privileged: boolean;
  /** The container's /etc/passwd and /etc/group, for -u by name. */
  passwd?: string;
  group?: string;
}

type Process = Spec['process'];

/** The exec's process, derived from the container's. */
export function execProcess(base: Process, o: ExecProcessInput): Process {
  const proc: Process = { ...base, args: o.command, terminal: o.tty, env: replaceOrAppendEnv(base.env ?? [], o.env) };
  if (o.workdir) proc.cwd = o.workdir;
  if (o.user) {
    const u = resolveUser(o.user, o.passwd, o.group);
    proc.user = { ...base.user, uid: u.uid, gid: u.gid, additionalGids: u.sgids };
  }
  if (o.privileged) {
    const all = [...KNOWN_CAPABILITIES];
    proc.capabilities = { bounding: all, effective: all, permitted: all };
  }
  return proc;
}
