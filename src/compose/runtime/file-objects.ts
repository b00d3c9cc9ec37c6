// Where a service's secrets and configs come from on the host. `file:` ones are bind-mounted as they
// are; `environment:` and `content:` ones (which docker compose copies into the container) are
// written under the project's state dir, with the reference's uid, gid and mode, and bind-mounted
// read-only the same way.
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileReference, Project } from '../../../compose';
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import { dataStorePath } from '../../store/data-store';

export type FileObjectKind = 'secrets' | 'configs';

/** Owner and mode of a written file (a service's `secrets:`/`configs:` long syntax). */
export interface FileAccess {
  uid: number;
  gid: number;
  mode: number;
}

/** docker compose's defaults for injected files: root, 0444. */
export const DEFAULT_FILE_ACCESS: FileAccess = { uid: 0, gid: 0, mode: 0o444 };

/** The file writes the resolver makes (fakes in tests). */
export interface FileObjectFs {
  mkdir(dir: string): void;
  write(path: string, content: string, access: FileAccess): void;
}

/** Real files: directories 0700 (the mounts need no path to be searchable), content as asked. */
export const nodeFileObjectFs: FileObjectFs = {
  mkdir: (dir) => { mkdirSync(dir, { recursive: true, mode: 0o700 }); },
  write: (path, content, access) => {
    // A new file each time: a running container keeps the content it was created with.
    rmSync(path, { force: true });
    writeFileSync(path, content, { mode: access.mode });
    chownSync(path, access.uid, access.gid);
    chmodSync(path, access.mode);
  },
};

/** The access a reference asks for; uid/gid are strings in the spec. */
export function fileAccessOf(ref: Pick<FileReference, 'uid' | 'gid' | 'mode'> | undefined): FileAccess {
  const id = (v: string | undefined, fallback: number, what: string): number => {
    if (v === undefined || v === '') return fallback;
    if (!/^\d+$/.test(v)) throw new NerdtsError('invalid-argument', `invalid ${what} "${v}": expected a number`, { exitCode: 1 });
    return Number(v);
  };
  return { uid: id(ref?.uid, DEFAULT_FILE_ACCESS.uid, 'uid'), gid: id(ref?.gid, DEFAULT_FILE_ACCESS.gid, 'gid'), mode: ref?.mode ?? DEFAULT_FILE_ACCESS.mode };
}

// One file per distinct access: two services may mount the same secret with different owners.
function writtenName(key: string, a: FileAccess): string {
  const d = DEFAULT_FILE_ACCESS;
  return a.uid === d.uid && a.gid === d.gid && a.mode === d.mode ? key : `${key}.${a.uid}-${a.gid}-${a.mode.toString(8)}`;
}

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
export function fileObjectSource(project: Project, kind: FileObjectKind, key: string, stateDir: string, fs: FileObjectFs,
  access: FileAccess = DEFAULT_FILE_ACCESS): string | undefined {
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
  const path = join(dir, writtenName(key, access));
  fs.write(path, def.content, access);
  return path;
}

/** Where a secret (`/run/secrets/<target>` unless absolute) or config (`/<target>`) appears in the container. */
export function fileObjectTarget(kind: FileObjectKind, source: string, target: string | undefined): string {
  const t = target ?? source;
  if (t.startsWith('/')) return t;
  return kind === 'secrets' ? `/run/secrets/${t}` : `/${t}`;
}

/** MappingContext.fileOf for a project: files written under `stateDir` as needed. */
export function fileObjectResolver(project: Project, stateDir: string, fs: FileObjectFs = nodeFileObjectFs): (kind: FileObjectKind, ref: FileReference) => string | undefined {
  return (kind, ref) => fileObjectSource(project, kind, ref.source, stateDir, fs, fileAccessOf(ref));
}
