// The service dependency graph: start order in parallel "levels", reverse order for stopping,
// and cycle detection (deterministic: names are visited in sorted order, as compose-go does).
import { ComposeError } from './errors';
import type { Project, Service } from './model/types';

type Services = Readonly<Record<string, Service>>;

function deps(s: Service, services: Services): string[] {
  return Object.keys(s.depends_on ?? {}).filter((d) => Object.hasOwn(services, d)).sort();
}

/** The first dependency cycle, as `a -> b -> a`, or undefined. */
export function findCycle(services: Services): string | undefined {
  const names = Object.keys(services).sort();
  const done = new Set<string>();
  const search = (path: string[]): string | undefined => {
    const last = path[path.length - 1]!;
    for (const d of deps(services[last]!, services)) {
      const i = path.indexOf(d);
      if (i >= 0) return [...path.slice(i), d].join(' -> ');
      if (done.has(d)) continue;
      const found = search([...path, d]);
      if (found) return found;
    }
    done.add(last);
    return undefined;
  };
  for (const n of names) {
    if (done.has(n)) continue;
    const found = search([n]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Services grouped in start levels: level 0 depends on nothing, each later level only on earlier
 * ones, so a level can start in parallel. Names are sorted within a level. `only` limits the
 * result to those services and their dependencies.
 */
export function dependencyLevels(project: Pick<Project, 'services'>, only?: readonly string[]): string[][] {
  const services = project.services;
  const wanted = new Set<string>();
  const add = (n: string): void => {
    if (wanted.has(n) || !Object.hasOwn(services, n)) return;
    wanted.add(n);
    for (const d of deps(services[n]!, services)) add(d);
  };
  for (const n of only ?? Object.keys(services)) add(n);
  const cycle = findCycle(services);
  if (cycle) throw new ComposeError(`dependency cycle detected: ${cycle}`);
  const level = new Map<string, number>();
  const depth = (n: string): number => {
    const known = level.get(n);
    if (known !== undefined) return known;
    const d = deps(services[n]!, services).reduce((m, x) => Math.max(m, depth(x) + 1), 0);
    level.set(n, d);
    return d;
  };
  const levels: string[][] = [];
  for (const n of [...wanted].sort()) (levels[depth(n)] ??= []).push(n);
  return levels.filter((l) => l !== undefined);
}

/** Levels for stopping: dependents first (the start levels reversed). */
export function stopLevels(project: Pick<Project, 'services'>, only?: readonly string[]): string[][] {
  return dependencyLevels(project, only).reverse();
}

/** Service names in a valid start order (dependencies first). */
export function startOrder(project: Pick<Project, 'services'>, only?: readonly string[]): string[] {
  return dependencyLevels(project, only).flat();
}

/** Services that depend on `name` (directly). */
export function dependents(project: Pick<Project, 'services'>, name: string): string[] {
  return Object.values(project.services).filter((s) => s.depends_on && Object.hasOwn(s.depends_on, name)).map((s) => s.name).sort();
}
