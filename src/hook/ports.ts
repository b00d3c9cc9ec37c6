// Published ports for the portmap plugin: `<state-dir>/network-config.json` (nerdctl >= 2.1), else
// the deprecated nerdctl/ports annotation. Both use go-cni's PortMapping, whose JSON keys are
// capitalized because the Go struct has no tags.
import { join } from 'node:path';
import type { PortMapping } from '../../cni/types';

interface GoPortMapping { HostPort?: number; ContainerPort?: number; Protocol?: string; HostIP?: string }

function fromGo(list: unknown): PortMapping[] {
  if (!Array.isArray(list)) return [];
  return (list as GoPortMapping[])
    .filter((p) => typeof p?.HostPort === 'number' && typeof p.ContainerPort === 'number')
    .map((p) => ({ hostPort: p.HostPort!, containerPort: p.ContainerPort!, protocol: p.Protocol || 'tcp', hostIP: p.HostIP || '0.0.0.0' }));
}

/** The container's port mappings; [] when it publishes none. */
export function portMappingsOf(stateDir: string, annotations: Readonly<Record<string, string>>,
  readText: (path: string) => string | undefined): PortMapping[] {
  const parse = (text: string | undefined): unknown => { try { return text ? JSON.parse(text) : undefined; } catch { return undefined; } };
  const config = stateDir ? parse(readText(join(stateDir, 'network-config.json'))) as { portMappings?: unknown } | undefined : undefined;
  if (config?.portMappings) return fromGo(config.portMappings);
  return fromGo(parse(annotations['nerdctl/ports']));
}
