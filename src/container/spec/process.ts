// The process to run: command line, working directory and environment from the image config
// with docker's override rules, plus hostname, terminal and the --init wrapper.
import { posix } from 'node:path';
import { NerdtsError } from '../../errors';
import { replaceOrAppendEnv, withDefaultEnv } from './env';
import type { Spec } from './types';

/** The parts of an OCI image config ("config" object) that shape the process. */
export interface ImageProcessConfig {
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  User?: string;
}

export interface CommandOverrides {
  /**
   * --entrypoint: undefined keeps the image's; a string replaces it with that one word ("" clears
   * it and also drops the image's Cmd); an array is taken as-is (compose's list form).
   */
  entrypoint?: string | readonly string[];
  /** Arguments after the image name; when present they replace the image's Cmd. */
  args?: readonly string[];
}

/** The argv docker runs: Entrypoint + Cmd, with overrides applied; throws when nothing is left. */
export function resolveCommand(image: ImageProcessConfig, overrides: CommandOverrides = {}): string[] {
  let entrypoint: readonly string[] | undefined = typeof overrides.entrypoint === 'string'
    ? [overrides.entrypoint] : overrides.entrypoint;
  let cmd: readonly string[] | undefined = overrides.args?.length ? overrides.args : undefined;
  // An explicit entrypoint discards the image's Cmd; only an empty (or absent) one keeps it.
  if (!entrypoint || entrypoint.length === 0) {
    cmd ??= image.Cmd ?? undefined;
    entrypoint ??= image.Entrypoint ?? undefined;
  }
  if (entrypoint?.length === 1 && entrypoint[0] === '') entrypoint = [];
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) {
    throw new NerdtsError('invalid-argument', 'no command specified', { hint: 'give a command after the image name' });
  }
  return argv;
}

/** A clean absolute working directory; docker's error for a relative one. */
export function resolveWorkingDir(workdir: string | undefined, image: ImageProcessConfig): string {
  const dir = workdir || image.WorkingDir || '/';
  if (!dir.startsWith('/')) {
    throw new NerdtsError('invalid-argument', `the working directory '${dir}' is invalid, it needs to be an absolute path`);
  }
  return posix.normalize(dir).replace(/(.)\/+$/, '$1');
}

export interface ImageConfigInput extends CommandOverrides {
  image: ImageProcessConfig;
  /** -w/--workdir */
  workdir?: string;
}

/** Sets args, cwd and the image's environment (over the default PATH). User is set by withUser. */
export function withImageConfig(spec: Spec, input: ImageConfigInput): void {
  spec.process.args = resolveCommand(input.image, input);
  spec.process.cwd = resolveWorkingDir(input.workdir, input.image);
  spec.process.env = replaceOrAppendEnv(spec.process.env, input.image.Env ?? []);
}

// HOST_NAME_MAX in Linux.
const MAX_HOSTNAME_BYTES = 64;

export interface HostnameInput {
  hostname: string;
  domainname?: string;
}

/** Sets the UTS hostname, HOSTNAME (unless the image or user set it) and the NIS domain name. */
export function withHostname(spec: Spec, input: HostnameInput): void {
  if (Buffer.byteLength(input.hostname) > MAX_HOSTNAME_BYTES) {
    throw new NerdtsError('invalid-argument', `hostname ${JSON.stringify(input.hostname)} is too long (maximum ${MAX_HOSTNAME_BYTES} bytes)`);
  }
  spec.hostname = input.hostname;
  withDefaultEnv(spec, 'HOSTNAME', input.hostname);
  // docker sets the domain name through the sysctl, which runc allows in a private UTS namespace.
  if (input.domainname) (spec.linux.sysctl ??= {})['kernel.domainname'] = input.domainname;
}

/** -t: a terminal, and TERM=xterm unless already set. */
export function withTerminal(spec: Spec, tty: boolean): void {
  spec.process.terminal = tty;
  if (tty) withDefaultEnv(spec, 'TERM', 'xterm');
}

export interface InitInput {
  /** Host path of the init binary (tini, docker-init). */
  initPath: string;
  /** Where it appears in the container; defaults to /sbin/<basename>. */
  containerPath?: string;
}

/**
 * --init: bind-mounts the init binary read-only and runs it as `init -- argv`. Like docker, only
 * in a private PID namespace (elsewhere an init already exists). Apply after withImageConfig.
 */
export function withInit(spec: Spec, input: InitInput): void {
  const pidNs = spec.linux.namespaces.find((n) => n.type === 'pid');
  if (!pidNs || pidNs.path) return;
  const target = input.containerPath ?? `/sbin/${posix.basename(input.initPath)}`;
  spec.process.args = [target, '--', ...spec.process.args];
  spec.mounts.push({ destination: target, type: 'bind', source: input.initPath, options: ['bind', 'ro'] });
}
