// `nerdts compose down`: the project's containers stopped and removed in reverse dependency order,
// then its networks (and with -v its named volumes); found through labels, so `-p NAME down`
// works without the compose file. External resources are never removed.
import type { Project } from '../../../compose';
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { COMPOSE_LABELS } from '../runtime/labels';
import { projectNetworks, projectVolumes } from '../runtime/ports-of-call';
import { removeProjectState } from '../runtime/file-objects';
import { imagesToPrune, pruneImages, servicesOfContainers } from '../runtime/prune-images';
import type { RmiMode } from '../runtime/prune-images';
import type { ProjectEntry } from '../runtime/project-state';
import { projectContainers } from '../runtime/project-state';
import { progressWriter } from '../runtime/progress';
import { removeNetworks, removeVolumes } from '../runtime/resources';
import { discard, halt } from '../runtime/converge';
import { retireInOrder } from '../runtime/retire-order';
import { connect, projectOrName } from '../runtime/session';
import type { ComposeProjectFlags } from './project-options';

export interface DownOptions {
  project: ComposeProjectFlags;
  removeOrphans: boolean;
  volumes: boolean;
  /** --rmi local|all */
  rmi?: string;
  /** -t seconds */
  timeout?: number;
}

/** Stop levels from the containers' depends_on labels (dependents first). */
export function stopGroups(containers: readonly ProjectEntry[]): ProjectEntry[][] {
  const deps = new Map<string, string[]>();
  for (const c of containers) {
    const label = c.labels[COMPOSE_LABELS.dependsOn] ?? '';
    deps.set(c.service, label ? label.split(',').map((d) => d.split(':')[0]!) : []);
  }
  const depth = new Map<string, number>();
  const level = (s: string, seen: Set<string>): number => {
    if (depth.has(s)) return depth.get(s)!;
    if (seen.has(s)) return 0;
    seen.add(s);
    const d = (deps.get(s) ?? []).filter((x) => deps.has(x)).reduce((m, x) => Math.max(m, level(x, seen) + 1), 0);
    depth.set(s, d);
    return d;
  };
  const groups: ProjectEntry[][] = [];
  for (const c of containers) (groups[level(c.service, new Set())] ??= []).push(c);
  return groups.filter(Boolean).reverse();
}

function declaredNetworks(project: Project | undefined): { remove: string[]; external: Set<string> } {
  if (!project) return { remove: [], external: new Set() };
  const nets = Object.values(project.networks);
  return { remove: nets.filter((n) => !n.external).map((n) => n.name), external: new Set(nets.filter((n) => n.external).map((n) => n.name)) };
}

/** Runs `compose down`. */
export async function down(globals: GlobalOptions, o: DownOptions, io: Output): Promise<void> {
  if (o.rmi !== undefined && o.rmi !== 'local' && o.rmi !== 'all') throw new NerdtsError('invalid-argument', `invalid value for --rmi: "${o.rmi}"`, { exitCode: 1 });
  const rmi = o.rmi as RmiMode | undefined;
  const { name, project } = projectOrName(o.project, [], io);
  const progress = progressWriter((t) => io.err(t), io.stderrIsTTY);
  const client = await connect(globals, io);
  const all = await projectContainers(client, globals, name);
  const known = project ? new Set([...Object.keys(project.services), ...Object.keys(project.disabledServices)]) : undefined;
  // One-off (`compose run`) containers of the project's services go too, as with docker compose.
  const mine = all.filter((c) => o.removeOrphans || !known || known.has(c.service));
  const left = all.filter((c) => !mine.includes(c));
  if (left.length && !o.removeOrphans) {
    progress.warn(`Found orphan containers (${left.map((c) => c.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`);
  }
  const ctx = { client, globals, progress, ...(o.timeout !== undefined && { timeoutSeconds: o.timeout }) };
  // Stopping follows the dependencies (dependents first); each removal follows its own stop.
  await retireInOrder(mine, (c) => halt(ctx, c), (c) => discard(ctx, c, o.volumes));
  // The written secrets and configs go with the last container that mounts them.
  if (left.length === 0 || o.removeOrphans) removeProjectState(globals, name);
  const declared = declaredNetworks(project);
  const labelled = await projectNetworks(client, globals, name);
  const networks = [...new Set([...declared.remove, ...labelled])].filter((n) => !declared.external.has(n));
  await removeNetworks(client, globals, networks, progress);
  let volumes: string[] = [];
  if (o.volumes) {
    const external = new Set(Object.values(project?.volumes ?? {}).filter((v) => v.external).map((v) => v.name));
    volumes = projectVolumes(globals, name).filter((v) => !external.has(v));
    await removeVolumes(globals, volumes, progress);
  }
  if (rmi) {
    const services = project ? Object.values(project.services).map((s) => ({ service: s.name, ...(s.image !== undefined && { image: s.image }) }))
      : servicesOfContainers(name, mine.map((c) => ({ service: c.service, image: c.entry.container.image })));
    await pruneImages(client, imagesToPrune(name, rmi, services), progress);
  }
  if (all.length === 0 && networks.length === 0 && volumes.length === 0 && !rmi) progress.warn(`No resource found to remove for project "${name}".`);
}
