// Local volumes, nerdctl's layout: volumes/<ns>/<name>/_data (the mounted directory) and
// volumes/<ns>/<name>/volume.json ({"labels": {...} | null}). Changes happen under the namespace lock.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { withLock } from './lock';

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** docker's error for a volume name the local driver refuses. */
export function validateVolumeName(name: string): void {
  if (!VOLUME_NAME.test(name)) {
    throw invalidArgument(`create ${name}: "${name}" includes invalid characters for a local volume name, `
      + 'only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path');
  }
}

export interface VolumeRecord {
  name: string;
  /** The host directory mounted into containers (<name>/_data). */
  mountpoint: string;
  labels: Record<string, string> | null;
  createdAtMs: number;
}

export class VolumeStore {
  readonly dir: string;

  constructor(dataStore: string, readonly namespace: string) {
    this.dir = join(dataStore, 'volumes', namespace);
  }

  dataPath(name: string): string {
    return join(this.dir, name, '_data');
  }

  /** The volume, or undefined when it does not exist. */
  get(name: string): VolumeRecord | undefined {
    if (!VOLUME_NAME.test(name)) return undefined;
    const meta = join(this.dir, name, 'volume.json');
    let text: string;
    try {
      text = readFileSync(meta, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let labels: Record<string, string> | null = null;
    try {
      labels = (JSON.parse(text) as { labels?: Record<string, string> | null }).labels ?? null;
    } catch {
      // a damaged volume.json still names an existing volume
    }
    const st = statSync(meta);
    return { name, mountpoint: this.dataPath(name), labels, createdAtMs: st.birthtimeMs || st.mtimeMs };
  }

  /** Names of every volume of the namespace. */
  list(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => VOLUME_NAME.test(n));
    } catch {
      return [];
    }
  }

  /** Creates the volume unless it exists; `created` says which happened. */
  async create(name: string, labels: Record<string, string> | null = null): Promise<{ volume: VolumeRecord; created: boolean }> {
    validateVolumeName(name);
    return this.locked(() => {
      const existing = this.get(name);
      if (existing) return { volume: existing, created: false };
      mkdirSync(join(this.dir, name), { recursive: true, mode: 0o700 });
      // docker's _data is world-readable: the container's user, not root, often owns the files.
      mkdirSync(this.dataPath(name), { recursive: true, mode: 0o755 });
      // Written last: a volume exists once volume.json does, so a crash before leaves no volume.
      writeFileAtomic(join(this.dir, name, 'volume.json'), JSON.stringify({ labels }, null, 4));
      return { volume: this.get(name)!, created: true };
    });
  }

  /** Deletes the volume and its data; returns false when it did not exist. */
  async remove(name: string): Promise<boolean> {
    if (!VOLUME_NAME.test(name)) return false;
    return this.locked(() => {
      const path = join(this.dir, name);
      try {
        statSync(path);
      } catch {
        return false;
      }
      rmSync(path, { recursive: true, force: true });
      return true;
    });
  }

  private locked<T>(fn: () => T | Promise<T>): Promise<T> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return withLock(this.dir, fn);
  }
}
