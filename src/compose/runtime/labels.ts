// docker compose's resource names and com.docker.compose.* labels (docker/compose pkg/api/labels.go):
// `ps`, `down`, `ls` and orphan detection find everything through these labels alone.
import type { Project, Service } from '../../../compose';

export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  version: 'com.docker.compose.version',
  replace: 'com.docker.compose.replace',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

/** The docker compose version nerdts reports in its labels. */
export const COMPOSE_VERSION = '2.40.0';

/** `<project>-<service>-<n>`, or the service's container_name. */
export function containerName(project: string, service: Pick<Service, 'name' | 'container_name'>, n: number): string {
  return service.container_name ?? `${project}-${service.name}-${n}`;
}

/** The replica count asked for: --scale, then scale, then deploy.replicas, else 1. */
export function replicas(service: Service, override?: number): number {
  return override ?? service.scale ?? service.deploy?.replicas ?? 1;
}

/** `db:service_healthy:false,cache:service_started:true` (docker compose's depends_on label). */
export function dependsOnLabel(service: Service): string {
  return Object.entries(service.depends_on ?? {}).map(([n, d]) => `${n}:${d.condition}:${d.restart}`).join(',');
}

/** Labels shared by everything a project makes. */
export function projectLabels(project: Pick<Project, 'name' | 'workingDir' | 'composeFiles' | 'envFiles'>): Record<string, string> {
  return {
    [COMPOSE_LABELS.project]: project.name,
    [COMPOSE_LABELS.workingDir]: project.workingDir,
    [COMPOSE_LABELS.configFiles]: project.composeFiles.join(','),
    ...(project.envFiles.length > 0 && { [COMPOSE_LABELS.environmentFile]: project.envFiles.join(',') }),
    [COMPOSE_LABELS.version]: COMPOSE_VERSION,
  };
}

/** Every compose label of a service container; the service's own labels come first and are overridden. */
export function serviceContainerLabels(project: Project, service: Service, n: number, hash: string, imageDigest: string): Record<string, string> {
  return {
    ...service.labels,
    ...projectLabels(project),
    [COMPOSE_LABELS.service]: service.name,
    [COMPOSE_LABELS.number]: String(n),
    [COMPOSE_LABELS.oneoff]: 'False',
    [COMPOSE_LABELS.configHash]: hash,
    [COMPOSE_LABELS.dependsOn]: dependsOnLabel(service),
    [COMPOSE_LABELS.image]: imageDigest,
  };
}

/** Labels of a network or volume the project creates (`kind` is the label naming its key). */
export function resourceLabels(projectName: string, kind: 'network' | 'volume', key: string, own?: Record<string, string>): Record<string, string> {
  return { ...own, [COMPOSE_LABELS.project]: projectName, [COMPOSE_LABELS[kind]]: key, [COMPOSE_LABELS.version]: COMPOSE_VERSION };
}
