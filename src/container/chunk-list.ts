// The listing chunk (dist/chunks/container-list.js): `ps` and container-name completion only, so
// the command users type most does not compile run, exec, cp, stats and networking code.
export { ps, containerNames } from './ops/ps';
export type { PsOptions } from './ops/ps';
