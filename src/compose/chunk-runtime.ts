// The compose runtime chunk (dist/chunks/compose-runtime.js): up, down, ps, logs, exec, run and
// the other commands that talk to containerd. `compose config` never loads it.
export { up } from './ops/up';
export { build } from './ops/build';
export type { ComposeBuildOptions } from './ops/build';
export type { UpOptions } from './ops/up';
export { down } from './ops/down';
export type { DownOptions } from './ops/down';
export { ps, ls } from './ops/ps';
export type { LsOptions, PsOptions } from './ops/ps';
export { events } from './ops/events';
export type { ComposeEventsOptions } from './ops/events';
export { logs } from './ops/logs';
export type { ComposeLogsOptions } from './ops/logs';
export { manage } from './ops/manage';
export type { ManageOptions, ManageVerb } from './ops/manage';
export { composeExec } from './ops/exec';
export type { ComposeExecOptions } from './ops/exec';
export { composeRun } from './ops/run';
export type { ComposeRunOptions } from './ops/run';
export { composeImages, composePort, composeTop } from './ops/inspect';
export type { ComposeImagesOptions, ComposeListOptions, ComposePortOptions } from './ops/inspect';
export { composePull, composeWait } from './ops/pull-wait';
export type { ComposePullOptions, ComposeWaitOptions } from './ops/pull-wait';
