// The management groups (`nerdts image ...`, `nerdts ns ...`). A group shows up in help and
// completion once at least one command names it as its `group`.
import { defineGroup } from '../command';

export const container = defineGroup({ name: 'container', summary: 'Manage containers' });
export const image = defineGroup({ name: 'image', summary: 'Manage images' });
export const network = defineGroup({ name: 'network', summary: 'Manage networks' });
export const volume = defineGroup({ name: 'volume', summary: 'Manage volumes' });
export const namespace = defineGroup({ name: 'namespace', aliases: ['ns'], summary: 'Manage containerd namespaces' });
export const system = defineGroup({ name: 'system', summary: 'Manage nerdts' });
export const builder = defineGroup({ name: 'builder', summary: 'Manage builds' });

/** compose's own flags, accepted before or after the subcommand (`compose -f a.yml up -d`). */
export const compose = defineGroup({
  name: 'compose',
  summary: 'Define and run multi-container applications',
  flags: {
    file: { type: 'string[]', short: 'f', complete: 'files', description: 'Compose configuration files' },
    'project-name': { type: 'string', short: 'p', description: 'Project name' },
    'project-directory': { type: 'string', complete: 'directories', description: 'Specify an alternate working directory (default: the path of the, first specified, Compose file)' },
    profile: { type: 'string[]', description: 'Specify a profile to enable' },
    'env-file': { type: 'string[]', complete: 'files', description: 'Specify an alternate environment file' },
  },
});

/** Entry points re-entered by the runtime (OCI hooks), not for people. */
export const internal = defineGroup({ name: 'internal', summary: 'Internal commands run by containerd and runc', hidden: true });
