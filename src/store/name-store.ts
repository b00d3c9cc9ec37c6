// Container names: names/<ns>/<name> holds the owning container's ID (nerdctl's pkg/namestore).
// Every change happens under the namespace's lock and through an atomic rename, so concurrent
// creates cannot both get a name and a crash never leaves a half-written entry.
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { NerdtsError, invalidArgument } from '../errors';
import { replaceFile } from './atomic-write';
import { withLock } from './lock';

/** docker's container name rule (a leading "/" is stripped by callers). */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Throws docker's error for a name docker would refuse. */
export function validateContainerName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw invalidArgument(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
}

/** docker's conflict error for a taken name. */
export function nameInUse(name: string, ownerId: string): NerdtsError {
  return new NerdtsError('conflict',
    `Conflict. The container name "/${name}" is already in use by container "${ownerId}". `
    + 'You have to remove (or rename) that container to be able to reuse that name.');
}

/** Who holds a name and since when (the entry's mtime). */
export interface NameOwner {
  id: string;
  sinceMs: number;
}

export interface AcquireOptions {
  /**
   * Asked, under the lock, whether an entry held by another ID may be taken over (e.g. its
   * container no longer exists). Default: never.
   */
  reclaim?: (owner: NameOwner) => boolean | Promise<boolean>;
}

export class NameStore {
  readonly dir: string;

  constructor(dataStore: string, readonly namespace: string) {
    this.dir = join(dataStore, 'names', namespace);
  }

  /** The owner of `name`, read without the lock (entries are replaced atomically). */
  owner(name: string): NameOwner | undefined {
    validateContainerName(name);
    const path = join(this.dir, name);
    try {
      const id = readFileSync(path, 'utf8');
      return { id, sinceMs: statSync(path).mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Every name of the namespace with its owner ID. */
  list(): Map<string, string> {
    const out = new Map<string, string>();
    let entries: string[];
    try {
      entries = readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const name of entries) {
      if (!NAME_PATTERN.test(name)) continue; // temp files
      try { out.set(name, readFileSync(join(this.dir, name), 'utf8')); } catch { /* removed meanwhile */ }
    }
    return out;
  }

  /** Gives `name` to `id`; re-acquiring one's own name is a no-op. Throws docker's conflict error. */
  async acquire(name: string, id: string, options: AcquireOptions = {}): Promise<void> {
    validateContainerName(name);
    await this.locked(async () => {
      const owner = this.owner(name);
      // An empty entry is a leftover of a crash between create and write (nerdctl #3357): take it.
      if (owner && owner.id !== '' && owner.id !== id && !(await options.reclaim?.(owner))) {
        throw nameInUse(name, owner.id);
      }
      if (owner?.id !== id) replaceFile(join(this.dir, name), id);
    });
  }

  /** Frees `name` if `id` holds it; returns whether it did (a name held by another ID stays). */
  async release(name: string, id: string): Promise<boolean> {
    if (!NAME_PATTERN.test(name)) return false;
    return this.locked(() => {
      if (this.owner(name)?.id !== id) return false;
      unlinkSync(join(this.dir, name));
      return true;
    });
  }

  /** Moves `id`'s name from `oldName` to `newName`; docker's conflict error when taken. */
  async rename(oldName: string, newName: string, id: string): Promise<void> {
    validateContainerName(newName);
    await this.locked(() => {
      const taken = this.owner(newName);
      if (taken && taken.id !== id) throw nameInUse(newName, taken.id);
      replaceFile(join(this.dir, newName), id);
      if (oldName !== newName && NAME_PATTERN.test(oldName) && this.owner(oldName)?.id === id) {
        unlinkSync(join(this.dir, oldName));
      }
    });
  }

  private locked<T>(fn: () => T | Promise<T>): Promise<T> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return withLock(this.dir, fn);
  }
}
