// The image chunk (dist/chunks/image.js): commands on local images. It must stay lean (no registry,
// HTTP, TLS or compression code): `nerdts images` runs on every shell prompt of some users.
export { images, imageNames } from './ops/images';
export type { ImagesOptions } from './ops/images';
export { rmi, tag, inspect } from './ops/manage';
export { history } from './ops/history';
export type { HistoryCommandOptions } from './ops/history';
export { imagePrune } from './ops/prune';
export type { ImagePruneOptions } from './ops/prune';
