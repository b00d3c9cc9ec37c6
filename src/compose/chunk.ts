// The compose chunk (dist/chunks/compose.js): compose commands over the compose/ loader.
export { config } from './ops/config';
export type { ConfigOptions } from './ops/config';
export type { ComposeProjectFlags } from './ops/project-options';
export { up } from './ops/up';
export type { UpOptions } from './ops/up';
export { down } from './ops/down';
export type { DownOptions } from './ops/down';
export { ps, ls } from './ops/ps';
export type { LsOptions, PsOptions } from './ops/ps';
export { logs } from './ops/logs';
export type { ComposeLogsOptions } from './ops/logs';
export { manage } from './ops/manage';
export type { ManageOptions, ManageVerb } from './ops/manage';
