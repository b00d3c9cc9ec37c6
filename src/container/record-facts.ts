// What `ps` reads from a container record's files (PORTS, health, the state dir), whatever its task,
// so the listing can read it while Tasks.List is still on its way.
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../config';
import type { Container } from '../containerd/services/containers';
import { dataStorePath } from '../store/data-store';
import { type HealthFilterValue, type HealthLocation, healthFilterValue } from './health/query';
import { LABELS } from './labels';
import { psPorts } from './port-view';
import { stateDirOf } from './task-state';

/** A file's text; undefined when it cannot be read. */
export const readText = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };

/**
 * Listings up to this size read every record's ports and health while Tasks.List is on its way;
 * bigger ones (mostly stopped containers, whose reads would be wasted) read them for shown rows only.
 */
export const EARLY_READS_LIMIT = 100;

/** What ps reads from a record's files, whatever its task. */
export class RecordFacts {
  private storePath: string | undefined;
  private readonly where: HealthLocation;

  constructor(private readonly globals: GlobalOptions) {
    const facts = this;
    this.where = { get dataStore(): string { return facts.store(); }, namespace: globals.namespace };
  }

  // The data store path costs a realpath and a hash, and records made by nerdts or nerdctl name their
  // state dir in a label: it is worked out only for a record without one or with a healthcheck.
  private store(): string {
    return (this.storePath ??= dataStorePath(this.globals));
  }

  stateDir(c: Container): string {
    return c.labels[LABELS.stateDir] || stateDirOf(c, this.store(), this.globals.namespace);
  }

  /** PORTS while the container runs (it shows nothing otherwise). */
  ports(c: Container): string {
    return psPorts(c, this.stateDir(c), true, readText);
  }

  health(c: Container): HealthFilterValue {
    return healthFilterValue(c, this.where);
  }

  early(c: Container): { ports: string; health: HealthFilterValue } {
    return { ports: this.ports(c), health: this.health(c) };
  }
}
