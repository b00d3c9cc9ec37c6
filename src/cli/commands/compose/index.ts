// The compose commands (compose config, up, down, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';
import config from './config';
import version from './version';

export const composeCommands: readonly Command[] = [config, version];
