// nerdts compose library: a pure compose-spec loader. Text in, typed Project out; file access and
// the environment come through a ComposeHost (nodeHost() for the real system).

export type { ComposeHost } from './host';
export { nodeHost } from './node-host';
export type { ComposeErrorKind, ComposeWarning, ErrorLocation } from './errors';
export { ComposeError, isComposeError } from './errors';

export type { LoadOptions, LoadedModel } from './load/project';
export { loadModel, loadProject } from './load/project';
export type { ProjectOptions, ResolvedOptions } from './load/options';
export { resolveOptions } from './load/options';
export { DEFAULT_FILE_NAMES, OVERRIDE_FILE_NAMES, findDefaultFiles } from './load/files';
export { checkProjectName, normalizeProjectName } from './load/project-name';

export type * from './model/types';

export type { ConfigFormat, RenderOptions } from './render/config';
export {
  configImages, configNetworks, configProfiles, configServices, configVolumes, imageName, renderModel, renderProject,
} from './render/config';
export { configHashes, serviceConfigHash, serviceHashInput } from './render/hash';
export { dependencyLevels, dependents, findCycle, startOrder, stopLevels } from './graph';

export type { Lookup } from './env/template';
export { substitute } from './env/template';
export { parseDotEnv } from './env/dotenv';
export { parsePortSpec } from './transform/ports';
export { parseVolumeSpec } from './transform/volumes';
export { formatDuration, parseBytes, parseDuration } from './units';
export { splitShellWords } from './shellwords';
export type { Node, NodeMap } from './tree';
