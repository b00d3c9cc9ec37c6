// Where a service's secrets and configs come from on the host. `file:` ones are bind-mounted as they
// are; `environment:` and `content:` ones (which docker compose copies into the container) are
// written under the project's state dir and bind-mounted read-only the same way.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../../compose';
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import { dataStorePath } from '../../store/data-store';

export type FileObjectKind = 'secrets' | 'configs';

/** The file writes the resolver makes (fakes in tests). */
export interface FileObjectFs {
  mkdir(dir: string): void;
  write(path: string, content: string): void;
}

/** Real files: directories 0700, content 0444 (docker compose's default mode for injected files). */
export const nodeFileObjectFs: FileObjectFs = {
  mkdir: (dir) => { mkdirSync(dir, { recursive: true, mode: 0o700 }); },
  write: (path, content) => {
    // A new file each time: a running container keeps the content it was created with.
    rmSync(path, { force: true });
    writeFileSync(path, content, { mode: 0o444 });
    chmodSync(path, 0o444);
  },
};

/** `<data store>/compose/<namespace>/<project>`: files the project's containers mount. */
export function projectStateDir(globals: Pick<GlobalOptions, 'dataRoot' | 'address' | 'namespace'>, project: string): string {
  return join(dataStorePath(globals), 'compose', globals.namespace, project);
}

/** Removes the project's state dir (down). */
export function removeProjectState(globals: Pick<GlobalOptions, 'dataRoot' | 'address' | 'namespace'>, project: string): void {
  rmSync(projectStateDir(globals, project), { recursive: true, force: true });
}

const singular = (kind: FileObjectKind): string => kind.slice(0, -1);

/**
 * The host path to mount for a secret or config, or undefined when its content is empty (docker
 * compose then mounts nothing). Throws when an `environment:` variable is unset.
 */
export function fileObjectSource(project: Project, kind: FileObjectKind, key: string, stateDir: string, fs: FileObjectFs): string | undefined {
  const def = project[kind][key];
  if (!def) throw new NerdtsError('invalid-argument', `${singular(kind)} "${key}" is not defined`);
  if (def.file !== undefined) return def.file;
  if (def.external) {
    throw new NerdtsError('unimplemented', `${singular(kind)} "${key}": external ${kind} are not supported`,
      { hint: `give the ${singular(kind)} a \`file:\`, \`environment:\`${kind === 'configs' ? ' or `content:`' : ''}` });
  }
  if (def.environment !== undefined && def.content === undefined) {
    throw new NerdtsError('invalid-argument', `environment variable "${def.environment}" required by ${singular(kind)} "${def.name}" is not set`,
      { hint: `set ${def.environment} in the shell or the project's .env file` });
  }
  if (!def.content) return undefined;
  const dir = join(stateDir, kind);
  fs.mkdir(dir);
  const path = join(dir, key);
  fs.write(path, def.content);
  return path;
}

/** Where a secret (`/run/secrets/<target>` unless absolute) or config (`/<target>`) appears in the container. */
export function fileObjectTarget(kind: FileObjectKind, source: string, target: string | undefined): string {
  const t = target ?? source;
  if (t.startsWith('/')) return t;
  return kind === 'secrets' ? `/run/secrets/${t}` : `/${t}`;
}

/** MappingContext.fileOf for a project: files written under `stateDir` as needed. */
export function fileObjectResolver(project: Project, stateDir: string, fs: FileObjectFs = nodeFileObjectFs): (kind: FileObjectKind, key: string) => string | undefined {
  return (kind, key) => fileObjectSource(project, kind, key, stateDir, fs);
}
