// Turns command-line style options into what the loader needs, in docker compose's order: shell
// environment, env files (.env), COMPOSE_FILE, default file lookup, env files again (the project
// directory may have moved), COMPOSE_PROFILES, -p. (docker compose cmd/compose/compose.go.)
import { posix } from 'node:path';
import { mergeMissing, readEnvFiles } from '../env/env-files';
import type { ComposeWarning } from '../errors';
import { ComposeError } from '../errors';
import type { ComposeHost } from '../host';
import { absolutePath } from '../transform/paths';
import { findDefaultFiles } from './files';
import { checkProjectName } from './project-name';

/** The options of `docker compose` that decide what is loaded. */
export interface ProjectOptions {
  /** `-f` values in order; `-` reads `stdin`. Default: COMPOSE_FILE, else lookup from the project dir. */
  files?: string[];
  /** Text of the file given as `-`. */
  stdin?: string;
  /** `--project-directory`. */
  projectDirectory?: string;
  /** `-p`. */
  projectName?: string;
  /** `--profile` values (default: COMPOSE_PROFILES). */
  profiles?: string[];
  /** `--env-file` values (default: COMPOSE_ENV_FILES, else `<project dir>/.env`). */
  envFiles?: string[];
}

/** What resolveOptions decided: files, directory, environment, profiles, name. */
export interface ResolvedOptions {
  files: string[];
  workingDir: string;
  environment: Record<string, string>;
  envFiles: string[];
  profiles: string[];
  /** Set when -p or COMPOSE_PROJECT_NAME gave the name (it is then validated, not normalized). */
  imperativeName?: string;
  warnings: ComposeWarning[];
}

function truthy(v: string): boolean {
  if (/^(1|t|T|TRUE|true|True)$/.test(v)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(v)) return false;
  throw new ComposeError(`invalid boolean value "${v}" for COMPOSE_DISABLE_ENV_FILE`);
}

/** Resolves files, project directory, environment and profiles without loading the model. */
export function resolveOptions(options: ProjectOptions, host: ComposeHost): ResolvedOptions {
  const cwd = host.cwd();
  const shell: Record<string, string> = {};
  const hostEnv = host.env();
  for (const k of Object.keys(hostEnv)) { const v = hostEnv[k]; if (v !== undefined) shell[k] = v; }
  const home = shell.HOME;
  const env: Record<string, string> = { ...shell };
  if (env.PWD === undefined) env.PWD = cwd;
  const warnings: ComposeWarning[] = [];
  const projectDir = options.projectDirectory ? absolutePath(options.projectDirectory, cwd, home) : undefined;
  let files = (options.files ?? []).map((f) => (f === '-' ? f : absolutePath(f, cwd, home)));
  const explicitEnv = options.envFiles?.length ? options.envFiles : (shell.COMPOSE_ENV_FILES ?? '').split(',').filter((f) => f !== '');
  const envFiles = explicitEnv.map((f) => absolutePath(f, cwd, home));
  const workingDir = (): string => projectDir ?? (files.find((f) => f !== '-') ? posix.dirname(files.find((f) => f !== '-')!) : cwd);
  const loadDotEnv = (): string[] => {
    const list = envFiles.length > 0 ? envFiles : defaultDotEnv(workingDir(), shell, host);
    mergeMissing(env, readEnvFiles(list, shell, host));
    return list;
  };
  loadDotEnv();
  if (files.length === 0 && env.COMPOSE_FILE !== undefined) files = composeFileEnv(env, cwd, home, host);
  if (files.length === 0) files = findDefaultFiles(workingDir(), host, (m) => warnings.push({ message: m }));
  if (files.length === 0) throw new ComposeError('no configuration file provided: not found', {}, { kind: 'not-found' });
  const used = loadDotEnv();
  const profiles = options.profiles?.length ? options.profiles : (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim());
  const imperative = options.projectName || env.COMPOSE_PROJECT_NAME || undefined;
  if (options.projectName) checkProjectName(options.projectName);
  return {
    files, workingDir: workingDir(), environment: env, envFiles: used, profiles: profiles.filter((p) => p !== ''),
    ...(imperative !== undefined ? { imperativeName: imperative } : {}), warnings,
  };
}

function defaultDotEnv(dir: string, shell: Record<string, string>, host: ComposeHost): string[] {
  if (shell.COMPOSE_DISABLE_ENV_FILE !== undefined && truthy(shell.COMPOSE_DISABLE_ENV_FILE)) return [];
  const f = posix.join(dir, '.env');
  return host.exists(f) === 'file' ? [f] : [];
}

/** COMPOSE_FILE, split on COMPOSE_PATH_SEPARATOR (default `:`); every file must exist. */
function composeFileEnv(env: Record<string, string>, cwd: string, home: string | undefined, host: ComposeHost): string[] {
  const sep = env.COMPOSE_PATH_SEPARATOR || ':';
  return env.COMPOSE_FILE!.split(sep).map((f) => {
    if (f === '-') return f;
    const abs = absolutePath(f, cwd, home);
    if (host.exists(abs) === undefined) throw new ComposeError(`stat ${abs}: no such file or directory`, { file: abs }, { kind: 'not-found' });
    return abs;
  });
}
