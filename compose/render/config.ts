// What `docker compose config` prints: the project as YAML or JSON, and its list options.
import { startOrder } from '../graph';
import type { Project, Service } from '../model/types';
import type { NodeMap } from '../tree';
import { rawValue } from './doc';
import { toJsonIndent } from './json';
import { projectDoc } from './shape-project';
import { toYaml } from './yaml';

/** Output formats of `compose config`. */
export type ConfigFormat = 'yaml' | 'json';

/** Rendering switches. */
export interface RenderOptions {
  /** `$` becomes `$$` so the output can be loaded again (compose does this unless --no-interpolate). */
  escapeDollars?: boolean;
}

/** The normalized project in docker compose's shape (YAML ends with a newline; JSON does not, as compose). */
export function renderProject(project: Project, format: ConfigFormat = 'yaml', options: RenderOptions = {}): string {
  const doc = projectDoc(project, format);
  const text = format === 'json' ? toJsonIndent(doc) : toYaml(doc);
  return options.escapeDollars === false ? text : text.replaceAll('$', '$$$$');
}

/** A raw model tree (`config --no-interpolate`): every mapping printed with sorted keys. */
export function renderModel(model: NodeMap, format: ConfigFormat = 'yaml'): string {
  const doc = rawValue(model);
  return format === 'json' ? toJsonIndent(doc) : toYaml(doc);
}

/** `--services`: enabled services, dependencies before dependents. */
export function configServices(project: Project): string[] {
  return startOrder(project);
}

/** `--volumes`: declared volumes in use. */
export function configVolumes(project: Project): string[] {
  return Object.keys(project.volumes).sort();
}

/** `--networks`: declared networks in use. */
export function configNetworks(project: Project): string[] {
  return Object.keys(project.networks).sort();
}

/** `--profiles`: every profile any service (enabled or not) declares, sorted. */
export function configProfiles(project: Project): string[] {
  const set = new Set<string>();
  for (const s of [...Object.values(project.services), ...Object.values(project.disabledServices)]) for (const p of s.profiles ?? []) set.add(p);
  return [...set].sort();
}

/** The image a service runs: its `image`, else `<project>-<service>` (the name compose builds). */
export function imageName(service: Service, projectName: string): string {
  return service.image || `${projectName}-${service.name}`;
}

/** `--images`: each service's image, then pre_start hook images that differ from it. */
export function configImages(project: Project): string[] {
  const out: string[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const s = project.services[name]!;
    const image = imageName(s, project.name);
    out.push(image);
    for (const h of s.pre_start ?? []) if (h.image && h.image !== image) out.push(h.image);
  }
  return out;
}
