// The compose commands (compose config, up, down, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';
import config from './config';
import create from './create';
import down from './down';
import logs from './logs';
import ls from './ls';
import { manageCommands } from './manage';
import ps from './ps';
import up from './up';
import version from './version';

export const composeCommands: readonly Command[] = [config, create, down, logs, ls, ps, up, ...manageCommands, version];
