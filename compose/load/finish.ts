// The last stages on the typed model: profiles, explicitly named services, consistency checks,
// service selection, pruning unused resources, and env_file / label_file resolution.
import type { ComposeHost } from '../host';
import type { BoundModel } from '../model/bind';
import { resolveServiceEnvironment, resolveServiceLabels } from '../model/environment';
import { profilesFor, pruneResources, selectServices, splitByProfiles } from '../model/selection';
import type { Project } from '../model/types';
import { checkConsistency } from '../validate/consistency';
import type { LoadOptions, LoadedModel } from './project';

/** Builds the Project from the bound model as docker compose's loader and post-processing do. */
export function finishProject(loaded: LoadedModel, bound: BoundModel, options: LoadOptions, host: ComposeHost): Project {
  const names = options.services ?? [];
  let profiles = loaded.profiles;
  let { enabled, disabled } = splitByProfiles(bound.services, profiles);
  const extra = profilesFor(names, disabled);
  if (extra.length > 0) {
    profiles = [...profiles, ...extra.filter((p) => !profiles.includes(p))];
    ({ enabled, disabled } = splitByProfiles(bound.services, profiles));
  }
  const project: Project = {
    name: loaded.name, workingDir: loaded.workingDir, composeFiles: loaded.composeFiles, services: enabled,
    disabledServices: disabled, networks: bound.networks, volumes: bound.volumes, secrets: bound.secrets,
    configs: bound.configs, models: bound.models, extensions: bound.extensions, profiles,
    environment: loaded.environment, envFiles: loaded.envFiles, warnings: loaded.warnings,
  };
  for (const s of Object.values(bound.services)) if (s.scale !== undefined && s.deploy) s.deploy.replicas ??= s.scale;
  if (options.consistency !== false) checkConsistency(project);
  ({ enabled: project.services, disabled: project.disabledServices } = selectServices(enabled, disabled, names));
  if (!options.allResources) pruneResources(project);
  const discard = options.discardEnvFiles === true;
  for (const s of Object.values(project.services)) {
    if (options.resolveEnvironment !== false) resolveServiceEnvironment(s, loaded.environment, host, discard);
    resolveServiceLabels(s, host, discard);
  }
  return project;
}
