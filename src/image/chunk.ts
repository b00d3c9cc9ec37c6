// The image chunk (dist/chunks/image.js): everything image commands run, loaded only when one does.
export { images } from './ops/images';
export type { ImagesOptions } from './ops/images';
export { pull } from './ops/pull';
export type { PullCommandOptions } from './ops/pull';
export { rmi, tag, inspect } from './ops/manage';
export { importCommand } from './ops/archive';
export type { ImportCommandOptions } from './ops/archive';
