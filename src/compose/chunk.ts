// The compose chunk (dist/chunks/compose.js): `compose config` over the compose/ loader only, so
// it stays lean; the runtime commands live in chunk-runtime.ts (dist/chunks/compose-runtime.js).
import { setFlagsFromString } from 'node:v8';
import type { GlobalOptions } from '../config';
import type { Output } from '../output';
import type { ConfigOptions } from './ops/config';
import { config as runConfig } from './ops/config';

export type { ConfigOptions } from './ops/config';
export type { ComposeProjectFlags } from './ops/project-options';
export { warmUp } from './warm-up';

/** Runs `compose config` (ops/config.ts) in this short-lived process. */
export function config(globals: GlobalOptions, o: ConfigOptions, io: Output): void {
  // One pass over the file ends the process: TurboFan's background compiles finish too late to pay
  // and compete with the main thread for the CPU (-20-25 % wall and CPU on a 50-service file).
  setFlagsFromString('--no-opt');
  runConfig(globals, o, io);
}
