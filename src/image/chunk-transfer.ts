// The image-transfer chunk (dist/chunks/image-transfer.js): commands that move images in or out
// (pull, push, import, save, load, login), with the registry client, HTTP/TLS and compression.
export { pull } from './ops/pull';
export type { PullCommandOptions } from './ops/pull';
export { importCommand } from './ops/archive';
export type { ImportCommandOptions } from './ops/archive';
export { save } from './ops/save';
export type { SaveCommandOptions } from './ops/save';
export { load } from './ops/load';
export type { LoadCommandOptions } from './ops/load';
export { push } from './ops/push';
export type { PushCommandOptions } from './ops/push';
export { login, logout } from './ops/login';
export type { LoginCommandOptions } from './ops/login';
