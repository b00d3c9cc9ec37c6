// The project's networks and volumes: created before containers (`<project>_<key>` unless named),
// checked when external, removed by down (never external ones).
import type { Project } from '../../../compose';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { NerdtsError } from '../../errors';
import { resourceLabels } from './labels';
import { ensureNetwork, ensureVolume, networkExists, removeNetwork, removeVolume, volumeExists } from './ports-of-call';
import type { Progress } from './progress';

/** Networks used by the given services (keys), the implicit default included. */
export function usedNetworks(project: Project, services: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const n of services) {
    const s = project.services[n];
    if (!s || s.network_mode !== undefined) continue;
    for (const k of Object.keys(s.networks ?? { default: null })) keys.add(k);
  }
  return [...keys].sort();
}

/** Named volumes used by the given services (keys). */
export function usedVolumes(project: Project, services: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const n of services) {
    for (const v of project.services[n]?.volumes ?? []) if (v.type === 'volume' && v.source && project.volumes[v.source]) keys.add(v.source);
  }
  return [...keys].sort();
}

/** Creates (or checks, when external) the networks and volumes the services need. */
export async function ensureResources(client: ContainerdClient, globals: GlobalOptions, project: Project, services: readonly string[], progress: Progress): Promise<void> {
  for (const key of usedNetworks(project, services)) {
    const net = project.networks[key] ?? { name: `${project.name}_${key}` };
    if (net.external) {
      if (!(await networkExists(client, globals, net.name))) {
        throw new NerdtsError('not-found', `network ${net.name} declared as external, but could not be found`);
      }
      continue;
    }
    const r = await ensureNetwork(client, globals, {
      name: net.name, labels: resourceLabels(project.name, 'network', key, net.labels),
      ...(net.driver && { driver: net.driver }), ...(net.driver_opts && { driverOpts: net.driver_opts }),
      ...(net.internal && { internal: true }),
      ...(net.ipam?.config && { subnets: net.ipam.config.map((c) => ({ ...(c.subnet && { subnet: c.subnet }), ...(c.gateway && { gateway: c.gateway }), ...(c.ip_range && { ipRange: c.ip_range }) })) }),
    });
    if (r === 'created') { progress.working('Network', net.name, 'Creating'); progress.done('Network', net.name, 'Created'); }
  }
  for (const key of usedVolumes(project, services)) {
    const vol = project.volumes[key]!;
    if (vol.external) {
      if (!volumeExists(globals, vol.name)) throw new NerdtsError('not-found', `external volume "${vol.name}" not found`);
      continue;
    }
    if (await ensureVolume(globals, vol.name, resourceLabels(project.name, 'volume', key, vol.labels)) === 'created') {
      progress.working('Volume', vol.name, 'Creating');
      progress.done('Volume', vol.name, 'Created');
    }
  }
}

/** Removes networks by engine name ("Removed" for those that existed). */
export async function removeNetworks(client: ContainerdClient, globals: GlobalOptions, names: readonly string[], progress: Progress): Promise<void> {
  for (const name of names) {
    progress.working('Network', name, 'Removing');
    try {
      if (await removeNetwork(client, globals, name)) progress.done('Network', name, 'Removed');
    } catch (err) {
      // docker compose reports a network still in use and goes on
      progress.failed('Network', name, 'Error');
      progress.warn(err instanceof Error ? err.message : String(err));
    }
  }
}

/** Removes volumes by name. */
export async function removeVolumes(globals: GlobalOptions, names: readonly string[], progress: Progress): Promise<void> {
  for (const name of names) {
    progress.working('Volume', name, 'Removing');
    if (await removeVolume(globals, name)) progress.done('Volume', name, 'Removed');
  }
}
