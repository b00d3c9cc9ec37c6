// What `up` does to each service's containers (pure): create the missing replicas, recreate those
// whose config hash or image changed, start stopped ones, leave running ones alone, remove the
// replicas above the wanted scale (highest number first), and the orphans.
import type { ContainerState } from '../../container/status';

/** A container the project already has, as read back from its labels. */
export interface ProjectContainer {
  id: string;
  name: string;
  service: string;
  /** com.docker.compose.container-number (0 when missing). */
  number: number;
  hash: string;
  imageDigest: string;
  state: ContainerState;
  oneoff: boolean;
  createdMs: number;
  /** Every label (working_dir, config_files, ...). */
  labels: Readonly<Record<string, string>>;
}

export type ContainerAction =
  | { kind: 'create'; number: number }
  | { kind: 'recreate'; number: number; container: ProjectContainer }
  | { kind: 'start'; container: ProjectContainer }
  | { kind: 'keep'; container: ProjectContainer }
  | { kind: 'remove'; container: ProjectContainer };

export type RecreatePolicy = 'diverged' | 'force' | 'never';

/** What the model wants of one service. */
export interface DesiredService {
  name: string;
  replicas: number;
  hash: string;
  /** Image ID the containers should run; undefined when not known (no recreate on image). */
  imageDigest?: string;
}

/** The actions for one service, in number order (removals last). */
export function planService(want: DesiredService, existing: readonly ProjectContainer[], policy: RecreatePolicy): ContainerAction[] {
  const mine = existing.filter((c) => c.service === want.name && !c.oneoff).sort((a, b) => a.number - b.number || a.createdMs - b.createdMs);
  const kept = mine.slice(0, want.replicas);
  const extra = mine.slice(want.replicas).reverse();
  const actions: ContainerAction[] = kept.map((c): ContainerAction => {
    const diverged = c.hash !== want.hash || (want.imageDigest !== undefined && c.imageDigest !== '' && c.imageDigest !== want.imageDigest);
    if (policy === 'force' || (policy === 'diverged' && diverged)) return { kind: 'recreate', number: c.number || 1, container: c };
    return c.state === 'running' || c.state === 'restarting' || c.state === 'paused' ? { kind: 'keep', container: c } : { kind: 'start', container: c };
  });
  const used = new Set(kept.map((c) => c.number));
  let next = Math.max(0, ...mine.map((c) => c.number));
  for (let i = kept.length; i < want.replicas; i++) {
    // Numbers left free by removed containers are reused first, then new ones after the maximum.
    let n = 1;
    while (used.has(n) && n <= next) n++;
    if (used.has(n)) n = ++next;
    used.add(n);
    next = Math.max(next, n);
    actions.push({ kind: 'create', number: n });
  }
  return [...actions, ...extra.map((c): ContainerAction => ({ kind: 'remove', container: c }))];
}

/** Project containers whose service is not in the model (one-off `run` containers are not orphans for up). */
export function orphans(existing: readonly ProjectContainer[], services: ReadonlySet<string>): ProjectContainer[] {
  return existing.filter((c) => !c.oneoff && !services.has(c.service));
}
