// The compose commands (compose config, up, down, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';

export const composeCommands: readonly Command[] = [];
