// The container chunk (dist/chunks/container.js): what container commands run.
export { create, run } from './ops/run';
export type { CreateCommandOptions, RunCommandOptions } from './ops/run';
export { start, stop, restart, kill, rm, pause, unpause, wait, rename } from './ops/manage';
export { ps, containerNames } from './ops/ps';
export type { PsOptions } from './ops/ps';
export { inspect } from './ops/inspect';
export type { InspectOptions } from './ops/inspect';
export { logs } from './ops/logs';
export type { LogsOptions } from './ops/logs';
export { top } from './ops/top';
export type { TopOptions } from './ops/top';
export { stats } from './ops/stats';
export type { StatsOptions } from './ops/stats';
export { update } from './ops/update';
export type { UpdateCommandOptions } from './ops/update';
