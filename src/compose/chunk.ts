// The compose chunk (dist/chunks/compose.js): compose commands over the compose/ loader.
export { config } from './ops/config';
export type { ConfigOptions } from './ops/config';
export type { ComposeProjectFlags } from './ops/project-options';
