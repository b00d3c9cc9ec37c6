// The compose chunk (dist/chunks/compose.js): `compose config` over the compose/ loader only, so
// it stays lean; the runtime commands live in chunk-runtime.ts (dist/chunks/compose-runtime.js).
export { config } from './ops/config';
export type { ConfigOptions } from './ops/config';
export type { ComposeProjectFlags } from './ops/project-options';
