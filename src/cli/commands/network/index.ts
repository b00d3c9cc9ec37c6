// The network commands (create, ls, inspect, rm, prune, connect, disconnect), registered in
// ../index.ts as one list. Their work lives in src/network/ops.ts (in the container chunk).
import type { Command } from '../../command';
import connect from './connect';
import create from './create';
import disconnect from './disconnect';
import inspect from './inspect';
import ls from './ls';
import prune from './prune';
import rm from './rm';

export const networkCommands: readonly Command[] = [create, ls, inspect, rm, prune, connect, disconnect];
