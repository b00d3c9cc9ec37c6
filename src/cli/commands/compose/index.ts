// The compose commands (compose config, up, down, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';
import build from './build';
import config from './config';
import create from './create';
import down from './down';
import events from './events';
import { exec, run } from './exec-run';
import logs from './logs';
import ls from './ls';
import { manageCommands } from './manage';
import ps from './ps';
import { images, port, pull, top, wait } from './query';
import up from './up';
import version from './version';

export const composeCommands: readonly Command[] = [build, config, create, down, events, logs, ls, ps, up, ...manageCommands, version,
  exec, run, images, port, pull, top, wait];
