// The container commands (run, create, ps, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';

export const containerCommands: readonly Command[] = [];
