// The volume commands, registered in ../index.ts as one list.
import type { Command } from '../../command';
import create from './create';
import inspect from './inspect';
import ls from './ls';
import prune from './prune';
import rm from './rm';

export const volumeCommands: readonly Command[] = [create, ls, inspect, rm, prune];
