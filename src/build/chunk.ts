// The build chunk (dist/chunks/build.js): `nerdts build`, `builder prune`, and buildImage for compose.
export { buildCommand, builderPrune, commitCommand } from './ops';
export { commitContainer } from './commit';
export type { CommitOptions } from './commit';
export type { BuildCommandOptions } from './ops';
export { buildImage } from './engine';
export type { BuildOptions, BuildResult } from './engine';
export { plainBuildProgress, quietBuildProgress } from './progress';
export type { BuildProgress, BuildVertex } from './progress';
export { warmUp } from './warm-up';
